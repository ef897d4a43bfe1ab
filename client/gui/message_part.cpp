#include "gui/message_part.h"

#include <string_view>

namespace rs::gui {

namespace {

constexpr std::string_view kOpenWide = "（", kCloseWide = "）";

// Any CJK unified ideograph (U+4E00..U+9FFF: UTF-8 lead bytes E4..E9).
bool hasChinese(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0xE4 && c <= 0xE9) return true;
  return false;
}

// Whether `s` reads as Chinese rather than English: an English message may name Chinese
// things (a project, a table, a user), a Chinese one Latin ones (LibreOffice, DOCX, MB).
// Quoted names ("…" or “…”) are left out; the Chinese characters must be at least twice the
// English words (runs of two or more Latin letters).
bool mostlyChinese(std::string_view s) {
  constexpr std::string_view kOpenQuote = "“", kCloseQuote = "”";
  size_t cjk = 0, words = 0, letters = 0;
  bool ascii = false, wide = false;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"') ascii = !ascii;
    if (s.substr(i).starts_with(kOpenQuote)) wide = true;
    if (s.substr(i).starts_with(kCloseQuote)) wide = false;
    bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (!letter && letters >= 2) ++words;
    letters = letter && !ascii ? letters + 1 : 0;
    if (c >= 0xE4 && c <= 0xE9 && !ascii && !wide) ++cjk;
  }
  if (letters >= 2) ++words;
  return cjk > 0 && cjk >= 2 * words;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == ':')) s.remove_suffix(1);
  return std::string(s);
}

// Where the parentheses closing `s` open (matching nested ones, ASCII or full-width), or npos.
size_t lastGroupStart(std::string_view s) {
  int depth = 0;
  size_t i = s.size();
  while (i > 0) {
    std::string_view head = s.substr(0, i);
    if (head.ends_with(')') || head.ends_with(kCloseWide)) {
      ++depth;
      i -= head.ends_with(')') ? 1 : kCloseWide.size();
    } else if (head.ends_with('(') || head.ends_with(kOpenWide)) {
      i -= head.ends_with('(') ? 1 : kOpenWide.size();
      if (--depth == 0) return i;
    } else {
      --i;
    }
    if (depth == 0) return std::string_view::npos;
  }
  return std::string_view::npos;
}

}  // namespace

std::string messagePart(const std::string& message, bool chinese) {
  std::string_view m = message;
  if (m.ends_with(')') || m.ends_with(kCloseWide)) {
    size_t open = lastGroupStart(m);
    if (open != std::string_view::npos && open > 0) {
      size_t inner = open + (m.substr(open).starts_with('(') ? 1 : kOpenWide.size());
      size_t closeLen = m.ends_with(')') ? 1 : kCloseWide.size();
      std::string_view zh = m.substr(inner, m.size() - closeLen - inner);
      std::string_view en = m.substr(0, open);
      // English, then Chinese in parentheses; or Chinese with an English remark. A Chinese
      // message with a Chinese remark in parentheses stays whole.
      if (hasChinese(zh) && !mostlyChinese(en)) return chinese ? trimmed(zh) : trimmed(en);
      if (!hasChinese(zh) && mostlyChinese(en)) return chinese ? trimmed(en) : trimmed(zh);
    }
  }
  // The older forms: "中文 / English" and "中文\nEnglish".
  for (std::string_view separator : {" / ", "\n"}) {
    size_t at = m.find(separator);
    if (at == std::string_view::npos) continue;
    std::string_view a = m.substr(0, at), b = m.substr(at + separator.size());
    if (mostlyChinese(a) != mostlyChinese(b)) return trimmed(chinese == mostlyChinese(a) ? a : b);
  }
  return message;
}

}  // namespace rs::gui
