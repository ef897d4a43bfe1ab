// Spans pushed by hand to the real server (issue 11: the server checks a pushed span and
// takes it whole when it may): a span under another user's actor, one past a seq gap, one
// whose header claims more changes than its bytes hold are refused with nothing stored; a
// span one change of which writes where its author may not is held, that change taking no
// effect (doc/rights.cpp), the changes around it taking theirs. Both engines.
#include <doctest/doctest.h>

#include "core/server_connection.h"
#include "doc/change_spans.h"
#include "doc/history_apply.h"
#include "doc/local_edit.h"
#include "server_fixture.h"
#include "util/errors.h"

using rs::test::OfficeAndZhang;

namespace {

using namespace rs;

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(char(v & 0x7f | 0x80));
    v >>= 7;
  }
  out.push_back(char(v));
}

uint64_t getVarint(std::string_view s, size_t& at) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    REQUIRE(at < s.size());
    uint8_t b = uint8_t(s[at++]);
    v |= uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
}

// A one-span history whose span header claims `count` changes, its bytes otherwise as
// encoded (layout: doc/change_spans.h).
std::string withClaimedCount(const std::string& span, uint64_t count) {
  size_t at = 1;  // format byte
  uint64_t actors = getVarint(span, at);
  at += 16 * actors;
  getVarint(span, at);  // first seq
  size_t countAt = at;
  getVarint(span, at);
  std::string forged = span.substr(0, countAt);
  putVarint(forged, count);
  forged += span.substr(at);
  std::string history = "RSH\x01";
  putVarint(history, 1);
  putVarint(history, forged.size());
  return history + forged;
}

struct Pusher {
  core::ServerConnection conn;
  doc::Document doc;  // the report as pulled, plus what this pusher made
  uint64_t cursor = 0;

  Pusher(const OfficeAndZhang& f, const std::string& user) : conn(f.server->url(), "") {
    conn.login(user, rs::test::kFixturePassword);
  }
  void pullAll(const std::string& id) {
    for (bool more = true; more;) {
      core::PullPage page = conn.pull(id, cursor, 1000, 0);
      doc::applyHistory(doc, page.changeHistory);
      cursor = page.lastSeq;
      more = page.more;
    }
  }
  // One change per text, each inserting it at the start of section `number`, by `actor`
  // under the label `author`: consecutive changes of one actor, so one span.
  std::vector<doc::Change> type(const crdt::ActorId& actor, const std::string& author,
                                const std::vector<std::pair<int, std::u32string>>& texts) {
    std::vector<doc::Change> out;
    for (const auto& [number, text] : texts) {
      doc::LocalEdit e(doc, actor, author, 0);
      e.insertText(*doc.sectionByNumber({number}), 0, text);
      out.push_back(e.finish());
    }
    return out;
  }
  std::string history(std::span<const doc::Change> changes) {
    std::vector<std::string> spans = doc::encodeSpans(changes, doc.actors());
    REQUIRE(spans.size() == 1);
    std::vector<std::string_view> views{spans[0]};
    return doc::joinSpans(views);
  }
};

crdt::ActorId actorOf(uint8_t tag) {
  crdt::ActorId a{};
  a[0] = 0xf5;
  a[15] = tag;
  return a;
}

size_t count(const std::vector<core::PushOutcome>& outcomes, core::PushOutcome::Status s) {
  size_t n = 0;
  for (const auto& o : outcomes) n += o.status == s;
  return n;
}

// Section `number`'s text as a fresh replica pulling everything sees it.
std::u32string pulledText(const OfficeAndZhang& f, int number) {
  Pusher reader(f, "office");
  reader.pullAll(f.id);
  return reader.doc.section(*reader.doc.sectionByNumber({number}))->text.text();
}

}  // namespace

