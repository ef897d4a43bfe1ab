// The section tree: which placement of each section wins, and the outline it gives.
//
// Placements are replayed in OpId order; a placement that would put a section inside its
// own subtree is skipped. The result depends only on the set of placements, so concurrent
// moves (even crossing ones) give the same tree everywhere.
#include <algorithm>

#include "doc/document.h"

namespace rs::doc {

std::optional<OpId> Document::effectiveParent(OpId section) const {
  auto it = current_.find(section);
  if (it == current_.end()) return std::nullopt;
  return it->second.parent;
}

void Document::recomputeTree() {
  std::vector<const Placement*> order;
  for (const Placement& p : placements_) order.push_back(&p);
  std::sort(order.begin(), order.end(), [&](const Placement* a, const Placement* b) {
    return crdt::opIdLess(*actors_, a->id, b->id);
  });
  current_.clear();
  childCount_.clear();
  newestPlacement_.reset();
  for (const Placement* p : order) place(*p);
}

void Document::addPlacement(const Placement& placement) {
  placements_.push_back(placement);
  // Replaying in OpId order, the newest placement comes last: the tree so far stays and
  // this one is replayed on it, which is what recomputeTree() would do.
  if (!newestPlacement_ || crdt::opIdLess(*actors_, *newestPlacement_, placement.id))
    place(placement);
  else
    recomputeTree();
}

void Document::place(const Placement& p) {
  newestPlacement_ = p.id;
  if (p.parent == p.section) return;
  // Only a section with sections under it can be moved into its own subtree; a new one
  // (the usual placement) needs no walk up a tree that may be thousands deep.
  if (childCount_.count(p.section))
    for (std::optional<OpId> up = p.parent; up; up = effectiveParent(*up))
      if (*up == p.section) return;  // into its own subtree: skipped
  auto [it, added] = current_.try_emplace(p.section, p);
  if (!added) {
    if (it->second.parent) {
      auto count = childCount_.find(*it->second.parent);
      if (--count->second == 0) childCount_.erase(count);
    }
    it->second = p;
  }
  if (p.parent) ++childCount_[*p.parent];
}

std::vector<Document::OutlineEntry> Document::outline() const {
  std::unordered_map<OpId, OpId, OpIdHash> sectionOf;
  for (const auto& [section, placement] : current_) sectionOf[placement.id] = section;

  // Depth first without recursion: the tree may be nested deeper than the outline shows
  // (moves, concurrent or not, can hang a subtree below level 9). A section below
  // kMaxOutlineDepth is shown at that level, numbered on from its ancestor there, so that
  // every section is shown, in order, with a number of at most 9 parts.
  struct Frame {
    std::optional<OpId> owner;  // the section whose children these are; nullopt: the root
    const Sequence* children;
    size_t next;
    bool ownLevel;  // its sections are numbered at a level of their own
  };
  std::vector<OutlineEntry> out;
  std::vector<int> number{0};  // the last number shown; its last part counts the level
  std::vector<Frame> stack{{std::nullopt, rootChildren_.get(), 0, true}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.children->size()) {
      if (top.ownLevel) number.pop_back();
      stack.pop_back();
      continue;
    }
    auto it = sectionOf.find(top.children->idAt(top.next++));
    if (it == sectionOf.end()) continue;  // an outdated placement
    // A section is shown only from its parent's children, so at most once: a hostile
    // snapshot can list a placement in other sections' children too, even its own (a
    // fuzzed one made the walk endless).
    if (current_.at(it->second).parent != top.owner) continue;
    ++number.back();
    out.push_back({it->second, int(number.size()), number});
    const bool ownLevel = number.size() < size_t(kMaxOutlineDepth);
    stack.push_back({it->second, &sections_.at(it->second)->children, 0, ownLevel});
    if (ownLevel) number.push_back(0);
  }
  return out;
}

std::optional<OpId> Document::sectionByNumber(const std::vector<int>& number) const {
  for (const OutlineEntry& e : outline())
    if (e.number == number) return e.id;
  return std::nullopt;
}

}  // namespace rs::doc
