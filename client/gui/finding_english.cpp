#include "gui/finding_english.h"

#include <map>

namespace rs::gui {

namespace {

// {rule: sentence}, for the rules of common/report/checks.h and of the templates: "{a}" is the
// figure written (actual), "{e}" the expected one. A rule
// whose sentence names neither gets them after it when the finding has them.
const std::map<std::string, std::string>& sentences() {
  static const std::map<std::string, std::string> s = {
      {"required", "Required, but missing or not filled in"},
      {"template-row", "A row fixed by the form is missing"},
      {"sum", "Written {a}; the items add to {e}"},
      {"sum-tail", "Written {a}; the items add to {e} (a rounding difference): adjust or explain"},
      {"sum-below",
       "Agrees with its detail rows, but the subtotals written add to {e}: check them"},
      {"sum-rebuilt",
       "Agrees with its subtotals, but its detail rows add to {e}: a subtotal is wrong"},
      {"rate", "Written {a}; the formula gives {e}"},
      {"total", "Written {a}; the scores add to {e}"},
      {"total-rebuilt",
       "Agrees with the scores written; with the computed scores the total would be {e}"},
      {"score", "Written {a}; by the scoring rule it should be {e}"},
      {"figure", "Not a number, or a row the form does not have"},
      {"conflict", "Changed at the same time to different values: choose one"},
      {"reason",
       "Needs the reasons for the shortfall and the measures taken (target missed, full marks "
       "not given, or the budget not spent)"},
      {"weights", "The indicator weights do not match the form"},
      {"target-too-low", "Target {e}, achieved {a}: the target may be set too low"},
      {"full-marks-low-execution", "Full marks while the budget execution rate is low: explain"},
      {"qualitative-band", "Score {a} is above the highest the result's band allows ({e})"},
      {"prose", "The text says {a}; the table has {e}"},
      {"prose-indicator", "The text says {a}; the indicator has {e}"},
      // The templates' own rules (common/report/templates/*.json).
      {"consistency", "Two figures that must agree differ"},
      {"execution-over-budget", "Spent more than the full-year budget"},
      {"budget-adjusted",
       "The full-year budget differs from the initial one: explain the adjustment"},
      {"staffing-over", "More staff in post than the establishment allows"},
      {"projects-across", "Project spending differs between the tables"},
      {"project-in-basic",
       "A project is also counted under basic spending: check its classification"},
  };
  return s;
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

std::string englishFinding(const report::Finding& f) {
  auto known = sentences().find(f.rule);
  std::string text =
      known != sentences().end() ? known->second : "Does not pass the check \"" + f.rule + "\"";
  bool namesFigures =
      text.find("{a}") != std::string::npos || text.find("{e}") != std::string::npos;
  replaceAll(text, "{a}", f.actual);
  replaceAll(text, "{e}", f.expected);
  if (!namesFigures && (!f.actual.empty() || !f.expected.empty())) {
    text += " (";
    if (!f.actual.empty()) text += "written " + f.actual;
    if (!f.actual.empty() && !f.expected.empty()) text += ", ";
    if (!f.expected.empty()) text += "expected " + f.expected;
    text += ")";
  }
  return text;
}

std::string findingAlone(const report::Finding& f, bool chinese) {
  if (chinese) return f.message;
  return englishFinding(f) + (f.location.empty() ? "" : " (at " + f.location + ")");
}

}  // namespace rs::gui
