// Tests for the FugueMax sequence CRDT: local editing, the non-interleaving examples of
// "The Art of the Fugue" (Weidner & Kleppmann), randomized convergence against a plain
// element-by-element reference, snapshots and refusal of malformed input.
#include <doctest/doctest.h>

#include <capnp/message.h>
#include <capnp/serialize-packed.h>
#include <kj/io.h>
#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <variant>

#include "crdt/sequence.h"
#include "util/errors.h"
#include "util/utf8.h"

using rs::crdt::ActorIdx;
using rs::crdt::ActorTable;
using rs::crdt::DeleteOp;
using rs::crdt::InsertOp;
using rs::crdt::OpId;
using rs::crdt::Sequence;

namespace {

// Actor i has bytes {i+1, 0, ...}, so actor bytes order equals index order unless `reversed`.
ActorTable makeActors(int n, bool reversed = false) {
  ActorTable t;
  for (int i = 0; i < n; ++i) {
    rs::crdt::ActorId a{};
    a[0] = uint8_t(reversed ? 200 - i : i + 1);
    t.intern(a);
  }
  return t;
}

using Op = std::variant<InsertOp, std::vector<DeleteOp>>;

// A replica as the document layer drives it: a Lamport clock and a sequence.
struct Replica {
  ActorIdx actor;
  Sequence seq;
  uint64_t clock = 1;

  Replica(const ActorTable& t, ActorIdx a) : actor(a), seq(t) {}

  Op insert(size_t pos, std::u32string_view text) {
    InsertOp op = seq.insertLocal(pos, text, OpId{clock, actor});
    clock += text.size();
    return op;
  }
  Op erase(size_t pos, size_t len) { return seq.deleteLocal(pos, len); }
  // Types text one character at a time, each its own op.
  std::vector<Op> type(size_t pos, std::u32string_view text) {
    std::vector<Op> ops;
    for (size_t i = 0; i < text.size(); ++i) ops.push_back(insert(pos + i, text.substr(i, 1)));
    return ops;
  }
  // Types text backwards: every character goes before the previous one.
  std::vector<Op> typeBackwards(size_t pos, std::u32string_view text) {
    std::vector<Op> ops;
    for (size_t i = text.size(); i-- > 0;) ops.push_back(insert(pos, text.substr(i, 1)));
    return ops;
  }
  void apply(const Op& op) {
    if (auto* ins = std::get_if<InsertOp>(&op)) {
      seq.applyInsert(*ins);
      clock = std::max(clock, ins->id.counter + ins->content.size());
    } else {
      for (const DeleteOp& d : std::get<std::vector<DeleteOp>>(op)) seq.applyDelete(d);
    }
  }
  void apply(const std::vector<Op>& ops) {
    for (const Op& op : ops) apply(op);
  }
  std::string text() const { return seq.utf8(); }
};

std::vector<Op> concat(std::vector<Op> a, const std::vector<Op>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Every element (tombstones too) in document order.
std::vector<std::pair<uint64_t, ActorIdx>> allIds(const Sequence& s) {
  std::vector<std::pair<uint64_t, ActorIdx>> out;
  for (const auto& r : s.runs()) {
    for (uint32_t i = 0; i < r.length; ++i) out.emplace_back(r.id.counter + i, r.id.actor);
  }
  return out;
}

// The YjsMod integration of reference-crdts, element by element with linear scans: slow and
// obviously faithful, used to check the run-based Sequence.
struct RefDoc {
  struct Item {
    OpId id;
    std::optional<OpId> left, right;
    bool deleted = false;
  };
  const ActorTable* actors;
  std::vector<Item> items;

  long find(const std::optional<OpId>& id, long none) const {
    if (!id) return none;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].id == *id) return long(i);
    }
    FAIL("reference: unknown id");
    return -2;
  }
  void integrateOne(const Item& item) {
    long left = find(item.left, -1), right = find(item.right, long(items.size()));
    long dest = left + 1;
    bool scanning = false;
    for (long i = dest;; ++i) {
      if (!scanning) dest = i;
      if (i == long(items.size()) || i == right) break;
      const Item& o = items[i];
      long oleft = find(o.left, -1), oright = find(o.right, long(items.size()));
      if (oleft < left) break;
      if (oleft > left) continue;
      if (oright < right) {
        scanning = true;
      } else if (oright == right && actors->compare(item.id.actor, o.id.actor) < 0) {
        break;
      } else {
        scanning = false;
      }
    }
    items.insert(items.begin() + dest, item);
  }
  void apply(const Op& op) {
    if (auto* ins = std::get_if<InsertOp>(&op)) {
      auto known = [&](const Item& it) { return it.id == ins->id; };
      if (std::any_of(items.begin(), items.end(), known)) return;
      std::optional<OpId> left = ins->originLeft;
      for (size_t i = 0; i < ins->content.size(); ++i) {
        OpId id{ins->id.counter + i, ins->id.actor};
        integrateOne(Item{id, left, ins->originRight});
        left = id;
      }
    } else {
      for (const DeleteOp& d : std::get<std::vector<DeleteOp>>(op)) {
        for (auto& it : items) {
          if (it.id.actor == d.start.actor && it.id.counter >= d.start.counter &&
              it.id.counter < d.start.counter + d.length) {
            it.deleted = true;
          }
        }
      }
    }
  }
  std::vector<std::pair<uint64_t, ActorIdx>> ids() const {
    std::vector<std::pair<uint64_t, ActorIdx>> out;
    for (const auto& it : items) out.emplace_back(it.id.counter, it.id.actor);
    return out;
  }
};

}  // namespace

