// Document::apply is all or nothing: a change (or a span of changes) refused at any op
// leaves the document exactly as it was, and the refusal is an InputError.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <tuple>

#include "doc/change_spans.h"
#include "doc/document.h"
#include "doc/history_apply.h"
#include "doc/local_edit.h"
#include "doc/snapshot.h"
#include "util/errors.h"

namespace {

using rs::doc::Anchor;
using rs::doc::Change;
using rs::doc::ChangeId;
using rs::doc::Document;
using rs::doc::OpId;
using rs::doc::TextDelete;
using rs::doc::TextInsert;

rs::crdt::ActorId actor(uint8_t n) {
  rs::crdt::ActorId a{};
  a[0] = n;
  return a;
}

// A document holding one section with "abc", typed by actor 1 in one change.
struct Abc {
  Document doc;
  OpId section;
  Change made;
  std::string before;  // the snapshot, to compare after a refusal
  Abc() {
    rs::doc::LocalEdit e(doc, actor(1), "zhang", 1000);
    section = e.createSection(std::nullopt, 0, "一、部门概况");
    e.insertText(section, 0, U"abc");
    made = e.finish();
    doc.actors().intern(actor(2));  // as decoding a change of actor 2 does
    before = rs::doc::encodeSnapshot(doc);
  }
  // The id of the i-th character of "abc".
  OpId ch(size_t i) const { return doc.section(section)->text.idAt(i); }
  std::u32string text() const { return doc.section(section)->text.text(); }
  // A change of actor 2 after `made`, its ops given.
  Change remote(std::vector<rs::doc::Op> ops, uint64_t seq = 1) const {
    Change c;
    c.id = ChangeId{actor(2), seq};
    c.lamport = doc.maxCounter() + 1;
    c.deps = {made.id};
    c.author = "li";
    c.ops = std::move(ops);
    return c;
  }
};

}  // namespace

TEST_CASE("apply: a change whose second op is bad applies nothing") {
  Abc a;
  TextInsert x{a.section, Anchor{std::nullopt, a.ch(0)}, U"X"};
  SUBCASE("a delete of length 0") {
    Change bad = a.remote({x, TextDelete{a.section, a.ch(1), 0}});
    CHECK_THROWS_AS(a.doc.apply(bad), rs::InputError);
  }
  SUBCASE("an insert between neighbours in the wrong order") {
    Change bad = a.remote({x, TextInsert{a.section, Anchor{a.ch(2), a.ch(0)}, U"Y"}});
    CHECK_THROWS_AS(a.doc.apply(bad), rs::InputError);
  }
  SUBCASE("an insert of no text") {
    Change bad = a.remote({x, TextInsert{a.section, Anchor{a.ch(0), a.ch(1)}, U""}});
    CHECK_THROWS_AS(a.doc.apply(bad), rs::InputError);
  }
  SUBCASE("an insert next to the change's own first insert, in the wrong order") {
    // X goes between b and c; Y after X and before a, which only placing X shows wrong.
    OpId xId{a.doc.maxCounter() + 1, a.doc.actors().intern(actor(2))};
    Change bad = a.remote({TextInsert{a.section, Anchor{a.ch(1), a.ch(2)}, U"X"},
                           TextInsert{a.section, Anchor{xId, a.ch(0)}, U"Y"}});
    CHECK_THROWS_AS(a.doc.apply(bad), rs::InputError);
  }
  CHECK(a.text() == U"abc");
  CHECK(a.doc.version().get(actor(2)) == 0);
  CHECK(rs::doc::encodeSnapshot(a.doc) == a.before);
}

TEST_CASE("apply: a change placing text next to its own earlier insert is tried, then applied") {
  Abc a;
  OpId xId{a.doc.maxCounter() + 1, a.doc.actors().intern(actor(2))};
  // X between b and c, then Y between a and X: in order, which only placing X shows.
  Change ok = a.remote({TextInsert{a.section, Anchor{a.ch(1), a.ch(2)}, U"X"},
                        TextInsert{a.section, Anchor{a.ch(0), xId}, U"Y"}});
  REQUIRE(a.doc.apply(ok) == rs::doc::ApplyResult::kApplied);
  CHECK(a.text() == U"abYXc");
}

namespace {

// Actor 2's changes after `a.made`, each a single op, chained as one person's typing.
std::vector<Change> typing(const Abc& a, std::vector<rs::doc::Op> ops) {
  std::vector<Change> out;
  uint64_t lamport = a.doc.maxCounter() + 1;
  for (size_t i = 0; i < ops.size(); ++i) {
    Change c = a.remote({ops[i]}, i + 1);
    c.lamport = lamport;
    if (i > 0) c.deps = {out.back().id};
    lamport += c.width();
    out.push_back(std::move(c));
  }
  return out;
}

// The elements of a sequence in order, each with its origins and whether it is deleted:
// the same for two sequences that differ only in where their runs are split.
std::vector<
    std::tuple<uint64_t, uint32_t, std::optional<OpId>, std::optional<OpId>, bool, char32_t>>
elements(const rs::crdt::Sequence& seq) {
  std::vector<
      std::tuple<uint64_t, uint32_t, std::optional<OpId>, std::optional<OpId>, bool, char32_t>>
      out;
  for (const rs::crdt::SequenceRun& r : seq.runs())
    for (uint32_t i = 0; i < r.length; ++i)
      out.emplace_back(r.id.counter + i, r.id.actor,
                       i == 0 ? r.originLeft : OpId{r.id.counter + i - 1, r.id.actor},
                       r.originRight, r.deleted, r.deleted ? U'\0' : r.content[i]);
  return out;
}

}  // namespace