TEST_CASE("forged spans pushed by hand are refused and nothing is stored") {
  OfficeAndZhang f;
  Pusher zhang(f, "zhang");
  zhang.pullAll(f.id);
  const crdt::ActorId mine = actorOf(1);
  // A good span first: zhang's own actor, three changes, taken whole.
  std::vector<doc::Change> good = zhang.type(mine, "zhang", {{1, U"甲"}, {1, U"乙"}, {1, U"丙"}});
  auto outcomes = zhang.conn.pushHistory(f.id, zhang.history(good), mine);
  CHECK(count(outcomes, core::PushOutcome::kAccepted) == 3);
  const uint64_t held = zhang.conn.report(f.id).lastSeq;
  const std::u32string text = pulledText(f, 1);
  CHECK(text.rfind(U"丙乙甲", 0) == 0);

  SUBCASE("a span under another user's actor") {
    Pusher office(f, "office");
    office.pullAll(f.id);
    std::vector<doc::Change> next = office.type(mine, "office", {{1, U"冒"}, {1, U"充"}});
    // Declared as the office's own actor: it is verified as zhang's.
    auto asOwn = office.conn.pushHistory(f.id, office.history(next), mine);
    CHECK(count(asOwn, core::PushOutcome::kRejected) == 2);
    CHECK(asOwn[0].reason.find("another user") != std::string::npos);
    // Forwarded under the office's label: still zhang's actor.
    auto forwarded = office.conn.pushHistory(f.id, office.history(next));
    CHECK(count(forwarded, core::PushOutcome::kRejected) == 2);
  }
  SUBCASE("a span past a seq gap") {
    std::vector<doc::Change> next = zhang.type(mine, "zhang", {{1, U"一"}, {1, U"二"}, {1, U"三"}});
    // Seqs 5 and 6 without 4: their first depends on a change the server never saw.
    auto gap = zhang.conn.pushHistory(
        f.id, zhang.history(std::span<const doc::Change>(next).subspan(1)), mine);
    REQUIRE(gap.size() == 2);
    CHECK(count(gap, core::PushOutcome::kRejected) == 2);
    CHECK(gap[0].reason.find("does not have") != std::string::npos);
  }
  SUBCASE("a span claiming more changes than its bytes hold") {
    std::vector<doc::Change> next = zhang.type(mine, "zhang", {{1, U"多"}, {1, U"报"}});
    std::string span = doc::encodeSpans(next, zhang.doc.actors()).at(0);
    // One more than it holds, and many more (within a push's and a span's bounds, so
    // that only decoding the body can tell).
    for (uint64_t claimed : {uint64_t(3), uint64_t(16'000)}) {
      CAPTURE(claimed);
      try {
        zhang.conn.pushHistory(f.id, withClaimedCount(span, claimed), mine);
        FAIL("a forged span was answered");
      } catch (const core::SyncError& e) {
        CHECK(e.status() == 400);
      }
    }
  }
  // Nothing of the refused spans is stored: the server's history and text are as before.
  CHECK(zhang.conn.report(f.id).lastSeq == held);
  CHECK(pulledText(f, 1) == text);
}

TEST_CASE("a change in a span writing where its author may not takes no effect, the rest do") {
  OfficeAndZhang f;
  Pusher zhang(f, "zhang");
  zhang.pullAll(f.id);
  const crdt::ActorId mine = actorOf(2);
  const std::u32string before3 = pulledText(f, 3);
  // Section 1 is zhang's, section 3 is not: the middle change of the span is out of bounds.
  std::vector<doc::Change> span = zhang.type(mine, "zhang", {{1, U"前"}, {3, U"越权"}, {1, U"后"}});
  auto outcomes = zhang.conn.pushHistory(f.id, zhang.history(span), mine);
  // Held (a refusal would strand the change after it), as every replica holds it.
  CHECK(count(outcomes, core::PushOutcome::kAccepted) == 3);
  CHECK(pulledText(f, 1).rfind(U"后前", 0) == 0);
  CHECK(pulledText(f, 3) == before3);
}
