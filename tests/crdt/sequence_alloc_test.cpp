// What an empty sequence costs in memory: a report opens with thousands of them (one per
// section title and paragraph), and each used to allocate and zero its first B-tree leaf
// (about 2 KB). Counts the bytes this thread asks of operator new, so it is a binary of its
// own (the replaced operator new would count for every suite linked with it).
#include <capnp/message.h>
#include <doctest/doctest.h>

#include <stdexcept>

#include "../support/count_new.h"
#include "crdt/sequence.h"
#include "crdt/sequence_tree.h"

using rs::test::bytesAllocatedBy;

namespace {

using rs::crdt::ActorTable;
using rs::crdt::OpId;
using rs::crdt::Sequence;

ActorTable oneActor() {
  ActorTable t;
  rs::crdt::ActorId a{};
  a[0] = 1;
  t.intern(a);
  return t;
}

// Far below one leaf: what is left is the tree's own object (counts, content, id index).
constexpr size_t kBelowOneLeaf = sizeof(rs::crdt::detail::Leaf) / 4;

}  // namespace

TEST_CASE("sequence alloc: an empty sequence, made or decoded from no runs, allocates no leaf") {
  ActorTable actors = oneActor();
  CHECK(bytesAllocatedBy([&] { Sequence s(actors); }) < kBelowOneLeaf);
  CHECK(bytesAllocatedBy([&] { Sequence s = Sequence::fromRuns(actors, {}); }) < kBelowOneLeaf);
  // A thousand empty sequences (a report's empty sections) cost less than a leaf each.
  size_t thousand = bytesAllocatedBy([&] {
    std::vector<Sequence> many;
    many.reserve(1000);
    for (int i = 0; i < 1000; ++i) many.emplace_back(actors);
  });
  CHECK(thousand < 1000 * kBelowOneLeaf + 1000 * sizeof(Sequence));
}

TEST_CASE("sequence alloc: the first insert gives the tree its own leaf, and it works as before") {
  ActorTable actors = oneActor();
  Sequence s(actors);
  s.insertLocal(0, U"总分", OpId{1, 0});
  s.insertLocal(0, U"合计", OpId{3, 0});
  CHECK(s.text() == U"合计总分");
  s.deleteLocal(1, 2);
  CHECK(s.text() == U"合分");
  // Copies and a rebuild from runs of an empty sequence stay empty and editable.
  Sequence empty(actors);
  Sequence copy = empty;
  copy.insertLocal(0, U"x", OpId{10, 0});
  CHECK(copy.text() == U"x");
  CHECK(empty.text().empty());
  Sequence rebuilt = Sequence::fromRuns(actors, empty.runs());
  rebuilt.insertLocal(0, U"y", OpId{20, 0});
  CHECK(rebuilt.utf8() == "y");
}

TEST_CASE("sequence alloc: a tree cleared or loaded empty shares the empty leaf again") {
  rs::crdt::detail::RunTree t;
  CHECK_FALSE(t.hasLeaf());
  CHECK(t.atEnd(t.begin()));
  rs::crdt::detail::Run r;
  r.counter = 1;
  r.len = 2;
  r.content = t.addContent(U"ab");
  t.insert(t.begin(), r);
  CHECK(t.hasLeaf());
  CHECK(t.visible() == 2);
  t.clear();
  CHECK_FALSE(t.hasLeaf());
  CHECK(t.visible() == 0);
  t.load({}, U"", {});
  CHECK_FALSE(t.hasLeaf());
  t.load({r}, U"ab", rs::crdt::detail::sortedIds({r}));
  CHECK(t.hasLeaf());
  CHECK(t.visible() == 2);
}

TEST_CASE(
    "sequence alloc: a text snapshot stating a million empty runs is refused before they are "
    "allocated") {
  // All-zero columns cost next to nothing packed (a zero word run is 2 bytes for 256
  // words): fuzz_snapshot's kind of input. Before, decode sized its run table by the stated
  // count (a million runs, tens of MB) and only then refused the first, zero-length run.
  ActorTable actors = oneActor();
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<rs::proto::TextSnapshot>();
  constexpr unsigned kStated = 1000000;
  root.initLengths(kStated);
  root.initCounterDeltas(kStated);
  root.initActors(kStated);
  root.initDeleted(kStated);
  root.initOriginKinds(kStated);
  size_t bytes = bytesAllocatedBy([&] {
    CHECK_THROWS_WITH_AS(Sequence::decode(actors, root.asReader(), {0}),
                         "text snapshot: bad run ids", std::invalid_argument);
  });
  CHECK(bytes < 4 * 1024 * 1024);
  CHECK(bytes < kStated * sizeof(rs::crdt::detail::Run) / 8);
}
