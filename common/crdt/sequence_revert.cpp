// Undoing a refused run of ops: a span of changes is applied op by op, each op checked by the
// sequence as it goes, and when one is refused the ops before it are taken back here, so
// that the document is exactly as it was (doc::Document::apply of a ChangeRun).
#include <algorithm>

#include "crdt/sequence.h"
#include "crdt/sequence_tree.h"

namespace rs::crdt {

using detail::Cursor;
using detail::Run;

std::vector<SequenceRun> Sequence::visibleIn(const DeleteOp& range) const {
  std::vector<SequenceRun> out;
  uint64_t end = range.start.counter + range.length;
  for (uint64_t k = range.start.counter; k < end;) {
    uint32_t offset = 0;
    Cursor c = tree_->find(OpId{k, range.start.actor}, offset);
    if (c.leaf == nullptr) return out;  // the delete itself refuses an unknown id
    const Run& r = tree_->run(c);
    auto stop = uint32_t(std::min(r.end(), end) - r.counter);
    if (!r.deleted) {
      SequenceRun piece{r.id(offset), stop - offset, std::nullopt, std::nullopt, false, {}};
      piece.content.assign(tree_->content(), r.content + offset, stop - offset);
      out.push_back(std::move(piece));
    }
    k = r.counter + stop;
  }
  return out;
}

namespace {

// Appends `r` to `out`, joined to the last run when it continues it (as RunTree keeps runs).
void pushRun(std::vector<SequenceRun>& out, SequenceRun r) {
  if (!out.empty()) {
    SequenceRun& last = out.back();
    if (last.id.actor == r.id.actor && last.id.counter + last.length == r.id.counter &&
        r.originLeft == OpId{r.id.counter - 1, r.id.actor} && r.originRight == last.originRight &&
        r.deleted == last.deleted) {
      last.length += r.length;
      last.content += r.content;
      return;
    }
  }
  out.push_back(std::move(r));
}

}  // namespace

void Sequence::revert(ActorIdx actor, uint64_t fromCounter,
                      const std::vector<SequenceRun>& hidden) {
  std::vector<const SequenceRun*> pieces;
  for (const SequenceRun& p : hidden) pieces.push_back(&p);
  auto byId = [](const SequenceRun* a, const SequenceRun* b) {
    return std::pair(a->id.actor, a->id.counter) < std::pair(b->id.actor, b->id.counter);
  };
  std::sort(pieces.begin(), pieces.end(), byId);
  // The hidden piece holding `id`, or nullptr.
  auto pieceOf = [&](OpId id) -> const SequenceRun* {
    SequenceRun key{OpId{id.counter, id.actor}, 0, {}, {}, false, {}};
    auto it = std::upper_bound(pieces.begin(), pieces.end(), &key, byId);
    if (it == pieces.begin()) return nullptr;
    const SequenceRun* p = *--it;
    bool holds = p->id.actor == id.actor && id.counter < p->id.counter + p->length;
    return holds ? p : nullptr;
  };

  std::vector<SequenceRun> out;
  for (SequenceRun r : runs()) {
    if (r.id.actor == actor && r.id.counter + r.length > fromCounter) {
      if (r.id.counter >= fromCounter) continue;
      r.length = uint32_t(fromCounter - r.id.counter);
      if (!r.deleted) r.content.resize(r.length);
    }
    if (!r.deleted) {
      pushRun(out, std::move(r));
      continue;
    }
    // A tombstone: the stretches the run deleted are shown again, with their text.
    for (uint32_t k = 0; k < r.length;) {
      OpId id{r.id.counter + k, r.id.actor};
      const SequenceRun* p = pieceOf(id);
      uint32_t n = 1;
      while (k + n < r.length &&
             (pieceOf(OpId{id.counter + n, id.actor}) != nullptr) == (p != nullptr))
        ++n;
      SequenceRun part{id,
                       n,
                       k == 0 ? r.originLeft : std::optional<OpId>(OpId{id.counter - 1, id.actor}),
                       r.originRight,
                       p == nullptr,
                       {}};
      for (uint32_t i = 0; p != nullptr && i < n; ++i) {
        const SequenceRun* q = pieceOf(OpId{id.counter + i, id.actor});
        part.content.push_back(q->content[id.counter + i - q->id.counter]);
      }
      pushRun(out, std::move(part));
      k += n;
    }
  }
  *this = fromRuns(*actors_, out);
}

}  // namespace rs::crdt
