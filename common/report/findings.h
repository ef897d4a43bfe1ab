// Findings of the checks, their stable order and JSON form, and "accept the computed figure".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rs::report {

enum class Severity { kError, kWarning, kInfo };

struct Finding {
  Severity severity = Severity::kError;
  std::string rule;      // "sum", "sum-tail", "rate", "score", "total", "weights", "reason" ...
  std::string location;  // a section number ("2.1") or "table/row/column"
  std::string message;   // Chinese, for the user
  std::string expected;  // figures written the way the report writes them ("337.19", "9.13")
  std::string actual;

  bool operator==(const Finding&) const = default;
};

// "error", "warning", "info".
std::string severityName(Severity s);

// Sorts findings: errors first, then warnings, then infos; within one severity by location,
// rule, message. The same findings always come out in the same order.
void sortFindings(std::vector<Finding>& findings);

// A JSON array of {"severity","rule","location","message","expected","actual"}, keys in that
// order, UTF-8 unescaped except what JSON requires. Stable: same findings, same bytes.
std::string findingsJson(const std::vector<Finding>& findings);

// One line per finding: "error  sum  expenditure/wages/amount  message (expected 337.19,
// actual 337.20)". For the command line.
std::string findingsText(const std::vector<Finding>& findings);

bool hasErrors(const std::vector<Finding>& findings);

// What names a warning when the office explains it on submission: "rule@location". Two
// warnings of one rule at one place are explained together.
std::string warningKey(const Finding& finding);

// The office's reason for a warning it submits with (issue 17): at least this many code
// points once blanks at either end are trimmed.
constexpr size_t kMinExplanationCodePoints = 4;
// Whether `text` is long enough to explain a warning (see above); false for invalid UTF-8.
bool isExplanation(std::string_view text);

// A warning a submission was made with, and the office's reason for it.
struct ExplainedWarning {
  Finding finding;
  std::string explanation;
};

// "Accept the computed figure": the cell to write and the value to write in it, for a
// finding that compares a written figure with a computed one (rules sum, sum-tail, rate,
// score, total). nullopt for any other finding.
struct CellWrite {
  std::string table;
  std::string row;
  std::string column;
  std::string value;

  bool operator==(const CellWrite&) const = default;
};
std::optional<CellWrite> acceptComputed(const Finding& finding);

}  // namespace rs::report