TEST_CASE("apply: a span refused at a later change applies nothing of itself") {
  Abc a;
  const OpId x{a.doc.maxCounter() + 1, a.doc.actors().intern(actor(2))};
  std::vector<Change> span =
      typing(a, {TextInsert{a.section, Anchor{a.ch(0), a.ch(1)}, U"X"},
                 TextInsert{a.section, Anchor{x, a.ch(1)}, U"Y"},  // typed on: one run with X
                 TextDelete{a.section, a.ch(1), 1},                // b
                 TextInsert{a.section, Anchor{a.ch(2), a.ch(0)}, U"Z"}});  // c before a: refused
  std::string history = rs::doc::encodeHistory(span, a.doc.actors());
  REQUIRE(rs::doc::listSpans(history).size() == 1);
  CHECK_THROWS_AS(rs::doc::applyHistory(a.doc, history), rs::InputError);
  CHECK(a.text() == U"abc");
  CHECK(a.doc.version().get(actor(2)) == 0);
  CHECK(rs::doc::encodeSnapshot(a.doc) == a.before);

  // Without the bad change the same span applies as one run, as the changes one by one do.
  span.pop_back();
  history = rs::doc::encodeHistory(span, a.doc.actors());
  rs::doc::HistoryApplied got = rs::doc::applyHistory(a.doc, history);
  CHECK(got.applied == 3);
  CHECK(a.text() == U"aXYc");
  Abc one;
  for (const Change& c : span) REQUIRE(one.doc.apply(c) == rs::doc::ApplyResult::kApplied);
  CHECK(rs::doc::encodeSnapshot(a.doc) == rs::doc::encodeSnapshot(one.doc));
  CHECK(a.doc.heads() == one.doc.heads());
}

TEST_CASE("apply: a random typing history applied as runs equals applying it change by change") {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    Document author;
    std::vector<Change> changes;
    OpId section;
    {
      rs::doc::LocalEdit e(author, actor(1), "zhang", 1000);
      section = e.createSection(std::nullopt, 0, "二、绩效目标");
      changes.push_back(e.finish());
    }
    for (int step = 0; step < 400; ++step) {
      // Two people take turns in stretches, typing, moving about and deleting.
      uint8_t who = uint8_t(1 + (step / 37) % 2);
      rs::doc::LocalEdit e(author, actor(who), who == 1 ? "zhang" : "li", 2000 + step);
      size_t size = author.section(section)->text.size();
      size_t pos = rng() % 4 == 0 ? rng() % (size + 1) : size;
      if (size > 0 && rng() % 5 == 0) {
        size_t at = rng() % size;
        e.deleteText(section, at, 1 + rng() % std::min<size_t>(3, size - at));
      } else {
        e.insertText(section, pos, rng() % 3 == 0 ? U"预算" : U"x");
      }
      changes.push_back(e.finish());
    }
    std::string history = rs::doc::encodeHistory(changes, author.actors());
    Document runs, single;
    rs::doc::HistoryApplied got = rs::doc::applyHistory(runs, history);
    CHECK(got.applied == changes.size());
    for (const Change& c : rs::doc::decodeHistory(history, single.actors()))
      REQUIRE(single.apply(c) == rs::doc::ApplyResult::kApplied);
    CHECK(runs.section(section)->text.text() == author.section(section)->text.text());
    CHECK(runs.heads() == single.heads());
    CHECK(runs.maxCounter() == single.maxCounter());
    for (const Change& c : changes) REQUIRE(runs.counterRange(c.id) == single.counterRange(c.id));
    // Runs may be split elsewhere (a run of deletes hides a stretch at once); every element
    // is the same.
    CHECK(elements(runs.section(section)->text) == elements(single.section(section)->text));
  }
}

TEST_CASE("apply: a span typed without the right goes change by change, held but not shown") {
  Document author;
  std::vector<Change> changes;
  OpId section;
  {
    rs::doc::LocalEdit e(author, actor(1), "zhang", 1000);
    e.addOffice("zhang");
    section = e.createSection(std::nullopt, 0, "一、部门概况");
    e.insertText(section, 0, U"ab");
    changes.push_back(e.finish());
  }
  // li is not assigned the section: each key is kept, and takes no effect (doc/rights.cpp).
  for (int i = 0; i < 3; ++i) {
    rs::doc::LocalEdit e(author, actor(2), "li", 2000 + i);
    e.insertText(section, 2 + size_t(i), U"x");
    changes.push_back(e.finish());  // applied as li typed it here; judged where it arrives
  }
  std::string history = rs::doc::encodeHistory(changes, author.actors());
  Document runs, single;
  rs::doc::HistoryApplied got = rs::doc::applyHistory(runs, history);
  CHECK(got.applied == 4);
  for (const Change& c : rs::doc::decodeHistory(history, single.actors()))
    REQUIRE(single.apply(c) == rs::doc::ApplyResult::kApplied);
  CHECK(runs.section(section)->text.text() == U"ab");
  CHECK(runs.ineffective().size() == 3);
  CHECK(runs.ineffective().size() == single.ineffective().size());
  CHECK(runs.heads() == single.heads());
}
