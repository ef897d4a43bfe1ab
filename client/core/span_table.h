// A profile's history as spans (doc/change_spans.h), one LMDB record per span: one person's
// consecutive changes in one compressed record instead of one packed message each (issue 11),
// plus a log of single local changes not folded into spans yet.
//
// Spans: key report (16 raw bytes) ++ actor (16 bytes) ++ the span's last seq (8 bytes,
// big-endian), so the span holding (actor, seq) is the first key at or after
// report ++ actor ++ seq, and the span a new change of its actor continues is the one keyed
// by seq - 1. Value: the span's bytes (SpanInfo::bytes).
//
// Log: key report ++ actor ++ seq (the change's own), value the change packed
// (doc/change_codec.h). A local commit appends one record and reads or re-encodes nothing
// (joining a span meant decoding and zstd-encoding it again on every key: gui-typing's p99);
// fold() moves the log into spans when the report's snapshot is written. Every read below
// (lookups, ranges, the history, ids) sees the spans and the log together, so a change is
// found whether or not it was folded yet.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crdt/version_vector.h"
#include "doc/change_spans.h"
#include "store/lmdb.h"

namespace rs::core {

// New changes (a merge's runs, a folded log) join the stored span they continue while it
// holds fewer than this many; a single merged change only while it holds fewer than 32 (see
// kSingleJoinLimit in span_table.cpp: the join decodes and re-encodes the span).
constexpr uint64_t kSpanJoinLimit = 256;

class SpanTable {
 public:
  SpanTable() = default;
  SpanTable(store::Dbi spans, store::Dbi log) : dbi_(spans), log_(log) {}

  // Appends one local change, `packed` (doc/change_codec.h, as encodeChange gave it), to the
  // report's log: one record written, nothing read. The caller has checked that it decodes.
  void append(store::Txn& txn, std::string_view report, const doc::ChangeId& id,
              std::string_view packed) const;
  // Moves every logged change of the report into spans (joined as add() joins runs) and
  // empties its log, in `txn`. Returns how many moved. Throws InputError when a logged
  // change does not decode (the transaction is then not to be committed).
  size_t fold(store::Txn& txn, std::string_view report);
  // How many changes of the report wait in the log.
  size_t logged(store::Txn& txn, std::string_view report) const;

  // Stores changes the table does not hold yet (`report` is the 16-byte raw id), each run
  // joined to the stored span of its actor that ends just before it (see kSpanJoinLimit).
  void add(store::Txn& txn, std::string_view report, std::span<const doc::Change> changes,
           const crdt::ActorTable& actors);

  // Stores one span as received (SpanInfo::bytes, e.g. a pulled page's), none of whose
  // changes the table holds: one record, nothing decoded or encoded again. The caller has
  // applied it, so it decodes.
  void putSpan(store::Txn& txn, std::string_view report, std::string_view span) const;

  // The stored span holding `id`: its key and bytes (a logged change has none).
  std::optional<std::pair<std::string, std::string_view>> find(store::Txn& txn,
                                                               std::string_view report,
                                                               const doc::ChangeId& id) const;
  // Whether every change of `span` (a received span: SpanInfo::bytes) is held exactly as
  // the span has it: a stored span of the same bytes (nothing decoded), else each change
  // decoded and compared with the held one (actors interned into `actors`). False when one
  // is not held or differs. Throws InputError when a span does not decode.
  bool holdsAlike(store::Txn& txn, std::string_view report, const doc::SpanInfo& span,
                  crdt::ActorTable& actors) const;
  // Whether `id` is held, in a span or in the log.
  bool has(store::Txn& txn, std::string_view report, const doc::ChangeId& id) const;
  // The logged change `id`, packed, or nullopt when it is not in the log.
  std::optional<std::string_view> loggedChange(store::Txn& txn, std::string_view report,
                                               const doc::ChangeId& id) const;
  // The report's whole history (doc/change_spans.h): the stored spans as they are and the
  // logged changes encoded as spans, ordered by first lamport (each span after those it
  // depends on). Throws InputError when a logged change does not decode.
  std::string history(store::Txn& txn, std::string_view report) const;
  // The part of the report's history past `held` up to `upTo` (doc/change_spans.h): the
  // stored spans holding any of it, as they are (so they may begin before it), and its
  // logged changes encoded as spans, ordered as history() orders them. For applying with
  // applyHistory(..., &upTo), which skips what is held. Throws InputError as history() does.
  std::string historyBetween(store::Txn& txn, std::string_view report,
                             const crdt::VersionVector& held,
                             const crdt::VersionVector& upTo) const;
  // Every held change id of the report, from the span headers and the log's keys.
  std::vector<doc::ChangeId> ids(store::Txn& txn, std::string_view report) const;
  // Removes every span and logged change of the report.
  void clear(store::Txn& txn, std::string_view report) const;

 private:
  // The logged changes of the report, decoded in key order (actor, seq), actors interned
  // into `actors`; `keys`, when given, receives their keys.
  std::vector<doc::Change> loggedChanges(store::Txn& txn, std::string_view report,
                                         crdt::ActorTable& actors,
                                         std::vector<std::string>* keys = nullptr) const;

  store::Dbi dbi_, log_;
};

// Held changes as packed bytes (doc/change_codec.h), looked up one by one in the order a
// merge or a push meets them: a logged change as it is stored; of spans, the one last
// decoded is kept, so a run of lookups in one span decodes it once.
class PackedLookup {
 public:
  PackedLookup(const SpanTable& table, store::Txn& txn, std::string_view report)
      : table_(table), txn_(txn), report_(report) {}
  std::optional<std::string> get(const doc::ChangeId& id);

 private:
  const SpanTable& table_;
  store::Txn& txn_;
  std::string report_;
  doc::SpanUnpacker unpacker_;
};

// Report key ++ actor key ++ seq: the key layout of SpanTable (and of the outbox).
std::string actorSeqKey(std::string_view report, const crdt::ActorId& actor, uint64_t seq);
// The change such a key (40 bytes) names; throws InputError for a key of another length.
doc::ChangeId idOfActorSeqKey(std::string_view key);

}  // namespace rs::core
