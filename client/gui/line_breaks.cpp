#include "gui/line_breaks.h"

#include <string_view>

namespace rs::gui {

namespace {

constexpr std::u32string_view kNoStart =
    U"，。、；：？！）］｝〕〉》」』】〗〙〛”’…—～％‰·・,.;:?!)]}%";
constexpr std::u32string_view kNoEnd = U"（［｛〔〈《「『【〖〘〚“‘([{";

// A Latin letter, digit or the marks inside a number ("12.5"): a run of them stays whole.
bool latinWord(char32_t c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '.' ||
         c == '%' || c == '_' || c == '-';
}

// The code point at `i` and its length in bytes (1 for a byte that is not valid UTF-8).
std::pair<char32_t, size_t> decodeAt(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return {b, 1};
  char32_t c = n == 1 ? b : b & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xC0) != 0x80) return {b, 1};
    c = (c << 6) | (cont & 0x3F);
  }
  return {c, n};
}

}  // namespace

bool mayStartLine(char32_t c) {
  return kNoStart.find(c) == std::u32string_view::npos;
}

bool mayEndLine(char32_t c) {
  return kNoEnd.find(c) == std::u32string_view::npos;
}

std::string lineBreakStyles(std::string_view text) {
  std::string styles(text.size(), '\0');
  char style = 0;
  char32_t previous = '\n';
  for (size_t i = 0; i < text.size();) {
    auto [c, n] = decodeAt(text, i);
    if (previous == '\n') {
      style = 0;
    } else {
      bool keep =
          !mayStartLine(c) || !mayEndLine(previous) || (latinWord(previous) && latinWord(c));
      if (!keep) style ^= 1;
    }
    styles.replace(i, n, n, style);
    previous = c;
    i += n;
  }
  return styles;
}

}  // namespace rs::gui
