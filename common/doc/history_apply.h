// Taking in a history (doc/change_spans.h) straight from its bytes: each span of text
// changes is decoded and applied as one run (Document::apply of a ChangeRun), other spans
// change by change. This is what joining a report, a pull and a bundle do with a history.
#pragma once

#include <string_view>
#include <vector>

#include "doc/change_spans.h"
#include "doc/document.h"

namespace rs::doc {

// What applyHistory did, in changes.
struct HistoryApplied {
  uint64_t applied = 0;
  uint64_t duplicates = 0;
  // Changes whose dependencies are not held (neither in the document nor earlier in the
  // history), in history order, for the caller to keep until they arrive.
  std::vector<Change> missing;
};

// Applies the changes [fromSeq, toSeq] of one span (SpanInfo::bytes), none of which `doc`
// holds, piece by piece (decodeSpanPieces: runs as runs, other changes one by one), counting
// into `out` and taking ops from `opsLeft`. Returns false, the pieces before applied, when a
// piece must go change by change after all (a run the document will not take whole, or a
// change whose dependencies are not held); the caller goes on from the first seq not held.
// Throws InputError as applyHistory does.
bool applySpanPieces(Document& doc, const SpanInfo& span, uint64_t fromSeq, uint64_t toSeq,
                     uint64_t& opsLeft, HistoryApplied& out);

// Applies every change of `history` to `doc`, spans in the order given, each span's text
// stretches as runs (also from the middle of a span the document partly holds). With
// `upTo`, changes past it (seq above upTo's entry for their actor) are skipped and not
// decoded. Changes the document already holds are counted as duplicates. Throws InputError
// for a span that does not decode or a change the document refuses; the spans before it
// stay applied (each a valid step), and of the span itself: nothing when it went as one run
// (a span of text changes by one author), else the changes before the refused one.
// maxChanges as for decodeHistory.
HistoryApplied applyHistory(Document& doc, std::string_view history,
                            uint64_t maxChanges = kMaxHistoryChanges,
                            const crdt::VersionVector* upTo = nullptr);

}  // namespace rs::doc
