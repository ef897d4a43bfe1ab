// Sequence <-> TextSnapshot (proto/text.capnp), and validation of runs coming from outside.
#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "crdt/sequence.h"
#include "crdt/sequence_tree.h"
#include "util/utf8.h"

namespace rs::crdt {

using detail::Cursor;
using detail::IdRange;
using detail::isSet;
using detail::kNoActor;
using detail::Run;
using Origin = rs::proto::TextSnapshot::Origin;

namespace {

uint64_t zigzag(int64_t v) {
  return (uint64_t(v) << 1) ^ uint64_t(v >> 63);
}
int64_t unzigzag(uint64_t v) {
  return int64_t(v >> 1) ^ -int64_t(v & 1);
}

// For upper_bound over sortedIds: is `x` before the range's first id?
bool idBefore(const OpId& x, const IdRange& r) {
  return x.actor != r.actor ? x.actor < r.actor : x.counter < r.begin;
}

// Is `id` inside one of the ranges (sortedIds: sorted, disjoint)?
bool covered(const std::vector<IdRange>& ranges, const OpId& id) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), id, idBefore);
  if (it == ranges.begin()) return false;
  --it;
  return it->actor == id.actor && id.counter >= it->begin && id.counter < it->end;
}

// The run of `actor` whose ids end just before `counter`, or nullptr.
const Run* runEndingAt(const std::vector<IdRange>& byId, const std::vector<Run>& runs,
                       ActorIdx actor, uint64_t counter) {
  if (counter == 0) return nullptr;
  auto it = std::upper_bound(byId.begin(), byId.end(), OpId{counter - 1, actor}, idBefore);
  if (it == byId.begin()) return nullptr;
  --it;
  return it->actor == actor && it->end == counter ? &runs[it->run] : nullptr;
}

// Key for "the run of `actor` that ends just before `counter`", used by Origin::sameActor.
struct EndKey {
  ActorIdx actor;
  uint64_t end;
  bool operator==(const EndKey&) const = default;
};
struct EndKeyHash {
  size_t operator()(const EndKey& k) const { return k.end * 0x9E3779B97F4A7C15ull ^ k.actor; }
};
using RightByEnd = std::unordered_map<EndKey, OpId, EndKeyHash>;

}  // namespace

Sequence Sequence::build(const ActorTable& actors, std::vector<Run> runs, std::u32string content,
                         const std::vector<OpId>* originsToCheck,
                         const std::vector<IdRange>* byId) {
  size_t contentUsed = 0;
  for (const Run& r : runs) {
    if (r.len == 0) throw std::invalid_argument("sequence runs: empty run");
    if (r.actor >= actors.size()) throw std::invalid_argument("sequence runs: unknown actor");
    if (r.counter > UINT64_MAX - r.len) throw std::invalid_argument("sequence runs: id overflow");
    if (!r.deleted && (r.content != contentUsed || r.len > content.size() - contentUsed)) {
      throw std::invalid_argument("sequence runs: content does not match the runs");
    }
    if (!r.deleted) contentUsed += r.len;
  }
  std::vector<IdRange> sorted;
  if (byId == nullptr) {
    sorted = detail::sortedIds(runs);
    byId = &sorted;
  }
  auto check = [&](const OpId& id) {
    if (isSet(id) && !covered(*byId, id)) {
      throw std::invalid_argument("sequence runs: an origin names an unknown element");
    }
  };
  if (originsToCheck != nullptr) {
    for (const OpId& id : *originsToCheck) check(id);
  } else {
    for (const Run& r : runs) check(r.left), check(r.right);
  }
  Sequence seq(actors);
  seq.tree_->load(std::move(runs), std::move(content), *byId);
  return seq;
}

void Sequence::encode(rs::proto::TextSnapshot::Builder out,
                      const std::function<uint32_t(ActorIdx)>& actorToSnapshotIndex) const {
  std::vector<const Run*> runs;
  for (Cursor c = tree_->begin(); !tree_->atEnd(c); tree_->advance(c)) {
    runs.push_back(&tree_->run(c));
  }
  auto n = unsigned(runs.size());
  auto lengths = out.initLengths(n);
  auto deltas = out.initCounterDeltas(n);
  auto actorList = out.initActors(n);
  auto deleted = out.initDeleted(n);
  auto kinds = out.initOriginKinds(n);
  std::vector<OpId> explicitOrigins;
  RightByEnd rightByEnd;
  rightByEnd.reserve(n);
  std::string text;
  uint64_t prevEnd = 0;
  for (unsigned i = 0; i < n; ++i) {
    const Run& r = *runs[i];
    lengths.set(i, r.len);
    deltas.set(i, zigzag(int64_t(r.counter - prevEnd)));
    prevEnd = r.end();
    actorList.set(i, actorToSnapshotIndex(r.actor));
    deleted.set(i, r.deleted);
    Origin left = Origin::EXPLICIT, right = Origin::EXPLICIT;
    if (!isSet(r.left)) {
      left = Origin::NONE;
    } else if (i > 0 && r.left == runs[i - 1]->id(runs[i - 1]->len - 1)) {
      left = Origin::ADJACENT;
    } else if (r.left == OpId{r.counter - 1, r.actor}) {
      left = Origin::SAME_ACTOR;
    } else {
      explicitOrigins.push_back(r.left);
    }
    auto split = rightByEnd.find(EndKey{r.actor, r.counter});
    if (!isSet(r.right)) {
      right = Origin::NONE;
    } else if (i + 1 < n && r.right == runs[i + 1]->id()) {
      right = Origin::ADJACENT;
    } else if (split != rightByEnd.end() && split->second == r.right) {
      right = Origin::SAME_ACTOR;
    } else {
      explicitOrigins.push_back(r.right);
    }
    rightByEnd[EndKey{r.actor, r.end()}] = r.right;
    kinds.set(i, uint8_t(unsigned(left) | unsigned(right) << 2));
    if (!r.deleted) {
      for (uint32_t k = 0; k < r.len; ++k) rs::appendUtf8(text, tree_->contentAt(r.content + k));
    }
  }
  auto originCounters = out.initOriginCounters(unsigned(explicitOrigins.size()));
  auto originActors = out.initOriginActors(unsigned(explicitOrigins.size()));
  // Explicit origins are stored relative to the run they belong to; walk the runs again.
  unsigned e = 0;
  for (unsigned i = 0; i < n; ++i) {
    uint8_t kind = kinds[i];
    for (unsigned side = 0; side < 2; ++side) {
      if (Origin((kind >> (2 * side)) & 3) != Origin::EXPLICIT) continue;
      const OpId& o = explicitOrigins[e];
      originCounters.set(e, zigzag(int64_t(o.counter - runs[i]->counter)));
      originActors.set(e, actorToSnapshotIndex(o.actor));
      ++e;
    }
  }
  out.setContent(text);
}

