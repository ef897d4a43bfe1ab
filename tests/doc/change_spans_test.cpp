// The compact history form (doc/change_spans.h): round trips of random and typed histories,
// spans split at every seq, ranges decoded alone, and hostile bytes refused.
#include <doctest/doctest.h>
#include <zstd.h>

#include <random>
#include <string>
#include <vector>

#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/columns.h"
#include "doc/document.h"
#include "doc/local_edit.h"
#include "util/errors.h"

namespace {

using rs::crdt::ActorId;
using rs::doc::Change;
using rs::doc::Document;
using rs::doc::LocalEdit;
using rs::doc::OpId;
using Rng = std::mt19937_64;

ActorId actorNumber(uint8_t n) {
  ActorId a{};
  a[0] = uint8_t(0x31 * n);
  a[15] = n;
  return a;
}

size_t pick(Rng& rng, size_t n) {
  return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
}

void checkSame(const std::vector<Change>& got, const std::vector<const Change*>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const Change& a = got[i];
    const Change& b = *want[i];
    CHECK(a.id == b.id);
    CHECK(a.lamport == b.lamport);
    CHECK(a.deps == b.deps);
    CHECK(a.timeMs == b.timeMs);
    CHECK(a.author == b.author);
    CHECK(a.ops == b.ops);
  }
}

// A history made by `actors` people editing one document in turns, with every kind of op:
// runs of typing (which become spans), jumps, deletes, sections, tables, cells, fields.
struct History {
  Document doc;
  std::vector<Change> changes;

  History(uint64_t seed, size_t steps, uint8_t actors) {
    Rng rng(seed);
    int64_t time = 1'700'000'000'000;
    OpId section;
    {
      LocalEdit e(doc, actorNumber(1), "张三", time);
      section = e.createSection(std::nullopt, 0, "一、部门概况", "overview");
      e.insertText(section, 0, U"部门职责：");
      changes.push_back(e.finish());
    }
    std::vector<OpId> sections{section};
    std::vector<OpId> tables;
    uint8_t who = 1;
    size_t cursor = 0;
    for (size_t step = 0; step < steps; ++step) {
      if (pick(rng, 20) == 0) who = uint8_t(1 + pick(rng, actors));
      time += int64_t(pick(rng, 3000));
      LocalEdit e(doc, actorNumber(who), who == 1 ? "张三" : "li" + std::to_string(who), time);
      OpId s = sections[pick(rng, sections.size())];
      size_t len = doc.section(s)->text.size();
      size_t kind = pick(rng, 100);
      if (kind < 60) {  // typing on, or somewhere else
        if (pick(rng, 8) == 0 || cursor > len) cursor = pick(rng, len + 1);
        std::u32string text =
            pick(rng, 10) == 0 ? U"预算执行率" : std::u32string(1, U'a' + pick(rng, 26));
        e.insertText(s, cursor, text);
        cursor += text.size();
      } else if (kind < 80 && len > 0) {  // backspace, or a selection
        size_t n = pick(rng, 4) == 0 ? 1 + pick(rng, std::min<size_t>(len, 5)) : 1;
        size_t at = cursor >= n && cursor <= len ? cursor - n : pick(rng, len - n + 1);
        e.deleteText(s, at, n);
        cursor = at;
      } else if (kind < 83) {
        sections.push_back(e.createSection(std::nullopt, pick(rng, sections.size() + 1), "节"));
      } else if (kind < 86) {
        e.setSectionField(s, rs::doc::SectionField::kAssignee, "li" + std::to_string(pick(rng, 9)));
      } else if (kind < 89) {
        tables.push_back(e.createTable("t", "table-" + std::to_string(step), "表", s));
      } else if (kind < 95 && !tables.empty()) {
        OpId t = tables[pick(rng, tables.size())];
        std::vector<OpId> rows = doc.rows(t);
        if (rows.empty() || pick(rng, 3) == 0) {
          e.insertRow(t, pick(rng, rows.size() + 1), "row-" + std::to_string(step), "g");
        } else if (pick(rng, 5) == 0) {
          e.deleteRow(t, rows[pick(rng, rows.size())]);
        } else {
          e.setCell(t, rows[pick(rng, rows.size())], "amount", std::to_string(pick(rng, 100000)));
        }
      } else if (kind < 97) {
        e.setReportField(rs::doc::ReportField::kTitle, "报告" + std::to_string(step));
      } else if (kind < 98) {
        e.resolveMark(s, std::nullopt, {changes[pick(rng, changes.size())].id});
      } else if (kind < 99 && !tables.empty()) {
        e.removeTable(tables.back());
        tables.pop_back();
      } else {
        e.addOffice("office" + std::to_string(pick(rng, 3)));
      }
      if (!e.empty()) changes.push_back(e.finish());
    }
  }

