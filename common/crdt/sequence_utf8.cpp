// UTF-8 <-> code points. Text positions everywhere are code points; UTF-8 is only the form
// text takes in snapshots, files and on screen.
#include <stdexcept>

#include "crdt/sequence.h"

namespace rs::crdt {

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(char(cp));
  } else if (cp < 0x800) {
    out.push_back(char(0xC0 | (cp >> 6)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(char(0xE0 | (cp >> 12)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (cp >> 18)));
    out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  }
}

std::string toUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) appendUtf8(out, cp);
  return out;
}

std::u32string fromUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto b = uint8_t(text[i]);
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    }
    size_t extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
    if (extra == 0 || b > 0xF4 || i + extra >= text.size()) {
      throw std::invalid_argument("malformed UTF-8");
    }
    char32_t cp = b & (0x3F >> extra);
    for (size_t k = 1; k <= extra; ++k) {
      auto c = uint8_t(text[i + k]);
      if ((c & 0xC0) != 0x80) throw std::invalid_argument("malformed UTF-8");
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw std::invalid_argument("malformed UTF-8");
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

}  // namespace rs::crdt