TEST_CASE("local typing, deleting and reading back") {
  ActorTable actors = makeActors(1);
  Replica a(actors, 0);
  a.type(0, U"hello world");
  CHECK(a.text() == "hello world");
  CHECK(a.seq.runCount() == 1);  // typed in a row: one run
  a.erase(5, 6);
  CHECK(a.text() == "hello");
  a.insert(0, U">> ");
  CHECK(a.text() == ">> hello");
  CHECK(a.seq.slice(3, 2) == U"he");
  CHECK(a.seq.size() == 8);
  OpId h = a.seq.idAt(3);
  CHECK(a.seq.visiblePosition(h) == 3u);
  a.erase(3, 1);
  CHECK_FALSE(a.seq.visiblePosition(h).has_value());
  CHECK(a.seq.positionBefore(h) == 3u);
  CHECK(a.seq.isDeleted(h));
  CHECK(a.seq.contains(h));
}

TEST_CASE("positions are code points, also for Chinese text") {
  ActorTable actors = makeActors(1);
  Replica a(actors, 0);
  a.insert(0, U"二〇二四年工作总结");
  a.insert(5, U"度");
  CHECK(a.text() == "二〇二四年度工作总结");
  CHECK(a.seq.size() == 10);
  CHECK(a.seq.slice(6, 4) == U"工作总结");
  a.erase(0, 5);
  CHECK(a.text() == "度工作总结");
  CHECK(rs::utf8ToU32("度工作𠀋") == U"度工作𠀋");
  CHECK(rs::u32ToUtf8(U"度工作𠀋") == "度工作𠀋");
  CHECK_THROWS_AS(rs::utf8ToU32("\xe5\xba"), rs::InputError);
}

TEST_CASE("many edits at random places match a plain string, locally and replayed remotely") {
  // Enough runs for leaves and inner nodes of the tree to split several times.
  ActorTable actors = makeActors(2);
  std::mt19937 rng(42);
  Replica a(actors, 0), b(actors, 1);
  std::u32string model;
  std::vector<Op> ops;
  for (int step = 0; step < 20000; ++step) {
    if (!model.empty() && rng() % 3 == 0) {
      size_t pos = rng() % model.size(), len = 1 + rng() % std::min<size_t>(4, model.size() - pos);
      ops.push_back(a.erase(pos, len));
      model.erase(pos, len);
    } else {
      size_t pos = rng() % (model.size() + 1);
      std::u32string text(1 + rng() % 4, U'a' + char32_t(step % 26));
      ops.push_back(a.insert(pos, text));
      model.insert(pos, text);
    }
  }
  REQUIRE(a.seq.text() == model);
  CHECK(a.seq.runCount() > 5000);
  for (size_t pos = 0; pos < model.size(); pos += 97) {
    CHECK(a.seq.visiblePosition(a.seq.idAt(pos)) == pos);
    CHECK(a.seq.positionBefore(a.seq.idAt(pos)) == pos);
  }
  b.apply(ops);
  CHECK(b.seq.text() == model);
  CHECK(allIds(b.seq) == allIds(a.seq));
}

