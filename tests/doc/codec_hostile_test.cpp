// Decoders of changes and snapshots on hostile bytes (found by tests/fuzz): refused with
// rs::InputError, never std::terminate.
#include <capnp/serialize-packed.h>
#include <doctest/doctest.h>

#include <array>
#include <functional>
#include <string>

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "doc/document.h"
#include "doc/local_edit.h"
#include "doc/snapshot.h"
#include "proto/change.capnp.h"
#include "proto/snapshot.capnp.h"
#include "util/errors.h"

namespace {

// A packed message claiming two segments of one word each, cut off after the first: the
// reader reads the second lazily, and used to throw from its destructor (std::terminate).
const std::string kTruncatedTwoSegments(
    "\x11\x01\x01"  // segment count 2, first 1 word
    "\x01\x01"      // second 1 word, padding
    "\x00\x00",     // the first segment: a null root
    7);

// An empty document's snapshot changed by `edit` on its root, packed again.
std::string editedSnapshot(const std::function<void(rs::proto::DocSnapshot::Builder)>& edit) {
  const std::string good = rs::doc::encodeSnapshot(rs::doc::Document());
  kj::ArrayInputStream in(
      kj::arrayPtr(reinterpret_cast<const kj::byte*>(good.data()), good.size()));
  capnp::PackedMessageReader reader(in);
  capnp::MallocMessageBuilder message;
  message.setRoot(reader.getRoot<rs::proto::DocSnapshot>());
  edit(message.getRoot<rs::proto::DocSnapshot>());
  return rs::packedMessageToString(message);
}

}  // namespace

TEST_CASE("codec: a truncated multi-segment change or snapshot is refused, not a terminate") {
  rs::crdt::ActorTable actors;
  CHECK_THROWS_AS(rs::doc::decodeChange(kTruncatedTwoSegments, actors), rs::InputError);
  CHECK_THROWS_AS(rs::doc::peekChangeId(kTruncatedTwoSegments), rs::InputError);
  CHECK_THROWS_AS(rs::doc::peekLamport(kTruncatedTwoSegments), rs::InputError);
  CHECK_THROWS_AS(rs::doc::decodeSnapshot(kTruncatedTwoSegments), rs::InputError);
}

TEST_CASE("codec: a change creating more sections than a report can hold is refused") {
  // Packed, an empty section create is about 12 bytes; applied, each section's sequence
  // trees cost KBs (a fuzzed 38 KB change made 300,000 sections and 2.8 GB).
  auto changeOf = [](uint64_t seq, uint64_t lamport, size_t sections) {
    rs::doc::Change c;
    c.id.actor[0] = 7;
    c.id.seq = seq;
    c.lamport = lamport;
    c.ops.assign(sections, rs::doc::SectionCreate{});
    return c;
  };
  rs::doc::Document doc;
  rs::doc::Change small = changeOf(1, 1, 100);
  std::string bytes = rs::doc::encodeChange(small, doc.actors());
  REQUIRE(doc.apply(rs::doc::decodeChange(bytes, doc.actors())) == rs::doc::ApplyResult::kApplied);

  rs::doc::Change big = changeOf(2, 101, rs::doc::Document::kMaxSections);
  bytes = rs::doc::encodeChange(big, doc.actors());
  CHECK_THROWS_AS(doc.apply(rs::doc::decodeChange(bytes, doc.actors())), rs::InputError);
  CHECK(doc.version().get(small.id.actor) == 1);  // nothing of it applied
}

