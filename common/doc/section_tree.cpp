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
  for (const Placement* p : order) {
    bool cycle = false;
    for (std::optional<OpId> up = p->parent; up && !cycle; up = effectiveParent(*up))
      cycle = *up == p->section;
    if (!cycle) current_[p->section] = *p;
  }
}

std::vector<Document::OutlineEntry> Document::outline() const {
  std::unordered_map<OpId, OpId, OpIdHash> sectionOfPlacement;
  for (const auto& [section, placement] : current_) sectionOfPlacement[placement.id] = section;

  std::vector<OutlineEntry> out;
  struct Walker {
    const Document& d;
    const std::unordered_map<OpId, OpId, OpIdHash>& sectionOf;
    std::vector<OutlineEntry>& out;
    void walk(const Sequence& children, std::vector<int> prefix) {
      int n = 0;
      for (size_t i = 0; i < children.size(); ++i) {
        auto it = sectionOf.find(children.idAt(i));
        if (it == sectionOf.end()) continue;  // an outdated placement
        std::vector<int> number = prefix;
        number.push_back(++n);
        out.push_back({it->second, int(number.size()), number});
        walk(d.sections_.at(it->second)->children, number);
      }
    }
  };
  Walker{*this, sectionOfPlacement, out}.walk(*rootChildren_, {});
  return out;
}

std::optional<OpId> Document::sectionByNumber(const std::vector<int>& number) const {
  for (const OutlineEntry& e : outline())
    if (e.number == number) return e.id;
  return std::nullopt;
}

}  // namespace rs::doc
