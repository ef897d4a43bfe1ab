// Scoring: the budget-execution score and quantitative indicators against their targets.
#pragma once

#include <optional>
#include <string_view>

#include "proto/template.capnp.h"
#include "report/figures.h"

namespace rs::report {

// `weight` points scored for the ratio num / den (a rate, 0.01 %) under `rule`
// (proto/template.capnp ScoreRule; DOMAIN.md "Scoring"): proportional is num / den × weight
// rounded once, capped at weight; tiered is full marks at 100 %, minus `deduct` points for
// every full `step` below, never below 0; banded is the `share` of the first band whose
// `from` the rate reaches, 0 below the last. nullopt when den is not above 0.
std::optional<Fixed> ruleScore(proto::ScoreRule::Reader rule, Fixed num, Fixed den, Fixed weight);

// The budget-execution score of `executed` against `budget` (万元) for `weight` points,
// under the template's ScoreRule (ruleScore).
std::optional<Fixed> executionScore(proto::ScoreRule::Reader rule, Fixed executed, Fixed budget,
                                    Fixed weight);

// A quantitative indicator: target and actual both figures in comparable units ("11家" and
// "11家", "2亿" and "42.1亿", "≥95%" and "100%").
struct Quantitative {
  Fixed target;
  Fixed actual;         // in the target's unit
  Direction direction;  // kAtLeast unless the target says "≤"
  bool met = false;
  Fixed score;  // full marks when met, else `rule` over 完成率 (actual / target, or target /
                // actual for "≤")
};

// nullopt for a qualitative indicator ("效果明显"), or when units cannot be compared.
// `rule` is the template's indicatorRule (proportional: 实际 / 目标 × 分值).
std::optional<Quantitative> assessIndicator(std::string_view target, std::string_view actual,
                                            Fixed weight, proto::ScoreRule::Reader rule);

// True when `actual` beats an at-least `target` by `factor` times or more (the target was set
// too low).
bool beatsTargetFar(const Quantitative& q, Fixed factor);

}  // namespace rs::report
