// A profile's history as spans (doc/change_spans.h), one LMDB record per span: one person's
// consecutive changes in one compressed record instead of one packed message each (issue 11).
//
// Key: report (16 raw bytes) ++ actor (16 bytes) ++ the span's last seq (8 bytes,
// big-endian), so the span holding (actor, seq) is the first key at or after
// report ++ actor ++ seq, and the span a new change of its actor continues is the one keyed
// by seq - 1. Value: the span's bytes (SpanInfo::bytes).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doc/change_spans.h"
#include "store/lmdb.h"

namespace rs::core {

// New changes (a merge's runs) join the stored span they continue while it holds fewer than
// this many; a single change (a local commit) only while it holds fewer than 32 (see
// kCommitJoinLimit in span_table.cpp: the join re-encodes the span on the key path).
constexpr uint64_t kSpanJoinLimit = 256;

class SpanTable {
 public:
  SpanTable() = default;
  explicit SpanTable(store::Dbi dbi) : dbi_(dbi) {}

  // Stores changes the table does not hold yet (`report` is the 16-byte raw id), each run
  // joined to the stored span of its actor that ends just before it (see kSpanJoinLimit).
  void add(store::Txn& txn, std::string_view report, std::span<const doc::Change> changes,
           const crdt::ActorTable& actors);

  // The stored span holding `id`: its key and bytes.
  std::optional<std::pair<std::string, std::string_view>> find(store::Txn& txn,
                                                               std::string_view report,
                                                               const doc::ChangeId& id) const;
  bool has(store::Txn& txn, std::string_view report, const doc::ChangeId& id) const {
    return find(txn, report, id).has_value();
  }
  // The changes of `actor` with seq in [fromSeq, toSeq] held, in seq order, actors
  // interned into `actors`. Throws InputError when a stored span does not decode.
  std::vector<doc::Change> range(store::Txn& txn, std::string_view report,
                                 const crdt::ActorId& actor, uint64_t fromSeq, uint64_t toSeq,
                                 crdt::ActorTable& actors) const;

  // Every span of the report, ordered by first lamport (so each after those it depends
  // on), as views into the transaction's pages.
  std::vector<std::string_view> spans(store::Txn& txn, std::string_view report) const;
  // The report's whole history (doc/change_spans.h), from the stored spans as they are.
  std::string history(store::Txn& txn, std::string_view report) const {
    return doc::joinSpans(spans(txn, report));
  }
  // Every held change id of the report, from the span headers.
  std::vector<doc::ChangeId> ids(store::Txn& txn, std::string_view report) const;
  // Removes every span of the report.
  void clear(store::Txn& txn, std::string_view report) const;

 private:
  store::Dbi dbi_;
};

// Held changes as packed bytes (doc/change_codec.h), looked up one by one in the order a
// merge or a push meets them: the span last decoded is kept, so a run of lookups in one
// span decodes it once.
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

}  // namespace rs::core
