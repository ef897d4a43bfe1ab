// Review marks: paragraphs where concurrent edits met.
//
// When two changes that did not see each other (neither is an ancestor of the other), by
// different actors, both touch one paragraph, the merge keeps both, and the paragraph is
// marked for review with each side's version of it. Marks are derived from the document
// and its history alone, so every replica with the same changes shows the same marks. A
// markResolve op settles the changes it names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "doc/change.h"
#include "doc/document.h"

namespace rs::doc {

struct MarkSide {
  std::string author;
  ActorId actor;
  std::string text;  // the paragraph as this side saw it after its own edits
  std::vector<ChangeId> changes;
};

struct ReviewMark {
  std::string id;  // "<section number>:<paragraph number>", e.g. "2.1:3"
  OpId section;
  std::optional<OpId> paragraphEnd;  // the paragraph's newline; nullopt: the last paragraph
  size_t paragraphStart = 0;         // code-point range in the section's current text
  size_t paragraphLength = 0;
  std::string merged;  // the paragraph as it is now
  std::vector<MarkSide> sides;
  std::vector<ChangeId> changes;  // all changes the mark is about
};

// `history` holds every change of the document, in causal order.
std::vector<ReviewMark> computeMarks(const Document& doc, const std::vector<Change>& history);

}  // namespace rs::doc
