#include "gui/text_ops.h"

#include <algorithm>
#include <stdexcept>

namespace rs::gui {

size_t codePointsBefore(std::string_view utf8, size_t bytes) {
  bytes = std::min(bytes, utf8.size());
  size_t n = 0;
  for (size_t i = 0; i < bytes; ++i)
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) ++n;
  return n;
}

size_t byteOffsetOf(std::string_view utf8, size_t cp) {
  size_t seen = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) continue;
    if (seen == cp) return i;
    ++seen;
  }
  return utf8.size();
}

void TypingBuffer::insert(size_t pos, std::u32string_view text) {
  if (text.empty()) return;
  ++keystrokes_;
  if (!edits_.empty()) {
    TextEdit& last = edits_.back();
    if (last.insert && pos == last.pos + last.text.size()) {
      last.text.append(text);
      return;
    }
  }
  edits_.push_back(TextEdit{true, pos, std::u32string(text), 0});
}

void TypingBuffer::erase(size_t pos, size_t length) {
  if (length == 0) return;
  ++keystrokes_;
  if (!edits_.empty()) {
    TextEdit& last = edits_.back();
    if (!last.insert && pos + length == last.pos) {  // backspace after backspace
      last.pos = pos;
      last.length += length;
      return;
    }
    if (!last.insert && pos == last.pos) {  // delete after delete
      last.length += length;
      return;
    }
    // Deleting the end of what was just typed: take it back out of the insert.
    if (last.insert && pos >= last.pos && pos + length == last.pos + last.text.size()) {
      last.text.resize(pos - last.pos);
      if (last.text.empty()) edits_.pop_back();
      return;
    }
  }
  edits_.push_back(TextEdit{false, pos, {}, length});
}

void TypingBuffer::clear() {
  edits_.clear();
  keystrokes_ = 0;
}

void TypingBuffer::applyTo(doc::LocalEdit& edit, doc::OpId section) const {
  for (const TextEdit& e : edits_) {
    if (e.insert)
      edit.insertText(section, e.pos, e.text);
    else
      edit.deleteText(section, e.pos, e.length);
  }
}

TextAnchor anchorAt(const crdt::Sequence& text, size_t pos) {
  if (pos == 0 || text.size() == 0) return {};
  return {text.idAt(std::min(pos, text.size()) - 1)};
}

size_t positionOf(const crdt::Sequence& text, const TextAnchor& anchor) {
  if (!anchor.left) return 0;
  if (!text.contains(*anchor.left)) return 0;
  if (auto p = text.visiblePosition(*anchor.left)) return *p + 1;
  return text.positionBefore(*anchor.left);
}

TextDiff diffText(std::u32string_view from, std::u32string_view to) {
  size_t prefix = 0;
  while (prefix < from.size() && prefix < to.size() && from[prefix] == to[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < from.size() - prefix && suffix < to.size() - prefix &&
         from[from.size() - 1 - suffix] == to[to.size() - 1 - suffix])
    ++suffix;
  return TextDiff{prefix, from.size() - prefix - suffix,
                  std::u32string(to.substr(prefix, to.size() - prefix - suffix))};
}

std::vector<doc::OpId> visibleIds(const crdt::Sequence& text) {
  std::vector<doc::OpId> ids;
  ids.reserve(text.size());
  for (const crdt::SequenceRun& run : text.runs()) {
    if (run.deleted) continue;
    for (uint32_t i = 0; i < run.length; ++i)
      ids.push_back(doc::OpId{run.id.counter + i, run.id.actor});
  }
  return ids;
}

std::vector<doc::OpId> applyTypingByElement(doc::LocalEdit& edit, const doc::Document& doc,
                                            doc::OpId section,
                                            const std::vector<doc::OpId>& shown,
                                            const TypingBuffer& buffer,
                                            std::u32string_view editorText) {
  // Replay the typing on the shown elements: typed code points have no element yet.
  std::vector<std::optional<doc::OpId>> slots(shown.begin(), shown.end());
  std::vector<doc::OpId> deleted;
  for (const TextEdit& e : buffer.edits()) {
    if (e.pos > slots.size() || (!e.insert && e.pos + e.length > slots.size()))
      throw std::logic_error("the typing does not fit the text it was typed in");
    if (e.insert) {
      slots.insert(slots.begin() + ptrdiff_t(e.pos), e.text.size(), std::nullopt);
    } else {
      auto from = slots.begin() + ptrdiff_t(e.pos), to = from + ptrdiff_t(e.length);
      for (auto it = from; it != to; ++it)
        if (*it) deleted.push_back(**it);
      slots.erase(from, to);
    }
  }
  if (slots.size() != editorText.size())
    throw std::logic_error("the typing does not give the editor's text");

  auto text = [&]() -> const crdt::Sequence& {
    const doc::Section* s = doc.section(section);
    if (!s) throw std::logic_error("the section is gone");
    return s->text;
  };
  // Deletes: the elements still visible, as ranges, from the end so positions hold.
  std::vector<size_t> positions;
  for (const doc::OpId& id : deleted)
    if (auto p = text().visiblePosition(id)) positions.push_back(*p);
  std::sort(positions.begin(), positions.end());
  for (size_t end = positions.size(); end > 0;) {
    size_t start = end - 1;
    while (start > 0 && positions[start - 1] + 1 == positions[start]) --start;
    edit.deleteText(section, positions[start], end - start);
    end = start;
  }
  // Inserts, left to right, each after the element it was typed after.
  std::vector<doc::OpId> ids(slots.size());
  std::optional<doc::OpId> left;
  for (size_t i = 0; i < slots.size();) {
    if (slots[i]) {
      left = ids[i] = *slots[i];
      ++i;
      continue;
    }
    size_t j = i;
    while (j < slots.size() && !slots[j]) ++j;
    size_t pos = positionOf(text(), TextAnchor{left});
    edit.insertText(section, pos, editorText.substr(i, j - i));
    for (size_t k = i; k < j; ++k) ids[k] = text().idAt(pos + (k - i));
    left = ids[j - 1];
    i = j;
  }
  return ids;
}

}  // namespace rs::gui