TEST_CASE("Fugue: concurrent forward runs at one place do not interleave") {
  for (bool reversed : {false, true}) {
    ActorTable actors = makeActors(2, reversed);
    Replica a(actors, 0), b(actors, 1);
    auto base = a.insert(0, U"[]");
    b.apply(base);
    auto opsA = a.type(1, U"abc");
    auto opsB = b.type(1, U"xyz");
    a.apply(opsB);
    b.apply(opsA);
    CHECK(a.text() == b.text());
    CHECK((a.text() == "[abcxyz]" || a.text() == "[xyzabc]"));
  }
}

TEST_CASE("Fugue: concurrent backward runs do not interleave (RGA fails this)") {
  for (bool reversed : {false, true}) {
    ActorTable actors = makeActors(2, reversed);
    Replica a(actors, 0), b(actors, 1);
    auto base = a.insert(0, U"[]");
    b.apply(base);
    auto opsA = a.typeBackwards(1, U"abc");
    auto opsB = b.typeBackwards(1, U"xyz");
    CHECK(a.text() == "[abc]");
    a.apply(opsB);
    b.apply(opsA);
    CHECK(a.text() == b.text());
    CHECK((a.text() == "[abcxyz]" || a.text() == "[xyzabc]"));
  }
}

TEST_CASE("Fugue: A types, then inserts inside its text, while B types at the same place") {
  for (bool reversed : {false, true}) {
    ActorTable actors = makeActors(2, reversed);
    Replica a(actors, 0), b(actors, 1);
    auto base = a.insert(0, U"[]");
    b.apply(base);
    auto opsA = a.type(1, U"abc");
    opsA = concat(opsA, a.type(2, U"12"));  // "a12bc"
    auto opsB = b.type(1, U"xyz");
    a.apply(opsB);
    b.apply(opsA);
    CHECK(a.text() == b.text());
    CHECK_MESSAGE((a.text() == "[a12bcxyz]" || a.text() == "[xyza12bc]"), a.text());
  }
}

TEST_CASE("Fugue: the same order on every replica whatever the delivery order") {
  ActorTable actors = makeActors(3);
  Replica a(actors, 0), b(actors, 1), c(actors, 2);
  auto base = a.insert(0, U"<>");
  b.apply(base);
  c.apply(base);
  std::vector<std::vector<Op>> streams = {a.type(1, U"aaa"), b.typeBackwards(1, U"bbb"),
                                          c.type(1, U"ccc")};
  std::set<std::string> results;
  std::vector<int> order = {0, 1, 2};
  do {
    Replica r(actors, 2);
    r.apply(base);
    for (int s : order) r.apply(streams[s]);
    results.insert(r.text());
  } while (std::next_permutation(order.begin(), order.end()));
  REQUIRE(results.size() == 1);
  std::string t = *results.begin();
  CHECK(t.find("aaa") != std::string::npos);
  CHECK(t.find("bbb") != std::string::npos);
  CHECK(t.find("ccc") != std::string::npos);
}

namespace {

// One random local edit: inserts often land on a few favourite positions so that replicas
// collide; deletes remove short ranges.
Op randomEdit(Replica& r, std::mt19937& rng) {
  size_t n = r.seq.size();
  if (n > 0 && rng() % 3 == 0) {
    size_t pos = rng() % n;
    return r.erase(pos, 1 + rng() % std::min<size_t>(3, n - pos));
  }
  size_t pos = (rng() % 2 == 0) ? std::min<size_t>(n, rng() % 3) : rng() % (n + 1);
  std::u32string text;
  for (size_t i = 0, len = 1 + rng() % 3; i < len; ++i) text.push_back(U'a' + rng() % 26);
  return r.insert(pos, text);
}

struct LoggedOp {
  Op op;
  int origin;                 // replica that made it
  std::vector<size_t> needs;  // ops per replica its origin had applied before making it
};

}  // namespace

