#include "doc/history_apply.h"

#include <algorithm>

namespace rs::doc {

namespace {

// Applies one change and counts it; false, applying nothing, when its deps are not held.
bool applyCounted(Document& doc, const Change& c, HistoryApplied& out) {
  switch (doc.apply(c)) {
    case ApplyResult::kApplied:
      ++out.applied;
      return true;
    case ApplyResult::kDuplicate:
      ++out.duplicates;
      return true;
    case ApplyResult::kMissingDeps:
      break;
  }
  return false;
}

}  // namespace

bool applySpanPieces(Document& doc, const SpanInfo& span, uint64_t fromSeq, uint64_t toSeq,
                     uint64_t& opsLeft, HistoryApplied& out) {
  for (SpanPiece& piece : decodeSpanPieces(span.bytes, doc.actors(), opsLeft, fromSeq, toSeq)) {
    if (auto* run = std::get_if<ChangeRun>(&piece)) {
      std::optional<ApplyResult> r = doc.apply(*run);
      if (r != ApplyResult::kApplied) return false;
      out.applied += run->count;
      continue;
    }
    if (!applyCounted(doc, std::get<Change>(piece), out)) return false;
  }
  return true;
}

HistoryApplied applyHistory(Document& doc, std::string_view history, uint64_t maxChanges,
                            const crdt::VersionVector* upTo) {
  HistoryApplied out;
  uint64_t opsLeft = std::max(maxChanges, kMaxSpanOps);  // as decodeHistory budgets ops
  for (const SpanInfo& span : listSpans(history, maxChanges)) {
    const uint64_t last =
        upTo ? std::min(span.lastSeq(), upTo->get(span.first.actor)) : span.lastSeq();
    if (last < span.first.seq) continue;  // wholly past upTo
    uint64_t held = doc.version().get(span.first.actor);
    if (held >= span.first.seq) out.duplicates += std::min(held, last) - span.first.seq + 1;
    if (held >= last) continue;
    const uint64_t from = std::max(held + 1, span.first.seq);
    if (applySpanPieces(doc, span, from, last, opsLeft, out)) continue;
    // Change by change, from the first not held: a span waiting for deps, or with a run
    // some op of which does not take effect.
    held = doc.version().get(span.first.actor);
    for (Change& c : decodeSpan(span.bytes, doc.actors(), std::max(held + 1, from), last))
      if (!applyCounted(doc, c, out)) out.missing.push_back(std::move(c));
  }
  return out;
}

}  // namespace rs::doc
