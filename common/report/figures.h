// Fixed-point figures: money in 0.01 万元, percents in 0.01 %, scores in 0.01 points.
//
// Never floating point: a report's totals must add up to the cent, the same way on every
// machine. Every figure is an integer count of hundredths of its unit. Rounding is half
// away from zero (half-up for the positive figures reports hold) and happens in exactly one
// place, divideRounded(); every division below goes through it.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rs::report {

// 337.19 万元 is {33719}; 91.31 % is {9131}; 9.13 points is {913}; 25 people is {2500}.
struct Fixed {
  int64_t hundredths = 0;

  static constexpr Fixed whole(int64_t n) { return Fixed{n * 100}; }
  friend constexpr auto operator<=>(const Fixed&, const Fixed&) = default;
  constexpr Fixed operator+(Fixed o) const { return Fixed{hundredths + o.hundredths}; }
  constexpr Fixed operator-(Fixed o) const { return Fixed{hundredths - o.hundredths}; }
  constexpr Fixed& operator+=(Fixed o) {
    hundredths += o.hundredths;
    return *this;
  }
  constexpr Fixed abs() const { return Fixed{hundredths < 0 ? -hundredths : hundredths}; }
};

// A target's direction: "≥95%" is at least 95 %, "≤100%" at most 100 %.
enum class Direction { kNone, kAtLeast, kAtMost };

struct ParsedFigure {
  Fixed value;
  Direction direction = Direction::kNone;
  std::string unit;  // what follows the number, trimmed: "%", "万元", "亿", "家", "分", ""
  int decimals = 0;  // digits written after the point ("337.20" has 2, "9.6" has 1)
  bool isPercent() const { return unit == "%"; }
};

// Parses a figure the way reports write them: "337.2", "5", "-0.5", "92%", "91.31％", "9.6",
// "5分", "11家", "≥95%", "≤100%", "42.1亿", "7,138". Full-width digits, point and percent
// sign are accepted. More than two decimals are rounded (the only rounding on input).
// Returns nullopt for anything that is not a figure: "", "——", "效果明显", "约5次".
std::optional<ParsedFigure> parseFigure(std::string_view text);

// The value of parseFigure(text), or nullopt.
std::optional<Fixed> parseValue(std::string_view text);

// A figure written in a table's cell: parseFigure's, when what follows the number is a unit
// ("%", "万元", "分", "家", "㎡") and not more of a number or a slip of the keyboard
// ("1e3", "12.5.3", "5 6", "3O": an ASCII letter, digit, point or space in it); nullopt
// otherwise, so that such a cell is "不是数字" and counts as empty, not as its leading digits
// (1e3 was read as 1).
std::optional<ParsedFigure> parseCellFigure(std::string_view text);
// The value of parseCellFigure(text), or nullopt.
std::optional<Fixed> parseCellValue(std::string_view text);

// True for the marks a report writes in a cell that has no figure: "", "——", "—", "-", "/".
bool isBlankFigure(std::string_view text);

// n / d rounded half away from zero. The one rounding rule of the program. d must not be 0.
int64_t divideRounded(__int128 n, __int128 d);

// a / b as a percent (742.56 / 813.27 -> 91.31 %). nullopt when b is zero.
std::optional<Fixed> ratePercent(Fixed a, Fixed b);

// value × num / den, rounded once (a score: 742.56 / 813.27 × 10 -> 9.13). nullopt when den
// is zero.
std::optional<Fixed> scale(Fixed value, Fixed num, Fixed den);

// value × percent % ("10 points × 91.31 %" -> 9.13).
Fixed percentOf(Fixed value, Fixed percent);

// Two decimals: "337.19", "337.20", "-0.01", "100.00".
std::string formatFixed(Fixed f);

// The shortest form: trailing zeros dropped ("9.6", "100", "337.2", "9.13").
std::string formatCompact(Fixed f);

}  // namespace rs::report