TEST_CASE("random concurrent edits converge, in random causal orders with duplicates") {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const int kReplicas = 5;
    ActorTable actors = makeActors(kReplicas, seed % 2 == 0);
    std::vector<Replica> replicas;
    for (int i = 0; i < kReplicas; ++i) replicas.emplace_back(actors, ActorIdx(i));
    std::vector<std::vector<LoggedOp>> log(kReplicas);  // per origin, in order
    std::vector<std::vector<size_t>> applied(kReplicas, std::vector<size_t>(kReplicas, 0));
    std::vector<std::vector<Op>> seen(kReplicas);  // delivery order per replica, for RefDoc

    auto deliverable = [&](int to, const LoggedOp& op) {
      for (int r = 0; r < kReplicas; ++r) {
        if (applied[to][r] < op.needs[r]) return false;
      }
      return true;
    };
    auto deliverSome = [&](int to, size_t budget) {
      for (size_t k = 0; k < budget; ++k) {
        int from = int(rng() % kReplicas);
        if (from == to) continue;
        size_t next = applied[to][from];
        // Now and then re-send an op the replica already has.
        if (next > 0 && rng() % 5 == 0) {
          replicas[to].apply(log[from][rng() % next].op);
          continue;
        }
        if (next >= log[from].size() || !deliverable(to, log[from][next])) continue;
        replicas[to].apply(log[from][next].op);
        seen[to].push_back(log[from][next].op);
        ++applied[to][from];
      }
    };

    for (int step = 0; step < 400; ++step) {
      int who = int(rng() % kReplicas);
      if (rng() % 4 == 0) {
        deliverSome(who, 1 + rng() % 8);
        continue;
      }
      LoggedOp op{randomEdit(replicas[who], rng), who, applied[who]};
      seen[who].push_back(op.op);
      log[who].push_back(op);
      ++applied[who][who];
    }
    // Full sync: keep delivering until everyone has everything.
    for (bool progress = true; progress;) {
      progress = false;
      for (int to = 0; to < kReplicas; ++to) {
        for (int from = 0; from < kReplicas; ++from) {
          while (applied[to][from] < log[from].size() &&
                 deliverable(to, log[from][applied[to][from]])) {
            replicas[to].apply(log[from][applied[to][from]].op);
            seen[to].push_back(log[from][applied[to][from]].op);
            ++applied[to][from];
            progress = true;
          }
        }
      }
    }
    auto ids0 = allIds(replicas[0].seq);
    for (int i = 1; i < kReplicas; ++i) {
      CHECK(replicas[i].text() == replicas[0].text());
      CHECK(allIds(replicas[i].seq) == ids0);
    }
    // The element-by-element reference, fed in replica 3's delivery order, agrees.
    RefDoc ref{&actors, {}};
    for (const Op& op : seen[3]) ref.apply(op);
    CHECK(ref.ids() == ids0);
    // Every inserted element is present; it is deleted exactly when some op deleted it.
    std::set<std::pair<uint64_t, ActorIdx>> deletedIds;
    for (const auto& ops : log) {
      for (const LoggedOp& op : ops) {
        if (auto* dels = std::get_if<std::vector<DeleteOp>>(&op.op)) {
          for (const DeleteOp& d : *dels) {
            for (uint32_t k = 0; k < d.length; ++k) {
              deletedIds.emplace(d.start.counter + k, d.start.actor);
            }
          }
        }
      }
    }
    for (const auto& ops : log) {
      for (const LoggedOp& op : ops) {
        if (auto* ins = std::get_if<InsertOp>(&op.op)) {
          for (uint32_t k = 0; k < ins->content.size(); ++k) {
            OpId id{ins->id.counter + k, ins->id.actor};
            REQUIRE(replicas[0].seq.contains(id));
            CHECK(replicas[0].seq.isDeleted(id) == (deletedIds.count({id.counter, id.actor}) > 0));
          }
        }
      }
    }
  }
}