  std::vector<const Change*> all() const {
    std::vector<const Change*> out;
    for (const Change& c : changes) out.push_back(&c);
    return out;
  }
};

// The changes in the order decodeHistory gives them: spans by first lamport. Checked to be
// a causal order by applying them to a fresh document.
std::vector<Change> decodeAndApply(const std::string& history, Document& fresh) {
  std::vector<Change> got = rs::doc::decodeHistory(history, fresh.actors());
  for (const Change& c : got) REQUIRE(fresh.apply(c) == rs::doc::ApplyResult::kApplied);
  return got;
}

}  // namespace

TEST_CASE("change spans: random histories of several people round-trip exactly") {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    History h(seed, 600, uint8_t(1 + seed % 4));
    std::string bytes = rs::doc::encodeHistory(h.changes, h.doc.actors());
    // Decoded into the source's own actor table, every field is equal.
    std::vector<Change> got = rs::doc::decodeHistory(bytes, h.doc.actors());
    std::vector<const Change*> want = h.all();
    std::sort(want.begin(), want.end(), [&](const Change* a, const Change* b) {
      auto at = [&](const Change* c) {
        return std::find_if(got.begin(), got.end(), [&](const Change& g) { return g.id == c->id; });
      };
      return at(a) < at(b);
    });
    checkSame(got, want);
    // Applied on a fresh replica in the decoded order, it is the same document.
    Document fresh;
    decodeAndApply(bytes, fresh);
    CHECK(fresh.version() == h.doc.version());
    for (const auto& entry : h.doc.outline()) CHECK(fresh.section(entry.id) != nullptr);
    // Far smaller than one packed message per change.
    size_t packed = 0;
    for (const Change& c : h.changes) packed += rs::doc::encodeChange(c, h.doc.actors()).size();
    CHECK(bytes.size() * 4 < packed);
  }
}

// One person creating a section and typing `typed` into it, one change per character.
struct Typed {
  Document d;
  std::vector<Change> changes;
  OpId s;
  Typed(uint8_t actor, const std::u32string& typed) {
    LocalEdit first(d, actorNumber(actor), "张三", 1);
    s = first.createSection(std::nullopt, 0, "节");
    changes.push_back(first.finish());
    for (size_t i = 0; i < typed.size(); ++i) {
      LocalEdit e(d, actorNumber(actor), "张三", int64_t(2 + i));
      e.insertText(s, i, typed.substr(i, 1));
      changes.push_back(e.finish());
    }
  }
};

TEST_CASE("change spans: a typing run is one span and costs a few bytes a character") {
  const std::u32string typed = U"本部门2025年度预算执行率为98.6%，较上年提高2.1个百分点。";
  auto [d, changes, s] = Typed(1, typed);
  std::string bytes = rs::doc::encodeHistory(changes, d.actors());
  std::vector<rs::doc::SpanInfo> spans = rs::doc::listSpans(bytes);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].count == typed.size() + 1);
  CHECK(bytes.size() < 200);  // the text alone is about 90 bytes of UTF-8
  Document fresh;
  decodeAndApply(bytes, fresh);
  CHECK(fresh.section(s)->text.text() == typed);
}

