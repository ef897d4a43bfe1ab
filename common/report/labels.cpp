#include "report/labels.h"

#include <array>
#include <vector>

namespace rs::report {

namespace {

constexpr std::array<std::string_view, 9> kSpaces = {
    " ", "\t", "\n", "\r", "\u3000", "\u2002", "\u2003", "\u00a0", "\ufeff"};
constexpr std::array<std::string_view, 10> kDigitsZh = {"〇", "一", "二", "三", "四",
                                                        "五", "六", "七", "八", "九"};

size_t spaceAt(std::string_view s, size_t i) {
  // Every space of kSpaces starts with one of these bytes: most text is passed over by one
  // test a byte, not nine comparisons (labels are keyed for every row of every imported
  // table; fuzz_text_import spent half its time here).
  if (i >= s.size()) return 0;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  if (c != 0xe3 && c != 0xe2 && c != 0xc2 && c != 0xef) return 0;
  for (auto sp : kSpaces) {
    if (s.substr(i, sp.size()) == sp) return sp.size();
  }
  return 0;
}

size_t spaceEndingAt(std::string_view s, size_t end) {
  for (auto sp : kSpaces) {
    if (sp.size() <= end && s.substr(end - sp.size(), sp.size()) == sp) return sp.size();
  }
  return 0;
}

bool startsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// Length of a run of Chinese numerals (一 .. 十) at the start of s, in bytes.
size_t chineseNumeralPrefix(std::string_view s) {
  size_t i = 0;
  while (true) {
    bool found = false;
    for (auto d : kDigitsZh) {
      if (d != "〇" && startsWith(s.substr(i), d)) {
        i += d.size();
        found = true;
      }
    }
    if (startsWith(s.substr(i), "十")) {
      i += std::string_view("十").size();
      found = true;
    }
    if (!found) return i;
  }
}

size_t asciiDigitPrefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i;
}

// Matches open + number + close at the start of s; returns the bytes taken or 0.
size_t bracketed(std::string_view s, bool chinese) {
  for (auto [open, close] : {std::pair{"（", "）"}, std::pair{"(", ")"}}) {
    std::string_view o(open), c(close);
    if (!startsWith(s, o)) continue;
    std::string_view inner = s.substr(o.size());
    size_t n = chinese ? chineseNumeralPrefix(inner) : asciiDigitPrefix(inner);
    if (n > 0 && startsWith(inner.substr(n), c)) return o.size() + n + c.size();
  }
  return 0;
}

std::string removeAllSpaces(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t n = spaceAt(s, i);
    if (n > 0) {
      i += n;
    } else {
      out += s[i++];
    }
  }
  return out;
}

}  // namespace

std::string_view trimText(std::string_view s) {
  while (size_t n = s.empty() ? 0 : spaceAt(s, 0)) s.remove_prefix(n);
  while (size_t n = s.empty() ? 0 : spaceEndingAt(s, s.size())) s.remove_suffix(n);
  return s;
}

std::string collapseSpaces(std::string_view s) {
  s = trimText(s);
  std::string out;
  bool inSpace = false;
  for (size_t i = 0; i < s.size();) {
    if (size_t n = spaceAt(s, i)) {
      inSpace = true;
      i += n;
      continue;
    }
    if (inSpace) out += ' ';
    inSpace = false;
    out += s[i++];
  }
  return out;
}

std::string normalizeCell(std::string_view s) {
  std::string out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string line = collapseSpaces(s.substr(start, end - start));
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    start = end + 1;
  }
  return out;
}

int headingLevel(std::string_view line, std::string_view& rest) {
  line = trimText(line);
  if (size_t n = chineseNumeralPrefix(line); n > 0 && startsWith(line.substr(n), "、")) {
    rest = line.substr(n + std::string_view("、").size());
    return 1;
  }
  if (size_t n = bracketed(line, true)) {
    rest = line.substr(n);
    return 2;
  }
  if (size_t n = asciiDigitPrefix(line); n > 0 && n <= 2) {
    for (std::string_view sep : {"、", "．", "."}) {
      std::string_view after = line.substr(n);
      // "1.5亿" is a figure, not a heading: a point must not be followed by a digit.
      if (startsWith(after, sep) &&
          !(after.size() > sep.size() && after[sep.size()] >= '0' && after[sep.size()] <= '9')) {
        rest = after.substr(sep.size());
        return 3;
      }
    }
  }
  if (size_t n = bracketed(line, false)) {
    rest = line.substr(n);
    return 4;
  }
  rest = line;
  return 0;
}

std::string labelKey(std::string_view label) {
  std::string s = removeAllSpaces(label);
  std::string_view rest;
  if (headingLevel(s, rest) > 0) s = std::string(rest);
  for (std::string_view p : {"其中：", "其中:"}) {
    if (startsWith(s, p)) s = s.substr(p.size());
  }
  for (std::string_view colon : {"：", ":"}) {
    if (s.size() >= colon.size() && s.substr(s.size() - colon.size()) == colon) {
      s.resize(s.size() - colon.size());
    }
  }
  // A trailing weight: "产出指标(50分)", "效益指标（30分）".
  for (auto [open, close] : {std::pair{"（", "分）"}, std::pair{"(", "分)"}}) {
    std::string_view c(close);
    if (s.size() > c.size() && s.substr(s.size() - c.size()) == c) {
      size_t at = s.rfind(open);
      if (at != std::string::npos && at > 0) s.resize(at);
    }
  }
  return s;
}

std::string chineseNumeral(int n) {
  if (n < 10) return std::string(kDigitsZh[n]);
  std::string out = n / 10 == 1 ? "" : std::string(kDigitsZh[n / 10]);
  out += "十";
  if (n % 10 != 0) out += kDigitsZh[n % 10];
  return out;
}

std::string outlineNumber(int level, int position) {
  switch (level) {
    case 1:
      return chineseNumeral(position) + "、";
    case 2:
      return "（" + chineseNumeral(position) + "）";
    case 3:
      return std::to_string(position) + "、";
    default:
      return "（" + std::to_string(position) + "）";
  }
}

}  // namespace rs::report