namespace {

// Encodes to packed Cap'n Proto bytes and back, as the document snapshot will.
Sequence roundTrip(const Sequence& s, const ActorTable& actors, size_t* bytes = nullptr) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<rs::proto::TextSnapshot>();
  s.encode(root, [](ActorIdx a) { return uint32_t(a); });
  kj::VectorOutputStream out;
  capnp::writePackedMessage(out, message);
  if (bytes != nullptr) *bytes = out.getArray().size();
  kj::ArrayInputStream in(out.getArray());
  capnp::PackedMessageReader reader(in);
  std::vector<ActorIdx> mapping;
  for (ActorIdx i = 0; i < actors.size(); ++i) mapping.push_back(i);
  return Sequence::decode(actors, reader.getRoot<rs::proto::TextSnapshot>(), mapping);
}

}  // namespace

TEST_CASE("snapshot round trip keeps runs, tombstones and behaviour") {
  ActorTable actors = makeActors(3);
  std::mt19937 rng(7);
  Replica a(actors, 0), b(actors, 1), c(actors, 2);
  std::vector<Replica*> replicas = {&a, &b, &c};
  std::vector<Op> all;                  // in creation order, so every prefix is causal
  std::vector<size_t> delivered(3, 0);  // prefix of `all` each replica has
  for (int step = 0; step < 300; ++step) {
    int who = step % 3;
    // Catch up on a random part of what the others did, then edit.
    size_t upTo = delivered[who] + rng() % (all.size() - delivered[who] + 1);
    for (; delivered[who] < upTo; ++delivered[who]) replicas[who]->apply(all[delivered[who]]);
    all.push_back(randomEdit(*replicas[who], rng));
    if (delivered[who] + 1 == all.size()) ++delivered[who];
  }
  for (const Op& op : all) a.apply(op);
  a.insert(0, U"甲乙丙");
  size_t bytes = 0;
  Sequence copy = roundTrip(a.seq, actors, &bytes);
  CHECK(bytes > 0);
  CHECK(copy.utf8() == a.text());
  CHECK(copy.runs() == a.seq.runs());
  // The copy goes on editing exactly like the original.
  Replica d(actors, 2);
  d.seq = copy;
  d.clock = a.clock;
  Op edit = d.insert(4, U"new");
  a.apply(edit);
  CHECK(d.text() == a.text());
  Sequence empty(actors);
  CHECK(roundTrip(empty, actors).size() == 0);
}