TEST_CASE("change spans: a span splits at every seq, and a range decodes alone") {
  History h(7, 300, 1);  // one person: one span
  std::string bytes = rs::doc::encodeHistory(h.changes, h.doc.actors());
  std::vector<rs::doc::SpanInfo> spans = rs::doc::listSpans(bytes);
  REQUIRE(spans.size() == 1);
  const rs::doc::SpanInfo& span = spans[0];
  std::vector<const Change*> want = h.all();
  for (uint64_t seq = span.first.seq + 1; seq <= span.lastSeq(); ++seq) {
    CAPTURE(seq);
    auto [before, after] = rs::doc::splitSpan(span.bytes, seq);
    std::vector<Change> a = rs::doc::decodeHistory(before, h.doc.actors());
    std::vector<Change> b = rs::doc::decodeHistory(after, h.doc.actors());
    REQUIRE(a.size() == seq - 1);
    checkSame(a, {want.begin(), want.begin() + long(seq - 1)});
    checkSame(b, {want.begin() + long(seq - 1), want.end()});
  }
  CHECK_THROWS_AS(rs::doc::splitSpan(span.bytes, span.first.seq), rs::InputError);
  CHECK_THROWS_AS(rs::doc::splitSpan(span.bytes, span.lastSeq() + 1), rs::InputError);

  std::vector<Change> mid = rs::doc::decodeRange(bytes, span.first.actor, 40, 60, h.doc.actors());
  checkSame(mid, {want.begin() + 39, want.begin() + 60});
  CHECK(rs::doc::decodeRange(bytes, actorNumber(9), 1, 100, h.doc.actors()).empty());
  // A history claiming more changes than the caller takes is refused by its headers.
  CHECK_THROWS_AS(rs::doc::decodeHistory(bytes, h.doc.actors(), span.count - 1), rs::InputError);
  CHECK(rs::doc::decodeHistory(bytes, h.doc.actors(), span.count).size() == span.count);
}

TEST_CASE("change spans: long histories are cut into spans of at most kMaxSpanChanges") {
  auto [d, changes, s] = Typed(2, std::u32string(rs::doc::kMaxSpanChanges + 100, U'x'));
  std::string bytes = rs::doc::encodeHistory(changes, d.actors());
  std::vector<rs::doc::SpanInfo> spans = rs::doc::listSpans(bytes);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].count == rs::doc::kMaxSpanChanges);
  Document fresh;
  decodeAndApply(bytes, fresh);
  CHECK(fresh.section(s)->text.size() == rs::doc::kMaxSpanChanges + 100);
  // Only the second span is decoded for a range inside it.
  std::vector<Change> tail =
      rs::doc::decodeRange(bytes, actorNumber(2), changes.size() - 3, changes.size(), d.actors());
  CHECK(tail.size() == 4);
}

TEST_CASE("change spans: every truncation and every flipped byte is refused or harmless") {
  History h(3, 120, 3);
  std::string bytes = rs::doc::encodeHistory(h.changes, h.doc.actors());
  for (size_t n = 0; n < bytes.size(); ++n) {
    rs::crdt::ActorTable actors;
    CHECK_THROWS_AS(rs::doc::decodeHistory(std::string_view(bytes).substr(0, n), actors),
                    rs::InputError);
  }
  // A flipped byte is refused (the body carries a checksum), or, in a header, may name
  // another actor or seq: then it still decodes into well-formed changes.
  size_t refused = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = char(bad[i] ^ 0x5a);
    Document fresh;
    try {
      for (const Change& c : rs::doc::decodeHistory(bad, fresh.actors())) {
        try {
          fresh.apply(c);
        } catch (const rs::InputError&) {
        }
      }
    } catch (const rs::InputError&) {
      ++refused;
    }
  }
  CHECK(refused > bytes.size() * 9 / 10);
}

