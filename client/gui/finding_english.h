// A finding's message under the English interface (--lang en). The checks write their
// messages in Chinese, naming the report's tables and rows (common/report/checks.cpp); in
// English the place is the findings list's 位置 column and the message says what is wrong by
// the finding's rule, with its written and expected figures as the report writes them.
#pragma once

#include <string>

#include "report/findings.h"

namespace rs::gui {

// English for `f` (UTF-8; figures quoted from f.expected and f.actual, which may hold the
// report's own words, such as a qualitative result). Rules the function does not know get a
// generic sentence naming the rule.
std::string englishFinding(const report::Finding& f);

// A finding said on its own (a notice, the 提交 warnings dialog): its Chinese message, or in
// English its sentence followed by its location ("selfeval/money-total/score").
std::string findingAlone(const report::Finding& f, bool chinese);

}  // namespace rs::gui
