// The compact, columnar form of a history of changes (issue 11), as in Automerge's binary
// format and diamond-types.
//
// A history is a list of spans. A span holds consecutive changes of one actor: seq
// n, n+1, ..., each change's lamport one past the previous change's last counter, each
// depending on the previous change alone (the first change's deps are written out), all by
// the same author. That is what one person typing produces: one change per key. Inside a
// span every field is a column of integers (ops per change, time deltas, op kinds, anchor
// shapes, counter deltas), written as runs (doc/columns.h), so a run of characters typed in
// a row costs one run per column, and its text is stored once; the body of each span is
// compressed with zstd. Ops other than text inserts and deletes are rare and are written
// field by field.
//
// Layout (all numbers LEB128 varints; "z" marks a zigzag signed one):
//   history: "RSH" 0x01, span count, then per span: byte length, span
//   span:    format byte 1, actor count, actors (16 bytes each; 0 is the span's own),
//            first seq, change count, first lamport, body length, zstd frame of the body
//   body:    dep count, deps (actor index, seq), author (length, UTF-8),
//            kColumnCount columns (byte length, runs), text (length, UTF-8), rare ops
//
// Every decoder refuses malformed, truncated, oversized and forged input with InputError
// and allocates only for bytes it has actually read (counts are bounded by the bytes left,
// changes and ops per span by kMaxSpanChanges and kMaxSpanOps).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "doc/change.h"

namespace rs::doc {

// The encoder starts a new span past these; the decoder refuses spans claiming more.
constexpr uint64_t kMaxSpanChanges = 16'384;
constexpr uint64_t kMaxSpanOps = 1 << 20;
constexpr uint64_t kMaxSpanBodyBytes = 64 << 20;
// decodeHistory refuses a history whose span headers claim more changes than this (about
// 15 times the automerge-paper trace; a decoded change takes a few hundred bytes), or whose
// changes hold more ops than max(changes allowed, kMaxSpanOps).
constexpr uint64_t kMaxHistoryChanges = 4'000'000;

// What a span's header says, read without decompressing its body.
struct SpanInfo {
  ChangeId first;             // the span's actor and its first seq
  uint64_t count = 0;         // changes: seq first.seq .. first.seq + count - 1
  uint64_t firstLamport = 0;  // the first change's lamport
  std::string_view bytes;     // the span itself, as decodeSpan takes it
  uint64_t lastSeq() const { return first.seq + count - 1; }
};

// Encodes `changes` (any order and actors; a repeated id is written once) as a history
// whose spans are ordered by first lamport, so that decoding yields every change after its
// dependencies. Actor indices in the ops are looked up in `actors`. Throws InputError for a
// change with more than kMaxSpanOps ops.
// `order`, when given, receives the ids in the order decoding yields them.
std::string encodeHistory(std::span<const Change> changes, const crdt::ActorTable& actors,
                          std::vector<ChangeId>* order = nullptr);

// The spans of a history, from their headers only. Throws InputError on malformed bytes,
// or when the spans claim more than `maxChanges` changes in all.
std::vector<SpanInfo> listSpans(std::string_view history, uint64_t maxChanges = kMaxHistoryChanges);

// The changes of one span (SpanInfo::bytes) with seq in [fromSeq, toSeq], actors interned
// into `actors`. Changes past toSeq are not decoded. Throws InputError on malformed bytes;
// `actors` may then have gained actors, nothing else is modified.
std::vector<Change> decodeSpan(std::string_view span, crdt::ActorTable& actors,
                               uint64_t fromSeq = 1, uint64_t toSeq = UINT64_MAX);

// The changes of one span (SpanInfo::bytes) with seq in [fromSeq, toSeq] as pieces in seq
// order: each stretch of changes whose ops are all text inserts and deletes as one
// ChangeRun (decoded straight into it: a character typed on makes no op of its own), every
// other change as itself. Takes at most `opsLeft` ops and counts down what it took. Throws
// InputError on malformed bytes, as decodeSpan does.
using SpanPiece = std::variant<ChangeRun, Change>;
std::vector<SpanPiece> decodeSpanPieces(std::string_view span, crdt::ActorTable& actors,
                                        uint64_t& opsLeft, uint64_t fromSeq = 1,
                                        uint64_t toSeq = UINT64_MAX);

// Every change of a history, each after its dependencies. Throws InputError as listSpans
// and decodeSpan do.
std::vector<Change> decodeHistory(std::string_view history, crdt::ActorTable& actors,
                                  uint64_t maxChanges = kMaxHistoryChanges);

// The changes of `actor` with seq in [fromSeq, toSeq]; spans of other actors or other
// seqs are skipped by their headers, without decompressing them.
std::vector<Change> decodeRange(std::string_view history, const crdt::ActorId& actor,
                                uint64_t fromSeq, uint64_t toSeq, crdt::ActorTable& actors);

// Packed changes (doc/change_codec.h), as the stores and the server's pipeline hold them,
// as one history; `order` as for encodeHistory. Throws InputError when a change does not
// decode.
std::string packedToHistory(std::span<const std::string> packed,
                            std::vector<ChangeId>* order = nullptr);
// A history's changes as packed changes, each after its dependencies, decoded a span at a
// time. Throws InputError as decodeHistory does.
std::vector<std::string> historyToPacked(std::string_view history,
                                         uint64_t maxChanges = kMaxHistoryChanges);

// Whether `next` continues a span whose last change is `prev`: same actor and author, the
// next seq, lamport one past prev's last counter, prev its only dependency.
bool extendsSpan(const Change& prev, const Change& next);

// The header of one span (SpanInfo::bytes), its body not decompressed. Throws InputError
// on malformed bytes.
SpanInfo readSpanInfo(std::string_view span);

// `changes` as spans (SpanInfo::bytes form), ordered as encodeHistory orders them. The
// stores keep these; consecutive changes that chain (extendsSpan) become one span.
std::vector<std::string> encodeSpans(std::span<const Change> changes,
                                     const crdt::ActorTable& actors);

// A history of already-encoded spans, in the order given (the caller keeps each span after
// the spans it depends on). No span is decoded.
std::string joinSpans(std::span<const std::string_view> spans);

// Single changes of stored spans as packed changes (doc/change_codec.h), for comparing a
// change sent again with the one held. The packed changes of the span last asked for are
// kept, so a run of lookups in one span decodes it once.
class SpanUnpacker {
 public:
  // Packed change `seq` of `span` (`key` names the span for the cache: a new key means
  // another span), or nullopt when the span does not hold that seq. Throws InputError when
  // the span does not decode.
  std::optional<std::string> packed(std::string_view key, std::string_view span, uint64_t seq);

 private:
  std::string key_;
  std::vector<std::string> packed_;  // the changes of the span named key_, in seq order
  uint64_t firstSeq_ = 0;
};

// Splits one span at `seq`: the changes before it and from it on, each a history of one
// span. Throws InputError unless first.seq < seq <= lastSeq.
std::pair<std::string, std::string> splitSpan(std::string_view span, uint64_t seq);

}  // namespace rs::doc
