// Version vectors: actor -> highest seq held. Names a document state compactly.
#pragma once

#include <map>
#include <string>

#include "crdt/ids.h"

namespace rs::crdt {

class VersionVector {
 public:
  uint64_t get(const ActorId& actor) const {
    auto it = seqs_.find(actor);
    return it == seqs_.end() ? 0 : it->second;
  }
  void set(const ActorId& actor, uint64_t seq) { seqs_[actor] = seq; }
  bool includes(const ChangeId& id) const { return get(id.actor) >= id.seq; }
  bool includes(const VersionVector& other) const {
    for (const auto& [actor, seq] : other.seqs_)
      if (get(actor) < seq) return false;
    return true;
  }
  void merge(const VersionVector& other) {
    for (const auto& [actor, seq] : other.seqs_)
      if (get(actor) < seq) seqs_[actor] = seq;
  }
  uint64_t total() const {
    uint64_t n = 0;
    for (const auto& [actor, seq] : seqs_) n += seq;
    return n;
  }
  // Sorted by actor bytes: iteration order is the same on every replica.
  const std::map<ActorId, uint64_t>& entries() const { return seqs_; }
  bool operator==(const VersionVector&) const = default;

 private:
  std::map<ActorId, uint64_t> seqs_;
};

}  // namespace rs::crdt