TEST_CASE("codec: a change of many all-zero ops is refused before it is decoded") {
  // All-zero list elements pack to two bytes per 256 words, so a few KB of packed bytes can
  // claim a million ops within the traversal limit; decoded, each is a ~136-byte op, and
  // fuzz_change's 4 KB input asked for 280 MB. Our encoder never writes an element without
  // a nonzero word (counters start at 1, texts are set even when empty).
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<rs::proto::Change>();
  std::array<kj::byte, 16> actor{};
  actor[0] = 7;
  root.setActor(kj::arrayPtr(actor.data(), actor.size()));
  root.setSeq(1);
  root.setLamport(1);
  root.setAuthor("");
  root.initOps(200000);
  std::string bytes = rs::packedMessageToString(message);
  REQUIRE(bytes.size() < 200000 / 10);
  rs::crdt::ActorTable actors;
  CHECK_THROWS_WITH_AS(rs::doc::decodeChange(bytes, actors),
                       doctest::Contains("more elements than its bytes hold"), rs::InputError);
}

TEST_CASE("codec: a snapshot whose resolved mark or grant names an actor it lacks is refused") {
  // fuzz_snapshot (CI, session 6): the actor of a resolved mark was read with vector::at,
  // whose std::out_of_range escaped as a terminate.
  for (bool grant : {false, true}) {
    const std::string hostile = editedSnapshot([&](rs::proto::DocSnapshot::Builder root) {
      if (grant)
        root.initGrants(1)[0].setByActor(99);
      else
        root.initResolved(1)[0].setByActor(99);
    });
    CHECK_THROWS_AS(rs::doc::decodeSnapshot(hostile), rs::InputError);
  }
}

