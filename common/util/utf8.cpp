#include "util/utf8.h"

#include "util/errors.h"

namespace rs {

namespace {

// Decodes one code point at `i`; returns false on invalid input.
bool decodeOne(std::string_view s, size_t& i, char32_t& out) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    out = b0;
    i += 1;
    return true;
  }
  int len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, out = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, out = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, out = b0 & 0x07, min = 0x10000;
  } else {
    return false;
  }
  if (i + len > s.size()) return false;
  for (int k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return false;
    out = (out << 6) | (b & 0x3F);
  }
  if (out < min || out > 0x10FFFF || (out >= 0xD800 && out <= 0xDFFF)) return false;
  i += len;
  return true;
}

}  // namespace

std::u32string utf8ToU32(std::string_view utf8) {
  // Sized for one code point a byte (the most there can be) and cut to what was decoded, with
  // ASCII taken a byte at a time: a snapshot's text is decoded this way on every load, and
  // push_back per code point was a tenth of loading automerge-paper's (session 10).
  std::u32string out(utf8.size(), U'\0');
  size_t i = 0, n = 0;
  while (i < utf8.size()) {
    auto b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      out[n++] = b;
      ++i;
      continue;
    }
    char32_t cp;
    if (!decodeOne(utf8, i, cp)) {
      throw InputError("invalid UTF-8 at byte " + std::to_string(i) + " (文字编码无效)");
    }
    out[n++] = cp;
  }
  out.resize(n);
  return out;
}

bool isValidUtf8(std::string_view utf8) {
  size_t i = 0;
  char32_t cp;
  while (i < utf8.size()) {
    if (!decodeOne(utf8, i, cp)) return false;
  }
  return true;
}

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

std::string u32ToUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t cp : text) appendUtf8(out, cp);
  return out;
}

}  // namespace rs
