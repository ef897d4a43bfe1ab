// The sequence CRDT: an ordered list of elements (a section's code points, a table's rows,
// a section's children) that any number of replicas edit concurrently and that converges.
//
// Ordering follows FugueMax, in the "YjsMod" form of Seph Gentle's reference-crdts: each
// inserted element records its left and right neighbours at insertion time, and concurrent
// inserts between the same neighbours are ordered so that runs typed by different people at
// one spot never interleave (forwards or backwards). Ties are broken by actor bytes, which
// every replica sees the same, never by the replica-local actor index.
//
// Elements typed in a row are stored as one run; runs sit in a B-tree that counts visible
// elements, so position lookups and edits are O(log n). Deleted elements stay as tombstones
// (without their text in snapshots) because later inserts may name them as origins.
//
// Errors: malformed ops from outside (empty insert, unknown ids, bad positions) throw
// std::invalid_argument or std::out_of_range and leave the sequence unchanged.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crdt/ids.h"
#include "proto/text.capnp.h"

namespace rs::crdt {

namespace detail {
class RunTree;
struct Cursor;
struct Run;
struct IdRange;
}  // namespace detail

struct InsertOp {
  OpId id;                          // first element's id; element i is {id.counter + i, actor}
  std::optional<OpId> originLeft;   // element immediately left at insertion time (nullopt = start)
  std::optional<OpId> originRight;  // element immediately right at insertion time (nullopt = end)
  std::u32string content;           // code points, size >= 1
  bool operator==(const InsertOp&) const = default;
};

// Deletes counters start.counter .. start.counter + length - 1 of start.actor.
struct DeleteOp {
  OpId start;
  uint32_t length = 0;
  bool operator==(const DeleteOp&) const = default;
};

// One run as stored: `length` elements with ids {id.counter + i, id.actor}; element 0 has the
// given origins, element i > 0 has originLeft = element i - 1 and the same originRight.
// `content` is empty for deleted runs (tombstones keep no text).
struct SequenceRun {
  OpId id;
  uint32_t length = 0;
  std::optional<OpId> originLeft;
  std::optional<OpId> originRight;
  bool deleted = false;
  std::u32string content;
  bool operator==(const SequenceRun&) const = default;
};

class Sequence {
 public:
  // `actors` must outlive the sequence; it is used to compare actor bytes.
  explicit Sequence(const ActorTable& actors);
  Sequence(const Sequence& other);
  Sequence& operator=(const Sequence& other);
  Sequence(Sequence&&) noexcept;
  Sequence& operator=(Sequence&&) noexcept;
  ~Sequence();

  size_t size() const;  // visible elements

  // Inserts `content` before visible position `pos` (0..size()), ids firstId, firstId+1, ...
  // which must be new. Returns the op to send to other replicas.
  InsertOp insertLocal(size_t pos, std::u32string_view content, OpId firstId);
  // Deletes visible elements pos .. pos+len-1. Returns ranges of contiguous ids.
  std::vector<DeleteOp> deleteLocal(size_t pos, size_t len);

  // Remote ops. The caller delivers them in causal order (origins already applied).
  // Re-applying a known insert or deleting a tombstone is a no-op.
  void applyInsert(const InsertOp& op);
  // The same op given by its parts: a run's inserts (doc/document_run.cpp) are applied
  // without their text first copied into an InsertOp.
  void applyInsert(OpId id, const std::optional<OpId>& originLeft,
                   const std::optional<OpId>& originRight, std::u32string_view content);
  void applyDelete(const DeleteOp& op);

  bool contains(OpId id) const;
  bool isDeleted(OpId id) const;  // false for unknown ids

  std::u32string text() const;
  std::string utf8() const;
  std::u32string slice(size_t pos, size_t len) const;
  OpId idAt(size_t visiblePos) const;
  std::optional<size_t> visiblePosition(OpId id) const;  // nullopt if deleted or unknown
  // Visible elements before this element (tombstones too); throws for unknown ids.
  size_t positionBefore(OpId id) const;
  // Whether element `a` comes before element `b`, tombstones counted; both must be held.
  bool before(OpId a, OpId b) const;

  // Undoing a refused run of ops (doc::Document::apply of a ChangeRun; sequence_revert.cpp).
  // The visible elements among counters start.counter .. + length - 1 of start.actor, with
  // their text: what a delete of that range would hide.
  std::vector<SequenceRun> visibleIn(const DeleteOp& range) const;
  // Removes every element of `actor` with counter >= `fromCounter` (the run's own inserts,
  // all newer than anything else of that actor) and shows `hidden` again (visibleIn of the
  // run's deletes, taken before each). O(elements); only a refused run pays it.
  void revert(ActorIdx actor, uint64_t fromCounter, const std::vector<SequenceRun>& hidden);

  // Snapshots: every run in document order, tombstones included, and back.
  size_t runCount() const;
  std::vector<SequenceRun> runs() const;
  // Throws std::invalid_argument for malformed runs (lengths, duplicate ids, content size).
  static Sequence fromRuns(const ActorTable& actors, const std::vector<SequenceRun>& runs);

  // Cap'n Proto form (proto/text.capnp). The document supplies the actor mapping.
  void encode(rs::proto::TextSnapshot::Builder out,
              const std::function<uint32_t(ActorIdx)>& actorToSnapshotIndex) const;
  static Sequence decode(const ActorTable& actors, rs::proto::TextSnapshot::Reader in,
                         const std::vector<ActorIdx>& snapshotIndexToActor);

 private:
  // Validates runs in document order (with their content) and loads them. Origins are checked
  // to name known elements: all of them, or only `originsToCheck` when the caller knows the
  // others are right by construction. `byId`: detail::sortedIds(runs) when the caller has it.
  static Sequence build(const ActorTable& actors, std::vector<detail::Run> runs,
                        std::u32string content, const std::vector<OpId>* originsToCheck = nullptr,
                        const std::vector<detail::IdRange>* byId = nullptr);
  void checkNewIds(OpId first, size_t count) const;
  void integrate(OpId id, const std::optional<OpId>& originLeft,
                 const std::optional<OpId>& originRight, std::u32string_view content);
  uint64_t absolutePosition(OpId id) const;
  std::optional<OpId> idAfter(detail::Cursor at) const;
  detail::Cursor boundaryBefore(OpId id);
  detail::Cursor boundaryAfter(const std::optional<OpId>& id);
  void deleteInRun(detail::Cursor c, uint32_t from, uint32_t to);

  const ActorTable* actors_;
  std::unique_ptr<detail::RunTree> tree_;
};

}  // namespace rs::crdt
