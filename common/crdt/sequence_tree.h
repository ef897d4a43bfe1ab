// Storage for the sequence CRDT: a B-tree of runs plus an id -> leaf index.
//
// A run is a stretch of elements with consecutive ids of one actor where each element's left
// origin is the element before it and all share one right origin; typing "abc" in a row is
// one run. The tree keeps, per child, the number of visible elements and of all elements
// (tombstones included) below it, so that "the n-th visible element" and "how many elements
// come before this one" are both O(log n). It knows nothing about FugueMax ordering; the
// Sequence decides where things go and this class keeps them there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crdt/counter_blocks.h"
#include "crdt/ids.h"

namespace rs::crdt::detail {

inline constexpr ActorIdx kNoActor = UINT32_MAX;

// An absent origin is stored as OpId{0, kNoActor} so that a Run stays a small plain struct.
inline bool isSet(const OpId& id) {
  return id.actor != kNoActor;
}

struct Run {
  uint64_t counter = 0;  // id of the first element is {counter, actor}
  ActorIdx actor = 0;
  uint32_t len = 0;
  OpId left{0, kNoActor};   // left origin of the first element
  OpId right{0, kNoActor};  // right origin of every element
  uint32_t content = 0;     // offset of the first code point in RunTree::content()
  bool deleted = false;

  OpId id(uint32_t offset = 0) const { return OpId{counter + offset, actor}; }
  uint64_t end() const { return counter + len; }
  bool holds(const OpId& id) const {
    return id.actor == actor && id.counter >= counter && id.counter < end();
  }
};

struct Inner;  // defined in sequence_tree.cpp

inline constexpr uint32_t kLeafCap = 32;   // runs per leaf before it splits
inline constexpr uint32_t kInnerCap = 32;  // children per inner node before it splits

struct Node {
  Inner* parent = nullptr;
  bool isLeaf = true;
};

struct Leaf : Node {
  uint32_t n = 0;
  Leaf* next = nullptr;
  Leaf* prev = nullptr;
  Run runs[kLeafCap + 3];  // room for a run split in two plus a new run before splitting
};

// The ids of runs[run], for sorting a snapshot's runs by id once per load: Sequence::build
// checks duplicates and origins against them and RunTree::load fills its IdIndex from them.
struct IdRange {
  ActorIdx actor;
  uint32_t run;  // index in document order
  uint64_t begin, end;
};
// The ranges of `runs` ordered by (actor, begin). Throws std::invalid_argument when two runs
// share an id.
std::vector<IdRange> sortedIds(const std::vector<Run>& runs);

// Position of a run: runs[idx] of leaf. idx == leaf->n means "after the last run of leaf".
struct Cursor {
  Leaf* leaf = nullptr;
  uint32_t idx = 0;
  bool operator==(const Cursor&) const = default;
};

// Maps each actor's counters to the leaf that holds them. An entry (c -> leaf) covers counters
// from c up to the next entry. Counters no run holds may map anywhere: lookups check the leaf.
class IdIndex {
 public:
  Leaf* lookup(const OpId& id) const;
  void assign(ActorIdx actor, uint64_t begin, uint64_t end, Leaf* leaf);
  // One past the highest counter ever assigned for `actor` (0 if none).
  uint64_t top(ActorIdx actor) const { return actor < top_.size() ? top_[actor] : 0; }
  // Lets a run at the top grow without touching the map (its range is open-ended).
  void growTop(ActorIdx actor, uint64_t newTop) { top_[actor] = newTop; }
  void clear() { maps_.clear(), top_.clear(); }
  // Indexes the runs from scratch: `byId` sorted (sortedIds), `leafOf(run)` the leaf holding
  // the run at that index in document order.
  template <typename LeafOf>
  void rebuild(const std::vector<IdRange>& byId, LeafOf leafOf);
  // Leaves that may hold counters [begin, end) of `actor`.
  std::vector<Leaf*> leavesFor(ActorIdx actor, uint64_t begin, uint64_t end) const;

 private:
  std::vector<CounterBlocks<Leaf*>> maps_;
  std::vector<uint64_t> top_;
};

class RunTree {
 public:
  RunTree();
  ~RunTree();
  RunTree(const RunTree&) = delete;
  RunTree& operator=(const RunTree&) = delete;

  uint64_t visible() const { return visible_; }
  uint64_t total() const { return total_; }
  const std::u32string& content() const { return content_; }
  // Appends code points to the content buffer; returns their offset.
  uint32_t addContent(std::u32string_view text);
  char32_t contentAt(uint32_t offset) const { return content_[offset]; }

  Run& run(Cursor c) { return c.leaf->runs[c.idx]; }
  const Run& run(Cursor c) const;
  Cursor begin() const;
  bool atEnd(Cursor c) const;
  // Moves to the next run; skips from the end of a leaf to the start of the next one.
  void advance(Cursor& c) const;
  // Turns "after the last run of a leaf" into "first run of the next leaf" when there is one.
  void normalize(Cursor& c) const;

  // Run holding the pos-th visible element (pos < visible()), and the element's offset in it.
  Cursor findVisible(uint64_t pos, uint32_t& offset) const;
  // Run holding `id`; leaf == nullptr when no run holds it.
  Cursor find(const OpId& id, uint32_t& offset) const;
  bool anyKnown(ActorIdx actor, uint64_t begin, uint64_t end) const;
  uint64_t visibleBefore(Cursor c) const;
  uint64_t totalBefore(Cursor c) const;
  uint64_t topCounter(ActorIdx actor) const { return index_.top(actor); }

  // Splits the run at c so that its element `offset` (> 0, < len) starts a new run.
  // Returns the cursor of that new run. May move runs to a new leaf.
  Cursor split(Cursor c, uint32_t offset);
  // Inserts `run` before position c; returns where it ended up.
  Cursor insert(Cursor c, const Run& run);
  // Appends n elements (content already in the buffer) to the run at c, which must hold the
  // actor's highest counters.
  void extend(Cursor c, uint32_t n);
  void markDeleted(Cursor c);
  // Merges the run at c into its predecessor in the same leaf when they form one run.
  // Returns the cursor of the (possibly merged) run.
  Cursor mergeWithPrev(Cursor c);

  // Replaces the contents with `runs` (document order) and their content buffer; `byId` is
  // sortedIds(runs).
  void load(std::vector<Run> runs, std::u32string content, const std::vector<IdRange>& byId);
  void clear();

  static bool canMerge(const Run& a, const Run& b);
  // False while the tree has never held a run since it was made, cleared or loaded empty: an
  // empty tree shares one read-only leaf and allocates its own at the first insert.
  bool hasLeaf() const;

 private:
  void propagate(Leaf* leaf, int64_t dVisible, int64_t dTotal);
  void splitLeaf(Leaf* leaf);
  void splitInner(Inner* node);
  void addSibling(Node* node, Node* sibling, uint64_t vis, uint64_t tot);
  void freeNode(Node* node);

  Node* root_;
  Leaf* first_;
  uint64_t visible_ = 0;
  uint64_t total_ = 0;
  std::u32string content_;
  IdIndex index_;
};

inline const Run& RunTree::run(Cursor c) const {
  return c.leaf->runs[c.idx];
}

}  // namespace rs::crdt::detail