TEST_CASE("codec: a snapshot listing a section twice or without its id is refused") {
  // fuzz_snapshot (session 7): a packed snapshot of a few hundred bytes listed thousands of
  // sections, all with the same (default) id; each was built, two sequence trees and their
  // leaves, before the duplicate was dropped.
  for (bool withIds : {false, true}) {
    const std::string hostile = editedSnapshot([&](rs::proto::DocSnapshot::Builder root) {
      root.initActors(1).set(0, capnp::Data::Reader(rs::crdt::ActorId{}.data(), 16));
      root.initActorStates(1);
      auto sections = root.initSections(5000);
      if (withIds)
        for (auto s : sections) s.initId().setCounter(7);  // one id, listed 5,000 times
    });
    if (!withIds) CHECK(hostile.size() < 2'000);  // 5,000 sections in a few hundred bytes
    CHECK_THROWS_AS(rs::doc::decodeSnapshot(hostile), rs::InputError);
  }
}

TEST_CASE("codec: a snapshot listing a table twice or without its id is refused") {
  // fuzz_snapshot (soak, session 9): the kind of the sections' case above, for tables: a
  // 659-byte packed snapshot listed tables with one id again and again, each built (a
  // sequence tree) and dropped, 1.3 s an input under the sanitizers.
  for (bool withIds : {false, true}) {
    const std::string hostile = editedSnapshot([&](rs::proto::DocSnapshot::Builder root) {
      root.initActors(1).set(0, capnp::Data::Reader(rs::crdt::ActorId{}.data(), 16));
      root.initActorStates(1);
      auto tables = root.initTables(1000);
      if (withIds)
        for (auto t : tables) t.initId().setCounter(7);  // one id, listed 1,000 times
    });
    if (!withIds) CHECK(hostile.size() < 2'000);
    CHECK_THROWS_WITH_AS(rs::doc::decodeSnapshot(hostile),
                         doctest::Contains(withIds ? "listed twice" : "without its id"),
                         rs::InputError);
  }
  // More tables or sections than apply() lets a report hold are refused before any is built.
  for (bool tables : {false, true}) {
    const std::string hostile = editedSnapshot([&](rs::proto::DocSnapshot::Builder root) {
      if (tables)
        root.initTables(rs::doc::Document::kMaxTables + 1);
      else
        root.initSections(rs::doc::Document::kMaxSections + 1);
    });
    CHECK_THROWS_WITH_AS(
        rs::doc::decodeSnapshot(hostile),
        doctest::Contains(tables ? "more than 2000 tables" : "more than 10000 sections"),
        rs::InputError);
  }
}

TEST_CASE("codec: a snapshot listing a section's placement among its own children shows it once") {
  // fuzz_snapshot (soak, session 11): a 1.3 KB snapshot listed placements in children
  // sequences other than their parents', a section among its own children too, and
  // outline() walked them for ever (2 GB, then a stack overflow). A section is now shown
  // only from its parent's children.
  rs::doc::Document doc;
  rs::doc::LocalEdit edit(doc, rs::crdt::ActorId{1}, "办公室", 0);
  rs::doc::OpId a = edit.createSection(std::nullopt, 0, "一、部门概况");
  edit.createSection(a, 0, "（一）机构设置");
  edit.finish();
  REQUIRE(doc.outline().size() == 2);

  const std::string good = rs::doc::encodeSnapshot(doc);
  kj::ArrayInputStream in(
      kj::arrayPtr(reinterpret_cast<const kj::byte*>(good.data()), good.size()));
  capnp::PackedMessageReader reader(in);
  capnp::MallocMessageBuilder message;
  message.setRoot(reader.getRoot<rs::proto::DocSnapshot>());
  auto root = message.getRoot<rs::proto::DocSnapshot>();
  for (auto section : root.getSections())  // each section's children: the top level's
    section.setChildren(root.getRootChildren().asReader());
  auto hostile = rs::doc::decodeSnapshot(rs::packedMessageToString(message));
  REQUIRE(hostile);
  auto outline = hostile->outline();
  REQUIRE(outline.size() == 1);  // （一） is in no children of its parent's now
  CHECK(outline[0].id == a);
}

TEST_CASE(
    "codec: a snapshot naming a change it does not hold, as a head or behind a mark, grant "
    "or ineffective entry, is refused") {
  // fuzz_snapshot (soak, session 12): a 4 KB packed snapshot stated 100,000s of resolved
  // marks, each all defaults (change 0 of the first actor), and decoding them was most of
  // the target's time. Such a change is one the document applied, so it is held: seq 1 up
  // to its actor's state (3 here).
  enum List { kHeads, kResolved, kGrants, kIneffective };
  auto snapshot = [](List list, size_t count, uint64_t seq) {
    return editedSnapshot([&](rs::proto::DocSnapshot::Builder root) {
      root.initActors(1).set(0, capnp::Data::Reader(rs::crdt::ActorId{}.data(), 16));
      auto state = root.initActorStates(1)[0];
      state.setSeq(3);
      auto segment = state.initSegments(1)[0];  // changes 1..3 used counters 1..3
      segment.setFirstSeq(1);
      segment.setFirstLamport(1);
      segment.setWidth(1);
      segment.setCount(3);
      switch (list) {
        case kHeads:
          root.initHeads(count)[0].setSeq(seq);
          break;
        case kResolved:
          root.initResolved(count)[0].setBySeq(seq);
          break;
        case kGrants:
          root.initGrants(count)[0].setBySeq(seq);
          break;
        case kIneffective:
          root.initIneffective(count)[0].initChange().setSeq(seq);
          break;
      }
    });
  };
  for (List list : {kHeads, kResolved, kGrants, kIneffective}) {
    CAPTURE(int(list));
    CHECK_NOTHROW(rs::doc::decodeSnapshot(snapshot(list, 1, 3)));
    for (uint64_t seq : {0, 4})
      CHECK_THROWS_WITH_AS(rs::doc::decodeSnapshot(snapshot(list, 1, seq)),
                           doctest::Contains("a change it does not hold"), rs::InputError);
    const std::string many = snapshot(list, 1'000, 3);  // the rest all defaults
    CHECK(many.size() < 2'000);
    CHECK_THROWS_WITH_AS(rs::doc::decodeSnapshot(many),
                         doctest::Contains("a change it does not hold"), rs::InputError);
  }
}

TEST_CASE("codec: a snapshot whose register lists a value twice or out of order is refused") {
  // fuzz_snapshot (soak, session 12): small packed snapshots stated 100,000s of all-default
  // register values (one id again and again), and decoding them was most of its time. A
  // register keeps its values by OpId, each once (MultiRegister::write); out of order, the
  // value shown (the last) would differ from the replica that wrote the snapshot.
  auto snapshot = [](std::vector<uint64_t> counters) {
    return editedSnapshot([&](rs::proto::DocSnapshot::Builder root) {
      root.initActors(1).set(0, capnp::Data::Reader(rs::crdt::ActorId{}.data(), 16));
      root.initActorStates(1);
      auto title = root.getReportFields().init(0, counters.size());
      for (size_t i = 0; i < counters.size(); ++i) {
        title[i].initId().setCounter(counters[i]);
        title[i].setValue("title " + std::to_string(i));
      }
    });
  };
  const auto good = rs::doc::decodeSnapshot(snapshot({3, 7}));
  CHECK(good->reportValue(rs::doc::ReportField::kTitle) == "title 1");
  for (const auto& counters :
       {std::vector<uint64_t>{7, 3}, std::vector<uint64_t>{7, 7}, std::vector<uint64_t>(1'000, 0)})
    CHECK_THROWS_WITH_AS(rs::doc::decodeSnapshot(snapshot(counters)),
                         doctest::Contains("out of order or repeated"), rs::InputError);
}

TEST_CASE(
    "codec: a snapshot whose counter segments do not cover an actor's changes, or listing "
    "an actor twice, is refused") {
  // fuzz_snapshot (soak, session 12): small packed snapshots stated 100,000s of all-default
  // counter segments. counterRange() finds a change's segment by binary search and asserts
  // there is one at or before it: segments must cover changes 1..seq, one after another.
  struct Segment {
    uint64_t firstSeq, count;
  };
  auto snapshot = [](uint64_t seq, const std::vector<Segment>& segments, int actors = 1) {
    return editedSnapshot([&](rs::proto::DocSnapshot::Builder root) {
      auto list = root.initActors(actors);
      for (int a = 0; a < actors; ++a)
        list.set(a, capnp::Data::Reader(rs::crdt::ActorId{}.data(), 16));  // the same actor
      auto states = root.initActorStates(actors);
      states[0].setSeq(seq);
      auto segs = states[0].initSegments(segments.size());
      for (size_t i = 0; i < segments.size(); ++i) {
        segs[i].setFirstSeq(segments[i].firstSeq);
        segs[i].setFirstLamport(10 * (i + 1));
        segs[i].setWidth(2);
        segs[i].setCount(segments[i].count);
      }
    });
  };
  const auto good = rs::doc::decodeSnapshot(snapshot(3, {{1, 1}, {2, 2}}));
  CHECK(good->version().get(rs::crdt::ActorId{}) == 3);
  CHECK_NOTHROW(rs::doc::decodeSnapshot(snapshot(0, {})));
  const std::vector<std::pair<uint64_t, std::vector<Segment>>> bad{
      {3, {}},                // no counters for its changes
      {3, {{2, 2}}},          // not from change 1
      {3, {{1, 1}, {3, 1}}},  // change 2 missing
      {3, {{1, 2}}},          // change 3 missing
      {3, {{1, 4}}},          // past its changes
      {3, {{1, 0}, {1, 3}}},  // a segment of no change
      {0, std::vector<Segment>(1'000, {0, 0})},
  };
  for (const auto& [seq, segments] : bad) {
    CAPTURE(segments.size());
    CHECK_THROWS_WITH_AS(rs::doc::decodeSnapshot(snapshot(seq, segments)),
                         doctest::Contains("counter segments do not cover"), rs::InputError);
  }
  CHECK_THROWS_WITH_AS(rs::doc::decodeSnapshot(snapshot(0, {}, 2)),
                       doctest::Contains("actors out of order or listed twice"), rs::InputError);
}
