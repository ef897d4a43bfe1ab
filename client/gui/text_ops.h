// Between the editor and the document's text, without wx: the editor counts UTF-8 bytes,
// the document counts code points; typing is buffered and becomes one change when the
// typist pauses; a caret is kept on the element beside it while others' edits arrive.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doc/local_edit.h"

namespace rs::gui {

// Code points in the first `bytes` bytes of UTF-8 text (continuation bytes not counted).
size_t codePointsBefore(std::string_view utf8, size_t bytes);
// The byte offset of code point `cp` (the end when cp is past it).
size_t byteOffsetOf(std::string_view utf8, size_t cp);

struct TextEdit {
  bool insert = true;
  size_t pos = 0;       // code points, in the text as it is after the edits before this one
  std::u32string text;  // inserts
  size_t length = 0;    // deletes
};

// Edits typed since the last change, in order. Neighbouring edits merge: characters typed
// in a row become one insert, backspaces or deletes in a row one delete.
class TypingBuffer {
 public:
  void insert(size_t pos, std::u32string_view text);
  void erase(size_t pos, size_t length);

  bool empty() const { return edits_.empty(); }
  const std::vector<TextEdit>& edits() const { return edits_; }
  size_t keystrokes() const { return keystrokes_; }
  void clear();
  // Applies the edits, in order, to `section` through `edit`.
  void applyTo(doc::LocalEdit& edit, doc::OpId section) const;

 private:
  std::vector<TextEdit> edits_;
  size_t keystrokes_ = 0;
};

// A position in a text held as the element to its left (nullopt: the start), so that it
// stays in place while inserts and deletes elsewhere move the text around it.
struct TextAnchor {
  std::optional<doc::OpId> left;
};
TextAnchor anchorAt(const crdt::Sequence& text, size_t pos);
// Where the anchor is now. A deleted left element leaves the anchor where it was.
size_t positionOf(const crdt::Sequence& text, const TextAnchor& anchor);

// The smallest replacement that turns `from` into `to`: code points [start, start +
// removed) of `from` become `inserted`.
struct TextDiff {
  size_t start = 0;
  size_t removed = 0;
  std::u32string inserted;
  bool empty() const { return removed == 0 && inserted.empty(); }
};
TextDiff diffText(std::u32string_view from, std::u32string_view to);

// The elements of a text, one per visible code point, in order.
std::vector<doc::OpId> visibleIds(const crdt::Sequence& text);

// Typing done while the text changed underneath (a colleague's edits merged by the sync
// worker before the typing was committed). `shown` are the elements the editor showed
// when the typing began, one per code point; `buffer` the typing since, by position in
// what the editor showed; `editorText` the editor's text now. The typing is applied to
// `section` of `doc` (the document `edit` changes) by element instead of by position:
// what the typist deleted goes if still there, and each typed run goes right after the
// element it was typed after, so the colleagues' edits stay where they were put.
// Returns the element of each code point of `editorText` (for the caret). Throws
// std::logic_error when `shown`, `buffer` and `editorText` do not agree.
std::vector<doc::OpId> applyTypingByElement(doc::LocalEdit& edit, const doc::Document& doc,
                                            doc::OpId section,
                                            const std::vector<doc::OpId>& shown,
                                            const TypingBuffer& buffer,
                                            std::u32string_view editorText);

}  // namespace rs::gui
