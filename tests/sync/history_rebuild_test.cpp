// The server builds a report's document from its stored spans, each span of typing applied
// as one run (doc/history_apply.h): the live document pushes are checked against
// (live_reports.h), caught up after another process appended, and a submission's document at
// a version (submission_build.h). Each must be what applying the changes one by one gives.
#include <doctest/doctest.h>

#include <random>

#include "../support/same_document.h"
#include "../support/temp_dir.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/local_edit.h"
#include "live_reports.h"
#include "server_store.h"
#include "submission_build.h"
#include "sync_service.h"

using namespace rs;

namespace {

crdt::ActorId actorOf(uint8_t n) {
  crdt::ActorId a{};
  a[0] = n;
  return a;
}

// Two people type and delete in one section of their own copies, each key its own change,
// and exchange what they made after every round: concurrent typing at nearby places,
// deletes of each other's text. `accepted` holds every change (packed) in an order the
// server could have accepted them; `pushes` where each push of one person's round ends.
struct TwoTyping {
  doc::Document zhang, li;
  std::vector<std::string> accepted;
  std::vector<size_t> pushes;
  doc::OpId section;
  std::mt19937 rng{7};
  int64_t time = 1000;

  TwoTyping() {
    doc::LocalEdit e(zhang, actorOf(1), "zhang", time);
    section = e.createSection(std::nullopt, 0, "一、部门概况");
    e.insertText(section, 0, U"本部门主要职能是预算管理和绩效评价。");
    deliver(e.finish(), zhang);
    exchange(0);
  }
  // One round: each types `keys` (at least 2) keys on at one place, takes two back with
  // backspace and deletes four characters elsewhere, each key its own change.
  void round(size_t keys) {
    size_t before = accepted.size();
    work(zhang, actorOf(1), "zhang", U'甲', keys);
    size_t zhangDone = accepted.size();
    work(li, actorOf(2), "li", U'乙', keys);
    exchange(before, zhangDone);
  }

 private:
  void deliver(const doc::Change& c, doc::Document& from) {
    accepted.push_back(doc::encodeChange(c, from.actors()));
  }
  void work(doc::Document& d, const crdt::ActorId& who, const char* name, char32_t key,
            size_t keys) {
    doc::OpId s = section;
    size_t at = rng() % (d.section(s)->text.size() + 1);
    for (size_t k = 0; k < keys; ++k) {
      doc::LocalEdit e(d, who, name, ++time);
      e.insertText(s, at + k, std::u32string(1, key));
      deliver(e.finish(), d);
    }
    auto del = [&](size_t pos, size_t len) {
      doc::LocalEdit e(d, who, name, ++time);
      e.deleteText(s, pos, len);
      deliver(e.finish(), d);
    };
    // Two backspaces there; elsewhere two characters at once, then two with the delete key.
    del(at + keys - 1, 1);
    del(at + keys - 2, 1);
    size_t from = rng() % (d.section(s)->text.size() - 4);
    del(from, 2);
    del(from, 1);
    del(from, 1);
    pushes.push_back(accepted.size());
  }
  // zhang's changes [from, mid) go to li, li's [mid, end) to zhang.
  void exchange(size_t from, size_t mid = SIZE_MAX) {
    mid = std::min(mid, accepted.size());
    for (size_t i = from; i < mid; ++i)
      REQUIRE(li.apply(doc::decodeChange(accepted[i], li.actors())) == doc::ApplyResult::kApplied);
    for (size_t i = mid; i < accepted.size(); ++i)
      REQUIRE(zhang.apply(doc::decodeChange(accepted[i], zhang.actors())) ==
              doc::ApplyResult::kApplied);
  }
};

// The first `n` accepted changes applied one by one to a fresh document.
std::unique_ptr<doc::Document> oneByOne(const std::vector<std::string>& accepted, size_t n) {
  auto d = std::make_unique<doc::Document>();
  for (size_t i = 0; i < n; ++i)
    REQUIRE(d->apply(doc::decodeChange(accepted[i], d->actors())) == doc::ApplyResult::kApplied);
  return d;
}

// Stores accepted changes [from, to) as the server's pushes would, a push at a time (the
// first and last may be parts of one).
void storePushes(server::ServerStore& st, const std::string& rawId, const TwoTyping& t, size_t from,
                 size_t to) {
  store::kv::Txn txn(st.db(), store::kv::Txn::kWrite);
  server::ReportRecord r = st.report(txn, rawId).value_or(server::ReportRecord{rawId, {}, {}, 0});
  std::vector<size_t> ends;
  for (size_t end : t.pushes)
    if (end > from && end < to) ends.push_back(end);
  ends.push_back(to);
  size_t begin = from;
  for (size_t end : ends) {
    crdt::ActorTable actors;
    std::vector<doc::Change> push;
    for (size_t i = begin; i < end; ++i) push.push_back(doc::decodeChange(t.accepted[i], actors));
    st.appendChanges(txn, r, push, actors);
    begin = end;
  }
  st.putReport(txn, r);
  txn.commit();
}

}  // namespace

TEST_CASE("the server's live document and a submission's are their history applied one by one") {
  test::TempDir dir;
  server::ServerStore st(dir.path());
  const std::string rawId(16, '\x07');
  TwoTyping t;
  t.pushes.insert(t.pushes.begin(), 1);  // the creating change went alone
  for (size_t keys : {5, 40, 3, 12, 2, 25}) t.round(keys);
  // The first part ends inside li's 45 changes of the second round.
  const size_t firstPart = t.pushes[4] - 20;
  storePushes(st, rawId, t, 0, firstPart);
  REQUIRE(doc::listSpans([&] {
            store::kv::Txn txn(st.db(), store::kv::Txn::kRead);
            return st.history(txn, rawId);
          }())
              .size() < firstPart / 4);  // the spans hold runs of typing

  server::LiveReports live(st);
  std::shared_ptr<server::LiveReport> report = live.get(rawId);
  CHECK(test::documentFacts(*report->doc) == test::documentFacts(*oneByOne(t.accepted, firstPart)));

  // Another server process appends the rest, whose first part joins the span the live
  // document holds half of: caught up, the live document is the whole history one by one,
  // and both people's.
  storePushes(st, rawId, t, firstPart, t.accepted.size());
  {
    store::kv::Txn txn(st.db(), store::kv::Txn::kRead);
    std::lock_guard lock(report->mu);
    live.catchUp(*report, txn, rawId, st.report(txn, rawId)->lastSeq);
  }
  CHECK(report->seq == t.accepted.size());
  const std::string whole = test::documentFacts(*oneByOne(t.accepted, t.accepted.size()));
  CHECK(test::documentFacts(*report->doc) == whole);
  CHECK(test::documentFacts(t.zhang) == whole);
  CHECK(test::documentFacts(*server::LiveReports(st).get(rawId)->doc) == whole);

  // A submission's document at versions cutting spans anywhere: the changes it names.
  for (size_t n = 1; n <= t.accepted.size(); n += 9) {
    CAPTURE(n);
    std::unique_ptr<doc::Document> expected = oneByOne(t.accepted, n);
    CHECK(test::documentFacts(*server::documentAt(st, rawId, expected->version())) ==
          test::documentFacts(*expected));
  }
  // A version naming li's changes without the zhang changes they depend on is no state.
  crdt::VersionVector broken = t.li.version();
  broken.set(actorOf(1), 1);
  try {
    server::documentAt(st, rawId, broken);
    FAIL("a version that is not a state was taken");
  } catch (const server::ApiError& e) {
    CHECK(e.code() == "not-a-state");
  }
}
