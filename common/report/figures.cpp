#include "report/figures.h"

#include <cassert>
#include <cctype>
#include <utility>

namespace rs::report {

namespace {

constexpr int kMaxDigits = 15;  // beyond this a "figure" is an id or a phone number

struct Prefix {
  std::string_view text;
  Direction direction;
};

// Longest first, so that ">=" wins over ">".
constexpr Prefix kDirections[] = {
    {"不低于", Direction::kAtLeast}, {"不少于", Direction::kAtLeast},
    {"不高于", Direction::kAtMost},  {"不超过", Direction::kAtMost},
    {"≥", Direction::kAtLeast},      {"＞＝", Direction::kAtLeast},
    {">=", Direction::kAtLeast},     {"＞", Direction::kAtLeast},
    {">", Direction::kAtLeast},      {"≤", Direction::kAtMost},
    {"＜＝", Direction::kAtMost},    {"<=", Direction::kAtMost},
    {"＜", Direction::kAtMost},      {"<", Direction::kAtMost},
};

// Full-width forms that reports mix with ASCII ones.
std::string asciiFigureChars(std::string_view text) {
  static const std::pair<std::string_view, char> kWide[] = {
      {"０", '0'}, {"１", '1'}, {"２", '2'}, {"３", '3'}, {"４", '4'}, {"５", '5'}, {"６", '6'},
      {"７", '7'}, {"８", '8'}, {"９", '9'}, {"．", '.'}, {"％", '%'}, {"，", ','}, {"－", '-'}};
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [wide, ascii] : kWide) {
      if (text.substr(i, wide.size()) == wide) {
        out += ascii;
        i += wide.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

bool isSpaceAt(std::string_view s, size_t i, size_t& len) {
  static const std::string_view kSpaces[] = {" ",      "\t",     "\n",     "\r",
                                             "\u3000", "\u2002", "\u2003", "\u00a0"};
  for (auto sp : kSpaces) {
    if (s.substr(i, sp.size()) == sp) {
      len = sp.size();
      return true;
    }
  }
  return false;
}

std::string_view trimSpaces(std::string_view s) {
  size_t len = 0;
  while (!s.empty() && isSpaceAt(s, 0, len)) s.remove_prefix(len);
  bool again = true;
  while (again && !s.empty()) {
    again = false;
    for (size_t back = 1; back <= 3 && back <= s.size(); ++back) {
      if (isSpaceAt(s, s.size() - back, len) && len == back) {
        s.remove_suffix(back);
        again = true;
        break;
      }
    }
  }
  return s;
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

int64_t divideRounded(__int128 n, __int128 d) {
  assert(d != 0);
  bool negative = (n < 0) != (d < 0);
  __int128 an = n < 0 ? -n : n;
  __int128 ad = d < 0 ? -d : d;
  __int128 q = (2 * an + ad) / (2 * ad);  // half away from zero
  return static_cast<int64_t>(negative ? -q : q);
}

bool isBlankFigure(std::string_view text) {
  std::string_view t = trimSpaces(text);
  return t.empty() || t == "——" || t == "—" || t == "-" || t == "--" || t == "/" || t == "／" ||
         t == "－";
}

std::optional<ParsedFigure> parseFigure(std::string_view text) {
  std::string s = asciiFigureChars(trimSpaces(text));
  std::string_view rest = s;
  ParsedFigure out;
  for (const auto& prefix : kDirections) {
    if (rest.substr(0, prefix.text.size()) == prefix.text) {
      out.direction = prefix.direction;
      rest = trimSpaces(rest.substr(prefix.text.size()));
      break;
    }
  }
  bool negative = !rest.empty() && rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  if (rest.empty() || !isDigit(rest.front())) return std::nullopt;

  __int128 mantissa = 0;
  int digits = 0;
  bool afterPoint = false;
  size_t i = 0;
  for (; i < rest.size(); ++i) {
    char c = rest[i];
    bool digitFollows = i + 1 < rest.size() && isDigit(rest[i + 1]);
    if (isDigit(c)) {
      mantissa = mantissa * 10 + (c - '0');
      if (++digits > kMaxDigits) return std::nullopt;
      if (afterPoint) ++out.decimals;
    } else if (c == ',' && !afterPoint && digitFollows) {
      continue;  // thousands separator
    } else if (c == '.' && !afterPoint && digitFollows) {
      afterPoint = true;
    } else {
      break;
    }
  }
  __int128 scaled = mantissa;
  if (out.decimals <= 2) {
    for (int k = out.decimals; k < 2; ++k) scaled *= 10;
  } else {
    __int128 divisor = 1;
    for (int k = 2; k < out.decimals; ++k) divisor *= 10;
    scaled = divideRounded(mantissa, divisor);
  }
  out.value = Fixed{static_cast<int64_t>(negative ? -scaled : scaled)};
  out.unit = std::string(trimSpaces(rest.substr(i)));
  return out;
}

std::optional<ParsedFigure> parseCellFigure(std::string_view text) {
  auto parsed = parseFigure(text);
  if (!parsed) return std::nullopt;
  for (char c : parsed->unit)
    if (c == '.' || c == ' ' || c == '\t' || std::isalnum(static_cast<unsigned char>(c)))
      return std::nullopt;
  return parsed;
}

std::optional<Fixed> parseCellValue(std::string_view text) {
  auto parsed = parseCellFigure(text);
  if (!parsed) return std::nullopt;
  return parsed->value;
}

std::optional<Fixed> parseValue(std::string_view text) {
  auto parsed = parseFigure(text);
  if (!parsed) return std::nullopt;
  return parsed->value;
}

std::optional<Fixed> ratePercent(Fixed a, Fixed b) {
  if (b.hundredths == 0) return std::nullopt;
  return Fixed{divideRounded(static_cast<__int128>(a.hundredths) * 10000, b.hundredths)};
}

std::optional<Fixed> scale(Fixed value, Fixed num, Fixed den) {
  if (den.hundredths == 0) return std::nullopt;
  return Fixed{
      divideRounded(static_cast<__int128>(value.hundredths) * num.hundredths, den.hundredths)};
}

Fixed percentOf(Fixed value, Fixed percent) {
  return Fixed{divideRounded(static_cast<__int128>(value.hundredths) * percent.hundredths, 10000)};
}

std::string formatFixed(Fixed f) {
  int64_t v = f.hundredths;
  std::string sign = v < 0 ? "-" : "";
  uint64_t a = v < 0 ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
  std::string cents = std::to_string(a % 100);
  if (cents.size() < 2) cents = "0" + cents;
  return sign + std::to_string(a / 100) + "." + cents;
}

std::string formatCompact(Fixed f) {
  std::string s = formatFixed(f);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace rs::report
