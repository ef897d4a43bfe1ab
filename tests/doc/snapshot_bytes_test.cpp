// A snapshot's bytes are a function of the changes held: replicas that hold the same
// changes write the same bytes, whatever else their actor tables met on the way (a change
// decoded while its deps were missing, a profile's fresh actor, an edit dropped unfinished).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "doc/change_codec.h"
#include "doc/document.h"
#include "doc/local_edit.h"
#include "doc/snapshot.h"

namespace {

using rs::doc::Change;
using rs::doc::ChangeId;
using rs::doc::Document;
using rs::doc::LocalEdit;
using rs::doc::OpId;

rs::crdt::ActorId actor(uint8_t n) {
  rs::crdt::ActorId a{};
  a[0] = n;
  a[15] = uint8_t(0x40 + n);
  return a;
}

// Three changes of actor 1 typing in one section, as bytes.
std::vector<std::string> typed(Document& d) {
  std::vector<std::string> out;
  OpId section;
  {
    LocalEdit e(d, actor(1), "zhang", 1000);
    section = e.createSection(std::nullopt, 0, "一、部门概况");
    e.insertText(section, 0, U"本局");
    out.push_back(rs::doc::encodeChange(e.finish(), d.actors()));
  }
  for (std::u32string text : {U"共有", U"职工"}) {
    LocalEdit e(d, actor(1), "zhang", 2000);
    e.insertText(section, d.section(section)->text.size(), text);
    out.push_back(rs::doc::encodeChange(e.finish(), d.actors()));
  }
  return out;
}

}  // namespace

TEST_CASE("replicas holding the same changes write the same snapshot bytes") {
  Document original;
  std::vector<std::string> changes = typed(original);
  const std::string expected = rs::doc::encodeSnapshot(original);

  Document other;
  // Actors met but holding nothing here: a fresh actor a restored profile moved to (its
  // re-issue interned it with nothing to re-issue), an edit made and dropped unfinished...
  other.actors().intern(actor(7));
  { LocalEdit dropped(other, actor(8), "li", 500); }
  for (const std::string& bytes : changes)
    CHECK(other.apply(rs::doc::decodeChange(bytes, other.actors())) ==
          rs::doc::ApplyResult::kApplied);
  // ...and a change decoded that waits for a dependency this replica never got.
  Change waiting;
  waiting.id = ChangeId{actor(9), 2};
  waiting.lamport = 100;
  waiting.deps = {ChangeId{actor(9), 1}};
  waiting.author = "wang";
  waiting.ops.push_back(rs::doc::ReportSet{rs::doc::ReportField::kTitle, {"标题", {}}});
  CHECK(other.apply(rs::doc::decodeChange(rs::doc::encodeChange(waiting, other.actors()),
                                          other.actors())) == rs::doc::ApplyResult::kMissingDeps);
  CHECK(other.actors().size() == 4);

  CHECK(rs::doc::encodeSnapshot(other) == expected);
  // The snapshot loads to the same document, and a change made on it still goes out.
  auto loaded = rs::doc::decodeSnapshot(expected);
  REQUIRE(loaded);
  CHECK(rs::doc::encodeSnapshot(*loaded) == expected);
  LocalEdit e(*loaded, actor(7), "li", 3000);
  e.insertText(loaded->outline()[0].id, 0, U"甲");
  const std::string made = rs::doc::encodeChange(e.finish(), loaded->actors());
  CHECK(other.apply(rs::doc::decodeChange(made, other.actors())) == rs::doc::ApplyResult::kApplied);
  CHECK(rs::doc::encodeSnapshot(other) == rs::doc::encodeSnapshot(*loaded));
}

TEST_CASE("a resolved mark naming a change of an actor held nowhere else keeps it listed") {
  Document d;
  typed(d);
  const OpId section = d.outline()[0].id;
  {
    LocalEdit e(d, actor(1), "zhang", 4000);
    d.actors().intern(actor(5));  // as decoding the mark's change would
    e.resolveMark(section, std::nullopt, {ChangeId{actor(5), 3}});
    e.finish();
  }
  auto loaded = rs::doc::decodeSnapshot(rs::doc::encodeSnapshot(d));
  REQUIRE(loaded);
  REQUIRE(loaded->resolvedMarks().size() == 1);
  CHECK(loaded->resolvedMarks()[0].op.changes == std::vector<ChangeId>{ChangeId{actor(5), 3}});
}
