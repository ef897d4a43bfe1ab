// Multi-value register: concurrent writes are all kept until a later write that saw them
// replaces them. Values are ordered by OpId (counter, then actor bytes), so every replica
// lists them the same way.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "crdt/ids.h"

namespace rs::crdt {

// Total order on OpIds that is the same on every replica.
inline bool opIdLess(const ActorTable& actors, OpId a, OpId b) {
  if (a.counter != b.counter) return a.counter < b.counter;
  return actors.compare(a.actor, b.actor) < 0;
}

struct OpIdHash {
  size_t operator()(OpId id) const { return std::hash<uint64_t>()(id.counter * 1000003u ^ id.actor); }
};

template <typename T>
class MultiRegister {
 public:
  struct Entry {
    OpId id;
    T value;
  };

  // `id` is the write's own OpId; `pred` the entries it replaces.
  void write(const ActorTable& actors, OpId id, const std::vector<OpId>& pred, T value) {
    std::erase_if(entries_, [&](const Entry& e) {
      return std::find(pred.begin(), pred.end(), e.id) != pred.end();
    });
    auto pos = std::find_if(entries_.begin(), entries_.end(),
                            [&](const Entry& e) { return opIdLess(actors, id, e.id); });
    entries_.insert(pos, Entry{id, std::move(value)});
  }

  const std::vector<Entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  bool conflicted() const { return entries_.size() > 1; }
  std::vector<OpId> ids() const {
    std::vector<OpId> out;
    for (const Entry& e : entries_) out.push_back(e.id);
    return out;
  }
  // The value shown where one value is needed: the latest write.
  const T* latest() const { return entries_.empty() ? nullptr : &entries_.back().value; }

  void restore(std::vector<Entry> entries) { entries_ = std::move(entries); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace rs::crdt
