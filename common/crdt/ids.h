// Identities used by the merge engine.
//
// An actor is one (device, user) pair: 16 random bytes. Inside one document actors are
// referred to by a small index into that document's ActorTable, so that items and ops
// stay small. Indices are local to one replica's memory; anything that leaves the
// process (changes, snapshots) carries the 16 bytes, or a table that maps them.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rs::crdt {

using ActorId = std::array<uint8_t, 16>;
using ActorIdx = uint32_t;

std::string toHex(const ActorId& actor);
// Returns false when `hex` is not 32 hex digits.
bool fromHex(std::string_view hex, ActorId& out);

// Maps actor bytes to dense indices for one document. Order of indices is arrival order
// and therefore differs between replicas; compare() orders by the bytes, which is the
// same everywhere.
class ActorTable {
 public:
  ActorIdx intern(const ActorId& actor);
  std::optional<ActorIdx> find(const ActorId& actor) const;
  const ActorId& bytes(ActorIdx idx) const { return actors_[idx]; }
  size_t size() const { return actors_.size(); }
  // Negative, zero or positive as the actors' bytes compare.
  int compare(ActorIdx a, ActorIdx b) const;

 private:
  struct Hash {
    size_t operator()(const ActorId& a) const;
  };
  std::vector<ActorId> actors_;
  std::unordered_map<ActorId, ActorIdx, Hash> index_;
};

// Every op gets an OpId. Inserting N characters consumes N consecutive counters, so a
// run of characters typed in a row is (counter..counter+N-1, actor).
struct OpId {
  uint64_t counter = 0;  // the Lamport clock value
  ActorIdx actor = 0;
  bool operator==(const OpId&) const = default;
};

// A change is named by its actor and a per-actor sequence number 1, 2, 3 ...
struct ChangeId {
  ActorId actor{};
  uint64_t seq = 0;
  auto operator<=>(const ChangeId&) const = default;
};

}  // namespace rs::crdt