TEST_CASE("change spans: forged counts and lengths are refused before anything is allocated") {
  using rs::doc::decodeHistory;
  rs::crdt::ActorTable actors;
  auto refused = [&](const std::string& bytes, const std::string& words) {
    CAPTURE(words);
    try {
      decodeHistory(bytes, actors);
      FAIL("accepted");
    } catch (const rs::InputError& e) {
      INFO(std::string(e.what()));
      CHECK(std::string(e.what()).find(words) != std::string::npos);
    }
  };
  const std::string magic("RSH\x01", 4);
  refused("PK\x03\x04", "not a history");
  // A span count far beyond the bytes.
  refused(magic + "\xff\xff\xff\xff\x0f", "does not fit");
  // One span whose length runs past the end.
  refused(magic + "\x01\x7f\x01", "truncated");
  // A span claiming 2^35 actors in a few bytes.
  refused(magic + "\x01\x07\x01\x80\x80\x80\x80\x80\x01", "does not fit");
  // A well-formed header claiming 2^40 changes, or a 2^40-byte body.
  std::string actor(16, '\x07');
  auto span = [&](const std::string& fields) {
    std::string s = "\x01\x01" + actor + fields;
    return magic + "\x01" + char(s.size()) + s;
  };
  refused(span(std::string("\x01\x80\x80\x80\x80\x80\x20\x01\x00", 9)), "change count");
  refused(span(std::string("\x01\x01\x01\x80\x80\x80\x80\x80\x20", 9)), "body too large");
  // A body that is not a zstd frame, or one shorter than its header says.
  refused(span(std::string("\x01\x01\x01\x05junk!", 9)), "span body");
  // A number of more than 64 bits.
  refused(magic + "\x01" + std::string(12, '\xff'), "number too large");

  // Well-compressed bodies with forged columns: a literal run of 2^40 values in a few bytes;
  // an insert of 1,000 characters with two bytes of text; a seq-0 dependency.
  using rs::doc::columns::putVarint;
  using rs::doc::columns::zigzag;
  auto spanWithBody = [&](const std::vector<std::string>& cols, const std::string& text,
                          const std::string& deps = std::string(1, '\0')) {
    std::string body = deps;
    body += '\0';  // author ""
    for (size_t i = 0; i < 9; ++i) {
      std::string c = i < cols.size() ? cols[i] : "";
      putVarint(body, c.size());
      body += c;
    }
    putVarint(body, text.size());
    body += text;
    std::string frame(ZSTD_compressBound(body.size()), '\0');
    frame.resize(ZSTD_compress(frame.data(), frame.size(), body.data(), body.size(), 1));
    std::string s = "\x01\x01" + actor + "\x01\x01\x01";
    putVarint(s, body.size());
    s += frame;
    std::string h = magic + "\x01";
    putVarint(h, s.size());
    return h + s;
  };
  auto repeat = [](int64_t value, int64_t times) {
    std::string c;
    putVarint(c, zigzag(times));
    putVarint(c, zigzag(value));
    return c;
  };
  std::string hugeLiteral;
  putVarint(hugeLiteral, zigzag(-(int64_t(1) << 40)));
  hugeLiteral += "\x02";
  refused(spanWithBody({hugeLiteral, hugeLiteral}, ""), "a run longer than its bytes");
  // ops 1, time 0, kind insert, shape "explicit section", section (actor 0, counter 1 + 0)
  std::string one = repeat(1, 1);
  refused(spanWithBody({one, repeat(0, 1), repeat(3, 1), repeat(9, 1), repeat(0, 1), repeat(0, 1),
                        repeat(1000, 1)},
                       "ab"),
          "longer than the text left");
  refused(spanWithBody({one}, "", std::string("\x01\x00\x00", 3)), "dependency seq 0");
  // A reference to counter 0.
  refused(spanWithBody({one, repeat(0, 1), repeat(3, 1), repeat(9, 1), repeat(0, 1), repeat(-1, 1),
                        repeat(1, 1)},
                       "a"),
          "counter out of range");

  // Runs claim ops for free: two spans of 600,000 deletes each (a few bytes apiece) pass
  // each span's own limit, but not a history decode's budget.
  auto literal = [](int64_t value) {
    std::string c;
    putVarint(c, zigzag(-1));
    putVarint(c, zigzag(value));
    return c;
  };
  const int64_t n = 600'000;
  std::string deletes = spanWithBody(
      {repeat(n, 1), repeat(0, 1), repeat(4, n), literal(1) + repeat(0, n - 1), repeat(0, n + 1),
       repeat(0, 1), "", literal(1) + repeat(0, n - 1), repeat(1, n)},
      "");
  std::string_view oneSpan = rs::doc::listSpans(deletes)[0].bytes;
  CHECK(rs::doc::decodeSpan(oneSpan, actors).at(0).ops.size() == size_t(n));
  std::string two = magic + "\x02";
  for (int i = 0; i < 2; ++i) {
    putVarint(two, oneSpan.size());
    two += oneSpan;
  }
  CHECK(rs::doc::decodeHistory(two, actors).size() == 2);  // 4,000,000 changes' budget
  try {
    decodeHistory(two, actors, 10);  // a budget of kMaxSpanOps
    FAIL("accepted");
  } catch (const rs::InputError& e) {
    CHECK(std::string(e.what()).find("op count out of range") != std::string::npos);
  }
  CHECK(actors.size() <= 1);
}