TEST_CASE("malformed input is refused and leaves the sequence unchanged") {
  ActorTable actors = makeActors(2);
  Replica a(actors, 0);
  a.type(0, U"abcdef");
  a.erase(2, 2);
  auto before = a.seq.runs();
  OpId unknown{999, 1};

  CHECK_THROWS_AS(a.seq.applyInsert(InsertOp{{50, 1}, std::nullopt, std::nullopt, U""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(a.seq.applyInsert(InsertOp{{50, 1}, unknown, std::nullopt, U"x"}),
                  std::invalid_argument);
  CHECK_THROWS_AS(a.seq.applyInsert(InsertOp{{50, 1}, std::nullopt, unknown, U"x"}),
                  std::invalid_argument);
  // Left origin after right origin.
  CHECK_THROWS_AS(a.seq.applyInsert(InsertOp{{50, 1}, a.seq.idAt(3), a.seq.idAt(1), U"x"}),
                  std::invalid_argument);
  // Ids partly known: starts before the existing run and runs into it.
  CHECK_THROWS_AS(a.seq.applyInsert(InsertOp{{0, 0}, std::nullopt, std::nullopt, U"xyz"}),
                  std::invalid_argument);
  CHECK_THROWS_AS(a.seq.applyDelete(DeleteOp{{1, 0}, 0}), std::invalid_argument);
  CHECK_THROWS_AS(a.seq.applyDelete(DeleteOp{unknown, 1}), std::invalid_argument);
  // Runs past the end of what was inserted: refused as a whole, nothing deleted.
  CHECK_THROWS_AS(a.seq.applyDelete(DeleteOp{{1, 0}, 10}), std::invalid_argument);
  CHECK_THROWS_AS(a.seq.insertLocal(7, U"x", OpId{100, 0}), std::out_of_range);
  CHECK_THROWS_AS(a.seq.insertLocal(0, U"x", OpId{3, 0}), std::invalid_argument);
  CHECK_THROWS_AS(a.seq.deleteLocal(3, 2), std::out_of_range);
  CHECK_THROWS_AS(a.seq.positionBefore(unknown), std::invalid_argument);
  CHECK(a.seq.runs() == before);
  CHECK(a.text() == "abef");

  // Re-applying a known insert and deleting a tombstone again are no-ops.
  a.seq.applyInsert(InsertOp{{1, 0}, std::nullopt, std::nullopt, U"abcdef"});
  a.seq.applyDelete(DeleteOp{{3, 0}, 2});
  CHECK(a.seq.runs() == before);

  // Snapshots: columns that do not line up, duplicate ids, unknown origins.
  auto badRuns = before;
  badRuns.push_back(badRuns.front());
  CHECK_THROWS_AS(Sequence::fromRuns(actors, badRuns), std::invalid_argument);
  badRuns = before;
  badRuns.back().originLeft = unknown;
  CHECK_THROWS_AS(Sequence::fromRuns(actors, badRuns), std::invalid_argument);
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<rs::proto::TextSnapshot>();
  a.seq.encode(root, [](ActorIdx x) { return uint32_t(x); });
  root.initDeleted(1);
  CHECK_THROWS_AS(Sequence::decode(actors, root.asReader(), {0, 1}), std::invalid_argument);
  auto fresh = [&] {
    a.seq.encode(root, [](ActorIdx x) { return uint32_t(x); });
    REQUIRE(Sequence::decode(actors, root.asReader(), {0, 1}).runs() == before);
  };
  fresh();
  root.getOriginKinds().set(1, 3);  // an explicit left origin that is not stored
  CHECK_THROWS_AS(Sequence::decode(actors, root.asReader(), {0, 1}), std::invalid_argument);
  fresh();
  root.getCounterDeltas().set(1, 3);  // zigzag(-2): run 1 reuses the ids of run 0
  CHECK_THROWS_AS(Sequence::decode(actors, root.asReader(), {0, 1}), std::invalid_argument);
  fresh();
  CHECK_THROWS_AS(Sequence::decode(actors, root.asReader(), {}), std::invalid_argument);
}

TEST_CASE("a snapshot's same-actor right origin must name a run earlier in the document") {
  // Decoding finds the run a split came from in the runs sorted by id (session 10; a hash map
  // of the runs seen so far before): one that ends at the right place but comes later in the
  // document is refused, as the map refused it.
  ActorTable actors = makeActors(1);
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<rs::proto::TextSnapshot>();
  auto lengths = root.initLengths(2);
  lengths.set(0, 1), lengths.set(1, 1);
  auto deltas = root.initCounterDeltas(2);
  deltas.set(0, 10);  // zigzag(5): run 0 holds counter 5
  deltas.set(1, 3);   // zigzag(-2): run 1 holds counter 4, ending where run 0 begins
  root.initActors(2);
  root.initDeleted(2);
  auto kinds = root.initOriginKinds(2);
  root.initOriginCounters(0);
  root.initOriginActors(0);
  root.setContent("xy");
  kinds.set(0, 2 << 2);  // run 0: right origin "the same as the run it was split from"
  CHECK_THROWS_WITH_AS(Sequence::decode(actors, root.asReader(), {0}),
                       doctest::Contains("bad right origin"), std::invalid_argument);
  kinds.set(0, 0);
  kinds.set(1, 2 << 2);  // run 1: run 0 comes before it but ends at 6; none ends at 4
  CHECK_THROWS_WITH_AS(Sequence::decode(actors, root.asReader(), {0}),
                       doctest::Contains("bad right origin"), std::invalid_argument);
  kinds.set(1, 0);
  CHECK(Sequence::decode(actors, root.asReader(), {0}).utf8() == "xy");
}
