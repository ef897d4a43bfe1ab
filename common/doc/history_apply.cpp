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

bool applySpanPieces(Document& doc, const SpanInfo& span, uint64_t& opsLeft, HistoryApplied& out) {
  for (SpanPiece& piece : decodeSpanPieces(span.bytes, doc.actors(), opsLeft)) {
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

HistoryApplied applyHistory(Document& doc, std::string_view history, uint64_t maxChanges) {
  HistoryApplied out;
  uint64_t opsLeft = std::max(maxChanges, kMaxSpanOps);  // as decodeHistory budgets ops
  for (const SpanInfo& span : listSpans(history, maxChanges)) {
    uint64_t held = doc.version().get(span.first.actor);
    if (held >= span.lastSeq()) {
      out.duplicates += span.count;
      continue;
    }
    if (held < span.first.seq && applySpanPieces(doc, span, opsLeft, out)) continue;
    // Change by change, from the first not held: a span partly held, waiting for deps, or
    // with a run some op of which does not take effect.
    held = doc.version().get(span.first.actor);
    for (Change& c : decodeSpan(span.bytes, doc.actors(), held + 1))
      if (!applyCounted(doc, c, out)) out.missing.push_back(std::move(c));
  }
  return out;
}

}  // namespace rs::doc