Sequence Sequence::decode(const ActorTable& actors, rs::proto::TextSnapshot::Reader in,
                          const std::vector<ActorIdx>& snapshotIndexToActor) {
  auto lengths = in.getLengths();
  auto deltas = in.getCounterDeltas();
  auto actorList = in.getActors();
  auto deleted = in.getDeleted();
  auto kinds = in.getOriginKinds();
  auto originCounters = in.getOriginCounters();
  auto originActors = in.getOriginActors();
  unsigned n = lengths.size();
  if (deltas.size() != n || actorList.size() != n || deleted.size() != n || kinds.size() != n ||
      originCounters.size() != originActors.size()) {
    throw std::invalid_argument("text snapshot: columns of different lengths");
  }
  auto actorAt = [&](uint32_t idx) {
    if (idx >= snapshotIndexToActor.size()) {
      throw std::invalid_argument("text snapshot: actor index out of range");
    }
    return snapshotIndexToActor[idx];
  };
  // Grown as runs are read, not sized by the stated count: a packed snapshot of about 17 KB
  // can state a million all-zero runs (256 zero words pack to 2 bytes), and sizing first
  // allocated them all (56 MB) before the first was refused.
  std::vector<Run> runs;
  runs.reserve(std::min<size_t>(n, 65536));
  uint64_t prevEnd = 0;
  for (unsigned i = 0; i < n; ++i) {
    Run& r = runs.emplace_back();
    r.len = lengths[i];
    r.counter = prevEnd + uint64_t(unzigzag(deltas[i]));
    r.actor = actorAt(actorList[i]);
    r.deleted = deleted[i];
    if (r.len == 0 || r.counter > UINT64_MAX - r.len) {
      throw std::invalid_argument("text snapshot: bad run ids");
    }
    prevEnd = r.end();
  }
  // Sorted once: the duplicate check, the origins' checks and the tree's id index use it.
  const std::vector<IdRange> byId = detail::sortedIds(runs);
  // Adjacent origins name runs of this snapshot and same-actor right origins copy an origin
  // already checked; the rest must be checked against the ids present.
  std::vector<OpId> toCheck;
  unsigned e = 0;
  auto explicitOrigin = [&](const Run& r) {
    if (e >= originCounters.size()) throw std::invalid_argument("text snapshot: origins missing");
    OpId o{r.counter + uint64_t(unzigzag(originCounters[e])), actorAt(originActors[e])};
    ++e;
    return o;
  };
  std::u32string content =
      rs::utf8ToU32(std::string_view(in.getContent().cStr(), in.getContent().size()));
  uint32_t contentAt = 0;
  for (unsigned i = 0; i < n; ++i) {
    Run& r = runs[i];
    auto left = Origin(kinds[i] & 3), right = Origin((kinds[i] >> 2) & 3);
    if (left == Origin::ADJACENT) {
      if (i == 0) throw std::invalid_argument("text snapshot: first run has no neighbour");
      r.left = runs[i - 1].id(runs[i - 1].len - 1);
    } else if (left == Origin::SAME_ACTOR) {
      if (r.counter == 0) throw std::invalid_argument("text snapshot: bad left origin");
      r.left = OpId{r.counter - 1, r.actor};
      toCheck.push_back(r.left);
    } else if (left == Origin::EXPLICIT) {
      r.left = explicitOrigin(r);
      toCheck.push_back(r.left);
    }
    if (right == Origin::ADJACENT) {
      if (i + 1 == n) throw std::invalid_argument("text snapshot: last run has no neighbour");
      r.right = runs[i + 1].id();
    } else if (right == Origin::SAME_ACTOR) {
      // The right origin of the run of this actor ending where this one begins, which comes
      // earlier in the document (the encoder's rightByEnd; found in the sorted ids, where a
      // hash map allocated a node a run and was a fifth of the load, session 10).
      const Run* split = runEndingAt(byId, runs, r.actor, r.counter);
      if (split == nullptr || split >= &r) {
        throw std::invalid_argument("text snapshot: bad right origin");
      }
      r.right = split->right;
    } else if (right == Origin::EXPLICIT) {
      r.right = explicitOrigin(r);
      toCheck.push_back(r.right);
    }
    r.content = contentAt;
    if (!r.deleted) contentAt += r.len;
  }
  if (e != originCounters.size()) throw std::invalid_argument("text snapshot: extra origins");
  return build(actors, std::move(runs), std::move(content), &toCheck, &byId);
}

}  // namespace rs::crdt
