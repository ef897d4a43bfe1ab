// Scoring: the budget-execution score and quantitative indicators against their targets.
#pragma once

#include <optional>
#include <string_view>

#include "proto/template.capnp.h"
#include "report/figures.h"

namespace rs::report {

// The budget-execution score of `executed` against `budget` for `weight` points, under the
// template's rule: proportional (执行率 × 分值, capped at 分值) or tiered (full marks at
// 100 %, minus `deduct` points for every full `step` below, never below 0).
std::optional<Fixed> executionScore(proto::ScoreRule::Reader rule, Fixed executed, Fixed budget,
                                    Fixed weight);

// A quantitative indicator: target and actual both figures in comparable units ("11家" and
// "11家", "2亿" and "42.1亿", "≥95%" and "100%").
struct Quantitative {
  Fixed target;
  Fixed actual;         // in the target's unit
  Direction direction;  // kAtLeast unless the target says "≤"
  bool met = false;
  Fixed score;  // full marks when met, else the proportional share
};

// nullopt for a qualitative indicator ("效果明显"), or when units cannot be compared.
std::optional<Quantitative> assessIndicator(std::string_view target, std::string_view actual,
                                            Fixed weight);

// True when `actual` beats an at-least `target` by `factor` times or more (the target was set
// too low).
bool beatsTargetFar(const Quantitative& q, Fixed factor);

}  // namespace rs::report
