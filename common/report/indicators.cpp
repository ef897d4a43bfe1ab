#include "report/indicators.h"

#include <algorithm>
#include <string>

namespace rs::report {

namespace {

// Units of money and their size in 万: figures in 亿 and 万 compare after scaling.
std::optional<int64_t> moneyUnitIn10k(const std::string& unit) {
  if (unit == "万" || unit == "万元") return 1;
  if (unit == "亿" || unit == "亿元") return 10000;
  return std::nullopt;
}

// The actual figure in the target's unit; nullopt when the units differ in kind.
std::optional<Fixed> inTargetUnit(const ParsedFigure& target, const ParsedFigure& actual) {
  if (target.unit == actual.unit || actual.unit.empty() || target.unit.empty()) {
    if (target.isPercent() != actual.isPercent() && !actual.unit.empty() && !target.unit.empty())
      return std::nullopt;
    return actual.value;
  }
  auto t = moneyUnitIn10k(target.unit);
  auto a = moneyUnitIn10k(actual.unit);
  if (!t || !a) return std::nullopt;
  return scale(actual.value, Fixed{*a}, Fixed{*t});
}

}  // namespace

std::optional<Fixed> ruleScore(proto::ScoreRule::Reader rule, Fixed num, Fixed den, Fixed weight) {
  if (den.hundredths <= 0) return std::nullopt;
  if (rule.getKind() == proto::ScoreRule::Kind::PROPORTIONAL) {
    // Rounded once from the figures, not from a rounded rate (742.56 / 813.27 × 10 = 9.13).
    return std::clamp(*scale(weight, num, den), Fixed{0}, weight);
  }
  Fixed rate = *ratePercent(num, den);
  Fixed full = Fixed::whole(100);
  if (rule.getKind() == proto::ScoreRule::Kind::BANDED) {
    for (auto band : rule.getBands()) {
      auto from = parseValue(band.getFrom().cStr());
      auto share = parseValue(band.getShare().cStr());
      if (from && share && rate >= *from) return std::min(percentOf(weight, *share), weight);
    }
    return Fixed{0};
  }
  if (rate >= full) return weight;
  auto step = parseValue(rule.getStep().cStr()).value_or(Fixed::whole(5));
  auto deduct = parseValue(rule.getDeduct().cStr()).value_or(Fixed::whole(2));
  if (step.hundredths <= 0) return weight;
  int64_t steps = (full - rate).hundredths / step.hundredths;  // full steps only
  Fixed score = weight - Fixed{deduct.hundredths * steps};
  return std::max(score, Fixed{0});
}

std::optional<Fixed> executionScore(proto::ScoreRule::Reader rule, Fixed executed, Fixed budget,
                                    Fixed weight) {
  return ruleScore(rule, executed, budget, weight);
}

std::optional<Quantitative> assessIndicator(std::string_view targetText,
                                            std::string_view actualText, Fixed weight,
                                            proto::ScoreRule::Reader rule) {
  auto target = parseFigure(targetText);
  auto actual = parseFigure(actualText);
  if (!target || !actual) return std::nullopt;
  auto actualValue = inTargetUnit(*target, *actual);
  if (!actualValue) return std::nullopt;

  Quantitative q;
  q.target = target->value;
  q.actual = *actualValue;
  q.direction = target->direction == Direction::kAtMost ? Direction::kAtMost : Direction::kAtLeast;
  q.met = q.direction == Direction::kAtMost ? q.actual <= q.target : q.actual >= q.target;
  if (q.met) {
    q.score = weight;
  } else if (q.direction == Direction::kAtLeast) {
    q.score = ruleScore(rule, q.actual, q.target, weight).value_or(Fixed{0});
  } else {
    q.score = ruleScore(rule, q.target, q.actual, weight).value_or(Fixed{0});
  }
  q.score = std::clamp(q.score, Fixed{0}, weight);
  return q;
}

bool beatsTargetFar(const Quantitative& q, Fixed factor) {
  if (q.direction != Direction::kAtLeast || q.target.hundredths <= 0) return false;
  // actual >= factor × target, in integers: actual × 100 >= factor × target.
  return static_cast<__int128>(q.actual.hundredths) * 100 >=
         static_cast<__int128>(factor.hundredths) * q.target.hundredths;
}

}  // namespace rs::report
