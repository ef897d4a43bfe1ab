#include "crdt/sequence_tree.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <stdexcept>

namespace rs::crdt::detail {

struct Inner : Node {
  uint32_t n = 0;
  Node* child[kInnerCap + 1];
  uint64_t vis[kInnerCap + 1];  // visible elements below child[i]
  uint64_t tot[kInnerCap + 1];  // all elements (tombstones too) below child[i]
  Inner() { isLeaf = false; }
};

namespace {

// The leaf of every empty tree, shared and never written: a report opens with thousands of
// empty sequences (one per section title and paragraph, most of them never typed into), and
// allocating and zeroing a ~2 KB leaf for each took most of decoding such a snapshot (9 ms
// an input under ASan in fuzz_snapshot). insert() swaps it for a leaf of the tree's own.
Leaf gEmptyLeaf;

uint32_t childIndex(const Inner* parent, const Node* child) {
  uint32_t i = 0;
  while (parent->child[i] != child) ++i;
  assert(i < parent->n);
  return i;
}

}  // namespace

// ---- IdIndex ----

Leaf* IdIndex::lookup(const OpId& id) const {
  if (id.actor >= maps_.size()) return nullptr;
  const auto* e = maps_[id.actor].floor(id.counter);
  return e == nullptr ? nullptr : e->value;
}

void IdIndex::assign(ActorIdx actor, uint64_t begin, uint64_t end, Leaf* leaf) {
  if (actor >= maps_.size()) {
    maps_.resize(actor + 1);
    top_.resize(actor + 1, 0);
  }
  auto& m = maps_[actor];
  // Fast path for new ids above everything known (local typing): the last entry is open-ended.
  if (end >= top_[actor] && (m.empty() || m.back().key < begin)) {
    if (m.empty() || m.back().value != leaf) m.pushBack(begin, leaf);
    top_[actor] = end;
    return;
  }
  // Above the top no counter is in use, so the range may stay open-ended: a run holding the
  // highest counters can then grow (typing) without touching the map.
  bool atTop = end >= top_[actor];
  Leaf* tail = nullptr;  // what counters from `end` on mapped to before
  if (!atTop) {
    const auto* e = m.floor(end);
    if (e != nullptr) tail = e->value;
  }
  m.erase(begin, atTop ? UINT64_MAX : end);
  if (tail != nullptr && tail != leaf) m.insert(end, tail);
  const auto* before = begin == 0 ? nullptr : m.floor(begin - 1);
  if (before == nullptr || before->value != leaf) m.insert(begin, leaf);
  top_[actor] = std::max(top_[actor], end);
}

std::vector<Leaf*> IdIndex::leavesFor(ActorIdx actor, uint64_t begin, uint64_t end) const {
  std::vector<Leaf*> out;
  if (actor >= maps_.size()) return out;
  maps_[actor].forEach(begin, end, [&](const auto& e) {
    if (e.value != nullptr) out.push_back(e.value);
  });
  return out;
}

// ---- RunTree: construction ----

RunTree::RunTree() : root_(&gEmptyLeaf), first_(&gEmptyLeaf) {}

bool RunTree::hasLeaf() const {
  return first_ != &gEmptyLeaf;
}

RunTree::~RunTree() {
  freeNode(root_);
}

void RunTree::freeNode(Node* node) {
  if (node == &gEmptyLeaf) return;
  if (node->isLeaf) {
    delete static_cast<Leaf*>(node);
    return;
  }
  auto* inner = static_cast<Inner*>(node);
  for (uint32_t i = 0; i < inner->n; ++i) freeNode(inner->child[i]);
  delete inner;
}

void RunTree::clear() {
  freeNode(root_);
  root_ = first_ = &gEmptyLeaf;
  visible_ = total_ = 0;
  content_.clear();
  index_.clear();
}

uint32_t RunTree::addContent(std::u32string_view text) {
  assert(content_.size() + text.size() < UINT32_MAX);
  auto offset = uint32_t(content_.size());
  content_.append(text);
  return offset;
}

// ---- RunTree: navigation ----

Cursor RunTree::begin() const {
  Cursor c{first_, 0};
  normalize(c);
  return c;
}

bool RunTree::atEnd(Cursor c) const {
  return c.idx >= c.leaf->n && c.leaf->next == nullptr;
}

void RunTree::normalize(Cursor& c) const {
  while (c.idx >= c.leaf->n && c.leaf->next != nullptr) c = Cursor{c.leaf->next, 0};
}

void RunTree::advance(Cursor& c) const {
  ++c.idx;
  normalize(c);
}

Cursor RunTree::findVisible(uint64_t pos, uint32_t& offset) const {
  assert(pos < visible_);
  const Node* node = root_;
  while (!node->isLeaf) {
    auto* inner = static_cast<const Inner*>(node);
    uint32_t i = 0;
    for (; i + 1 < inner->n && pos >= inner->vis[i]; ++i) pos -= inner->vis[i];
    node = inner->child[i];
  }
  auto* leaf = const_cast<Leaf*>(static_cast<const Leaf*>(node));
  for (uint32_t i = 0; i < leaf->n; ++i) {
    const Run& r = leaf->runs[i];
    if (r.deleted) continue;
    if (pos < r.len) {
      offset = uint32_t(pos);
      return Cursor{leaf, i};
    }
    pos -= r.len;
  }
  assert(false && "visible counts out of step with the runs");
  return Cursor{};
}

Cursor RunTree::find(const OpId& id, uint32_t& offset) const {
  Leaf* leaf = index_.lookup(id);
  if (leaf == nullptr) return Cursor{};
  for (uint32_t i = 0; i < leaf->n; ++i) {
    if (leaf->runs[i].holds(id)) {
      offset = uint32_t(id.counter - leaf->runs[i].counter);
      return Cursor{leaf, i};
    }
  }
  return Cursor{};
}

bool RunTree::anyKnown(ActorIdx actor, uint64_t begin, uint64_t end) const {
  for (Leaf* leaf : index_.leavesFor(actor, begin, end)) {
    for (uint32_t i = 0; i < leaf->n; ++i) {
      const Run& r = leaf->runs[i];
      if (r.actor == actor && r.counter < end && r.end() > begin) return true;
    }
  }
  return false;
}

uint64_t RunTree::visibleBefore(Cursor c) const {
  uint64_t sum = 0;
  for (uint32_t i = 0; i < c.idx; ++i) {
    if (!c.leaf->runs[i].deleted) sum += c.leaf->runs[i].len;
  }
  for (const Node* node = c.leaf; node->parent != nullptr; node = node->parent) {
    const Inner* p = node->parent;
    for (uint32_t i = 0, k = childIndex(p, node); i < k; ++i) sum += p->vis[i];
  }
  return sum;
}

uint64_t RunTree::totalBefore(Cursor c) const {
  uint64_t sum = 0;
  for (uint32_t i = 0; i < c.idx; ++i) sum += c.leaf->runs[i].len;
  for (const Node* node = c.leaf; node->parent != nullptr; node = node->parent) {
    const Inner* p = node->parent;
    for (uint32_t i = 0, k = childIndex(p, node); i < k; ++i) sum += p->tot[i];
  }
  return sum;
}

// ---- RunTree: changes ----

void RunTree::propagate(Leaf* leaf, int64_t dVisible, int64_t dTotal) {
  for (Node* node = leaf; node->parent != nullptr; node = node->parent) {
    Inner* p = node->parent;
    uint32_t i = childIndex(p, node);
    p->vis[i] += dVisible;
    p->tot[i] += dTotal;
  }
  visible_ += dVisible;
  total_ += dTotal;
}

// Registers `sibling` (holding vis/tot elements taken from `node`) right after `node`.
void RunTree::addSibling(Node* node, Node* sibling, uint64_t vis, uint64_t tot) {
  Inner* p = node->parent;
  if (p == nullptr) {
    p = new Inner;
    p->n = 1;
    p->child[0] = node;
    p->vis[0] = visible_;
    p->tot[0] = total_;
    node->parent = p;
    root_ = p;
  }
  uint32_t i = childIndex(p, node);
  p->vis[i] -= vis;
  p->tot[i] -= tot;
  std::copy_backward(p->child + i + 1, p->child + p->n, p->child + p->n + 1);
  std::copy_backward(p->vis + i + 1, p->vis + p->n, p->vis + p->n + 1);
  std::copy_backward(p->tot + i + 1, p->tot + p->n, p->tot + p->n + 1);
  p->child[i + 1] = sibling;
  p->vis[i + 1] = vis;
  p->tot[i + 1] = tot;
  sibling->parent = p;
  if (++p->n > kInnerCap) splitInner(p);
}

void RunTree::splitLeaf(Leaf* leaf) {
  auto* right = new Leaf;
  uint32_t half = leaf->n / 2;
  right->n = leaf->n - half;
  std::copy(leaf->runs + half, leaf->runs + leaf->n, right->runs);
  leaf->n = half;
  right->next = leaf->next;
  right->prev = leaf;
  if (leaf->next != nullptr) leaf->next->prev = right;
  leaf->next = right;
  uint64_t vis = 0, tot = 0;
  for (uint32_t i = 0; i < right->n; ++i) {
    const Run& r = right->runs[i];
    tot += r.len;
    if (!r.deleted) vis += r.len;
    index_.assign(r.actor, r.counter, r.end(), right);
  }
  addSibling(leaf, right, vis, tot);
}

void RunTree::splitInner(Inner* node) {
  auto* right = new Inner;
  uint32_t half = node->n / 2;
  right->n = node->n - half;
  uint64_t vis = 0, tot = 0;
  for (uint32_t i = 0; i < right->n; ++i) {
    right->child[i] = node->child[half + i];
    right->vis[i] = node->vis[half + i];
    right->tot[i] = node->tot[half + i];
    right->child[i]->parent = right;
    vis += right->vis[i];
    tot += right->tot[i];
  }
  node->n = half;
  addSibling(node, right, vis, tot);
}

// After a leaf split the run that was at `c` may have moved to the new leaf.
static Cursor relocate(Cursor c) {
  if (c.idx >= c.leaf->n) {
    c.idx -= c.leaf->n;
    c.leaf = c.leaf->next;
  }
  return c;
}

Cursor RunTree::insert(Cursor c, const Run& run) {
  assert(run.len > 0);
  if (c.leaf == &gEmptyLeaf) {  // the first run: the tree gets a leaf of its own
    root_ = first_ = c.leaf = new Leaf;
  }
  Leaf* leaf = c.leaf;
  std::copy_backward(leaf->runs + c.idx, leaf->runs + leaf->n, leaf->runs + leaf->n + 1);
  leaf->runs[c.idx] = run;
  ++leaf->n;
  index_.assign(run.actor, run.counter, run.end(), leaf);
  propagate(leaf, run.deleted ? 0 : run.len, run.len);
  if (leaf->n <= kLeafCap) return c;
  splitLeaf(leaf);
  return relocate(c);
}

Cursor RunTree::split(Cursor c, uint32_t offset) {
  Leaf* leaf = c.leaf;
  Run& first = leaf->runs[c.idx];
  assert(offset > 0 && offset < first.len);
  Run second = first;
  second.counter += offset;
  second.len -= offset;
  second.left = first.id(offset - 1);
  second.content += offset;
  first.len = offset;
  // Both halves stay in this leaf for now, so counts and the id index are unchanged.
  std::copy_backward(leaf->runs + c.idx + 1, leaf->runs + leaf->n, leaf->runs + leaf->n + 1);
  leaf->runs[c.idx + 1] = second;
  ++leaf->n;
  Cursor out{leaf, c.idx + 1};
  if (leaf->n <= kLeafCap) return out;
  splitLeaf(leaf);
  return relocate(out);
}

void RunTree::extend(Cursor c, uint32_t n) {
  Run& r = run(c);
  assert(r.end() == index_.top(r.actor) && !r.deleted);
  r.len += n;
  index_.growTop(r.actor, r.end());
  propagate(c.leaf, n, n);
}

void RunTree::markDeleted(Cursor c) {
  Run& r = run(c);
  assert(!r.deleted);
  r.deleted = true;
  propagate(c.leaf, -int64_t(r.len), 0);
}

bool RunTree::canMerge(const Run& a, const Run& b) {
  // Content of tombstones is never read, so it need not be contiguous.
  return a.actor == b.actor && b.counter == a.end() && b.left == a.id(a.len - 1) &&
         b.right == a.right && a.deleted == b.deleted &&
         (a.deleted || b.content == a.content + a.len);
}

Cursor RunTree::mergeWithPrev(Cursor c) {
  Leaf* leaf = c.leaf;
  if (c.idx == 0 || c.idx >= leaf->n) return c;
  Run& a = leaf->runs[c.idx - 1];
  const Run& b = leaf->runs[c.idx];
  if (!canMerge(a, b)) return c;
  a.len += b.len;  // same leaf: counts and id index stay valid
  std::copy(leaf->runs + c.idx + 1, leaf->runs + leaf->n, leaf->runs + c.idx);
  --leaf->n;
  return Cursor{leaf, c.idx - 1};
}

// ---- RunTree: bulk load ----

void RunTree::load(std::vector<Run> runs, std::u32string content,
                   const std::vector<IdRange>& byId) {
  clear();
  content_ = std::move(content);
  // Leaves and inner nodes are filled to 3/4 so that the first edits do not split them all.
  constexpr uint32_t kLeafFill = kLeafCap * 3 / 4, kInnerFill = kInnerCap * 3 / 4;
  std::vector<Node*> level;
  level.reserve(runs.size() / kLeafFill + 1);
  std::vector<uint64_t> levelVis, levelTot;
  Leaf* prev = nullptr;
  for (size_t i = 0; i < runs.size(); i += kLeafFill) {
    auto* leaf = new Leaf;
    if (i == 0) first_ = leaf;
    uint64_t vis = 0, tot = 0;
    for (size_t j = i; j < runs.size() && j < i + kLeafFill; ++j) {
      const Run& r = runs[j];
      leaf->runs[leaf->n++] = r;
      vis += r.deleted ? 0 : r.len;
      tot += r.len;
    }
    leaf->prev = prev;
    if (prev != nullptr) prev->next = leaf;
    prev = leaf;
    level.push_back(leaf);
    levelVis.push_back(vis);
    levelTot.push_back(tot);
    visible_ += vis;
    total_ += tot;
  }
  // The run at index j went to leaf j / kLeafFill.
  index_.rebuild(byId,
                 [&level](uint32_t run) { return static_cast<Leaf*>(level[run / kLeafFill]); });
  while (level.size() > 1) {
    std::vector<Node*> up;
    std::vector<uint64_t> upVis, upTot;
    for (size_t i = 0; i < level.size(); i += kInnerFill) {
      auto* inner = new Inner;
      uint64_t vis = 0, tot = 0;
      for (size_t j = i; j < level.size() && j < i + kInnerFill; ++j) {
        inner->child[inner->n] = level[j];
        inner->vis[inner->n] = levelVis[j];
        inner->tot[inner->n] = levelTot[j];
        ++inner->n;
        level[j]->parent = inner;
        vis += levelVis[j];
        tot += levelTot[j];
      }
      up.push_back(inner);
      upVis.push_back(vis);
      upTot.push_back(tot);
    }
    level.swap(up);
    levelVis.swap(upVis);
    levelTot.swap(upTot);
  }
  if (!level.empty()) root_ = level[0];
}

std::vector<IdRange> sortedIds(const std::vector<Run>& runs) {
  std::vector<IdRange> ranges;
  ranges.reserve(runs.size());
  for (size_t i = 0; i < runs.size(); ++i) {
    const Run& r = runs[i];
    ranges.push_back(IdRange{r.actor, uint32_t(i), r.counter, r.end()});
  }
  // Two fields compared by hand: std::tie's three-way comparison was a tenth of a
  // snapshot's load (session 10).
  std::sort(ranges.begin(), ranges.end(), [](const IdRange& a, const IdRange& b) {
    return a.actor != b.actor ? a.actor < b.actor : a.begin < b.begin;
  });
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].actor == ranges[i - 1].actor && ranges[i].begin < ranges[i - 1].end) {
      throw std::invalid_argument("sequence runs: an id appears twice");
    }
  }
  return ranges;
}

template <typename LeafOf>
void IdIndex::rebuild(const std::vector<IdRange>& byId, LeafOf leafOf) {
  clear();
  for (const IdRange& e : byId) {
    if (e.actor >= maps_.size()) {
      maps_.resize(e.actor + 1);
      top_.resize(e.actor + 1, 0);
    }
    auto& m = maps_[e.actor];
    Leaf* leaf = leafOf(e.run);
    // Neighbours in id order that live in one leaf share an entry; gaps hold no ids.
    if (m.empty() || m.back().value != leaf) m.pushBack(e.begin, leaf);
    top_[e.actor] = e.end;
  }
}

}  // namespace rs::crdt::detail
