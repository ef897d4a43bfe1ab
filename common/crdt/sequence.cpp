#include "crdt/sequence.h"

#include "util/utf8.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>
#include <string>

#include "crdt/sequence_tree.h"

namespace rs::crdt {

using detail::Cursor;
using detail::Run;
using detail::RunTree;

namespace {

OpId toStored(const std::optional<OpId>& id) {
  return id ? *id : OpId{0, detail::kNoActor};
}

std::optional<OpId> fromStored(const OpId& id) {
  return detail::isSet(id) ? std::optional<OpId>(id) : std::nullopt;
}

std::string describe(OpId id) {
  return "(" + std::to_string(id.counter) + ", actor " + std::to_string(id.actor) + ")";
}

}  // namespace

Sequence::Sequence(const ActorTable& actors)
    : actors_(&actors), tree_(std::make_unique<RunTree>()) {}

Sequence::Sequence(const Sequence& other) : Sequence(fromRuns(*other.actors_, other.runs())) {}

Sequence& Sequence::operator=(const Sequence& other) {
  if (this != &other) *this = Sequence(other);
  return *this;
}

Sequence::Sequence(Sequence&&) noexcept = default;
Sequence& Sequence::operator=(Sequence&&) noexcept = default;
Sequence::~Sequence() = default;

size_t Sequence::size() const {
  return tree_->visible();
}

size_t Sequence::runCount() const {
  size_t n = 0;
  for (Cursor c = tree_->begin(); !tree_->atEnd(c); tree_->advance(c)) ++n;
  return n;
}

// ---- local edits ----

void Sequence::checkNewIds(OpId first, size_t count) const {
  if (count == 0) throw std::invalid_argument("sequence insert: empty content");
  if (first.actor == detail::kNoActor || first.actor >= actors_->size()) {
    throw std::invalid_argument("sequence insert: actor index not in the actor table");
  }
  if (count > UINT32_MAX || first.counter > UINT64_MAX - count) {
    throw std::invalid_argument("sequence insert: id range overflows");
  }
  // Fresh Lamport counters lie above everything known, which makes the common check cheap.
  if (first.counter < tree_->topCounter(first.actor) &&
      tree_->anyKnown(first.actor, first.counter, first.counter + count)) {
    throw std::invalid_argument("sequence insert: ids " + describe(first) + ".. already used");
  }
}

std::optional<OpId> Sequence::idAfter(Cursor at) const {
  tree_->normalize(at);
  if (tree_->atEnd(at)) return std::nullopt;
  return tree_->run(at).id();
}

InsertOp Sequence::insertLocal(size_t pos, std::u32string_view content, OpId firstId) {
  if (pos > size()) throw std::out_of_range("sequence insert: position past the end");
  checkNewIds(firstId, content.size());
  InsertOp op{firstId, std::nullopt, std::nullopt, std::u32string(content)};
  auto n = uint32_t(content.size());
  Cursor at = tree_->begin();  // pos 0: before everything, tombstones included
  if (pos > 0) {
    // Insert right after the visible element pos-1, before any tombstones that follow it.
    uint32_t offset = 0;
    Cursor c = tree_->findVisible(pos - 1, offset);
    Run& left = tree_->run(c);
    op.originLeft = left.id(offset);
    if (offset + 1 < left.len) {
      at = tree_->split(c, offset + 1);
    } else {
      at = Cursor{c.leaf, c.idx + 1};
      op.originRight = idAfter(at);
      // Typing on at the end of the run this actor just typed: grow it in place.
      if (left.actor == firstId.actor && left.end() == firstId.counter &&
          left.end() == tree_->topCounter(left.actor) && left.right == toStored(op.originRight) &&
          left.content + left.len == tree_->content().size()) {
        tree_->addContent(content);
        tree_->extend(c, n);
        return op;
      }
    }
  }
  op.originRight = idAfter(at);
  Run run{firstId.counter,
          firstId.actor,
          n,
          toStored(op.originLeft),
          toStored(op.originRight),
          tree_->addContent(content),
          false};
  tree_->insert(at, run);
  return op;
}

// Marks elements from..to-1 of the run at c deleted, splitting the run around them.
void Sequence::deleteInRun(Cursor c, uint32_t from, uint32_t to) {
  if (tree_->run(c).deleted) return;
  if (from > 0) c = tree_->split(c, from);
  to -= from;
  if (to < tree_->run(c).len) {
    Cursor rest = tree_->split(c, to);
    c = rest.idx > 0 ? Cursor{rest.leaf, rest.idx - 1}
                     : Cursor{rest.leaf->prev, rest.leaf->prev->n - 1};
  }
  tree_->markDeleted(c);
  // Backspacing over a run leaves neighbouring tombstones that can become one run again.
  c = tree_->mergeWithPrev(c);
  if (c.idx + 1 < c.leaf->n) tree_->mergeWithPrev(Cursor{c.leaf, c.idx + 1});
}

std::vector<DeleteOp> Sequence::deleteLocal(size_t pos, size_t len) {
  if (pos > size() || len > size() - pos) {
    throw std::out_of_range("sequence delete: range past the end");
  }
  std::vector<DeleteOp> ops;
  while (len > 0) {
    uint32_t offset = 0;
    Cursor c = tree_->findVisible(pos, offset);
    const Run& r = tree_->run(c);
    auto take = uint32_t(std::min<size_t>(r.len - offset, len));
    OpId start = r.id(offset);
    if (!ops.empty() && ops.back().start.actor == start.actor &&
        ops.back().start.counter + ops.back().length == start.counter) {
      ops.back().length += take;
    } else {
      ops.push_back(DeleteOp{start, take});
    }
    deleteInRun(c, offset, offset + take);
    len -= take;  // the deleted elements vanish, so `pos` now names the next one
  }
  return ops;
}

// ---- remote ops ----

uint64_t Sequence::absolutePosition(OpId id) const {
  uint32_t offset = 0;
  Cursor c = tree_->find(id, offset);
  assert(c.leaf != nullptr);
  return tree_->totalBefore(c) + offset;
}

// Returns the cursor of the run that starts with `id`, splitting the run holding it.
Cursor Sequence::boundaryBefore(OpId id) {
  uint32_t offset = 0;
  Cursor c = tree_->find(id, offset);
  assert(c.leaf != nullptr);
  return offset == 0 ? c : tree_->split(c, offset);
}

// Returns the position right after element `id` (the start if nullopt) as a run boundary.
Cursor Sequence::boundaryAfter(const std::optional<OpId>& id) {
  if (!id) return Cursor{tree_->begin()};
  uint32_t offset = 0;
  Cursor c = tree_->find(*id, offset);
  assert(c.leaf != nullptr);
  if (offset + 1 < tree_->run(c).len) return tree_->split(c, offset + 1);
  return Cursor{c.leaf, c.idx + 1};
}

void Sequence::applyInsert(const InsertOp& op) {
  applyInsert(op.id, op.originLeft, op.originRight, op.content);
}

void Sequence::applyInsert(OpId id, const std::optional<OpId>& originLeft,
                           const std::optional<OpId>& originRight, std::u32string_view content) {
  if (content.empty()) throw std::invalid_argument("sequence insert: empty content");
  if (contains(id)) return;  // already applied
  checkNewIds(id, content.size());
  for (const auto* origin : {&originLeft, &originRight}) {
    if (*origin && !contains(**origin)) {
      throw std::invalid_argument("sequence insert: unknown origin " + describe(**origin));
    }
  }
  if (originLeft && originRight &&
      absolutePosition(*originLeft) >= absolutePosition(*originRight)) {
    throw std::invalid_argument("sequence insert: left origin is not before right origin");
  }
  integrate(id, originLeft, originRight, content);
}

// FugueMax placement (YjsMod integration). Between the left and right origins lie only
// elements concurrent with the new one; scan them run by run (all elements of a run after
// its first have their left origin inside the scanned range, so only the first matters):
// - a run whose left origin is before ours ends the scan: we go before it;
// - a run with our left origin and a right origin before ours may be followed by our
//   place or not; remember where we were (`scanning`) until that is decided;
// - same left and right origin: a true tie, decided by actor bytes;
// - anything else (left origin inside the range) belongs to an earlier run: skip.
void Sequence::integrate(OpId id, const std::optional<OpId>& originLeft,
                         const std::optional<OpId>& originRight, std::u32string_view content) {
  if (originRight) boundaryBefore(*originRight);
  Cursor cur = boundaryAfter(originLeft);
  int64_t leftPos = originLeft ? int64_t(absolutePosition(*originLeft)) : -1;
  int64_t rightPos =
      originRight ? int64_t(absolutePosition(*originRight)) : int64_t(tree_->total());
  tree_->normalize(cur);
  Cursor dest = cur;
  bool scanning = false;
  for (;; tree_->advance(cur)) {
    if (!scanning) dest = cur;
    if (tree_->atEnd(cur)) break;
    const Run& other = tree_->run(cur);
    if (originRight && other.id() == *originRight) break;
    int64_t otherLeft = detail::isSet(other.left) ? int64_t(absolutePosition(other.left)) : -1;
    if (otherLeft < leftPos) break;
    if (otherLeft > leftPos) continue;
    int64_t otherRight = detail::isSet(other.right) ? int64_t(absolutePosition(other.right))
                                                    : int64_t(tree_->total());
    if (otherRight < rightPos) {
      scanning = true;
    } else if (otherRight == rightPos && actors_->compare(id.actor, other.actor) < 0) {
      break;
    } else {
      scanning = false;
    }
  }
  Run run{id.counter,
          id.actor,
          uint32_t(content.size()),
          toStored(originLeft),
          toStored(originRight),
          tree_->addContent(content),
          false};
  Cursor c = tree_->insert(dest, run);
  tree_->mergeWithPrev(c);  // a remote actor typing on continues its run
}

void Sequence::applyDelete(const DeleteOp& op) {
  if (op.length == 0) throw std::invalid_argument("sequence delete: empty range");
  if (op.start.counter > UINT64_MAX - op.length) {
    throw std::invalid_argument("sequence delete: id range overflows");
  }
  uint64_t end = op.start.counter + op.length;
  // Check the whole range first so that a bad op changes nothing.
  for (uint64_t k = op.start.counter; k < end;) {
    uint32_t offset = 0;
    Cursor c = tree_->find(OpId{k, op.start.actor}, offset);
    if (c.leaf == nullptr) {
      throw std::invalid_argument("sequence delete: unknown id " + describe({k, op.start.actor}));
    }
    k = tree_->run(c).end();
  }
  for (uint64_t k = op.start.counter; k < end;) {
    uint32_t offset = 0;
    Cursor c = tree_->find(OpId{k, op.start.actor}, offset);
    const Run& r = tree_->run(c);
    auto stop = uint32_t(std::min(r.end(), end) - r.counter);
    k = r.counter + stop;
    deleteInRun(c, offset, stop);
  }
}

// ---- queries ----

bool Sequence::contains(OpId id) const {
  uint32_t offset = 0;
  return tree_->find(id, offset).leaf != nullptr;
}

bool Sequence::isDeleted(OpId id) const {
  uint32_t offset = 0;
  Cursor c = tree_->find(id, offset);
  return c.leaf != nullptr && tree_->run(c).deleted;
}

std::u32string Sequence::text() const {
  return slice(0, size());
}

std::string Sequence::utf8() const {
  return rs::u32ToUtf8(text());
}

std::u32string Sequence::slice(size_t pos, size_t len) const {
  if (pos > size() || len > size() - pos) throw std::out_of_range("sequence slice: past the end");
  std::u32string out;
  if (len == 0) return out;
  out.reserve(len);
  uint32_t offset = 0;
  for (Cursor c = tree_->findVisible(pos, offset); out.size() < len; tree_->advance(c)) {
    const Run& r = tree_->run(c);
    if (r.deleted) continue;
    size_t take = std::min<size_t>(r.len - offset, len - out.size());
    out.append(tree_->content(), r.content + offset, take);
    offset = 0;
  }
  return out;
}

OpId Sequence::idAt(size_t visiblePos) const {
  if (visiblePos >= size()) throw std::out_of_range("sequence idAt: past the end");
  uint32_t offset = 0;
  Cursor c = tree_->findVisible(visiblePos, offset);
  return tree_->run(c).id(offset);
}

std::optional<size_t> Sequence::visiblePosition(OpId id) const {
  uint32_t offset = 0;
  Cursor c = tree_->find(id, offset);
  if (c.leaf == nullptr || tree_->run(c).deleted) return std::nullopt;
  return tree_->visibleBefore(c) + offset;
}

size_t Sequence::positionBefore(OpId id) const {
  uint32_t offset = 0;
  Cursor c = tree_->find(id, offset);
  if (c.leaf == nullptr) throw std::invalid_argument("sequence: unknown id " + describe(id));
  return tree_->visibleBefore(c) + (tree_->run(c).deleted ? 0 : offset);
}

bool Sequence::before(OpId a, OpId b) const {
  return absolutePosition(a) < absolutePosition(b);
}

// ---- runs ----

std::vector<SequenceRun> Sequence::runs() const {
  std::vector<SequenceRun> out;
  for (Cursor c = tree_->begin(); !tree_->atEnd(c); tree_->advance(c)) {
    const Run& r = tree_->run(c);
    SequenceRun run{r.id(), r.len, fromStored(r.left), fromStored(r.right), r.deleted, {}};
    if (!r.deleted) run.content.assign(tree_->content(), r.content, r.len);
    out.push_back(std::move(run));
  }
  return out;
}

Sequence Sequence::fromRuns(const ActorTable& actors, const std::vector<SequenceRun>& in) {
  std::vector<Run> runs;
  runs.reserve(in.size());
  std::u32string content;
  for (const SequenceRun& r : in) {
    if (r.content.size() != (r.deleted ? 0 : r.length)) {
      throw std::invalid_argument("sequence runs: content size does not match the run");
    }
    runs.push_back(Run{r.id.counter, r.id.actor, r.length, toStored(r.originLeft),
                       toStored(r.originRight), uint32_t(content.size()), r.deleted});
    content += r.content;
  }
  return build(actors, std::move(runs), std::move(content));
}

}  // namespace rs::crdt
