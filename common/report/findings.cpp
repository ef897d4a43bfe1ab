#include "report/findings.h"

#include "util/json_writer.h"
#include "util/utf8.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace rs::report {

std::string severityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "error";
}

void sortFindings(std::vector<Finding>& findings) {
  auto key = [](const Finding& f) {
    return std::tie(f.severity, f.location, f.rule, f.message, f.expected, f.actual);
  };
  std::sort(findings.begin(), findings.end(),
            [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  findings.erase(std::unique(findings.begin(), findings.end()), findings.end());
}

std::string findingsJson(const std::vector<Finding>& findings) {
  std::string out = "[";
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    out += i == 0 ? "\n  " : ",\n  ";
    out += "{\"severity\":\"" + severityName(f.severity) + "\",\"rule\":" + jsonEscape(f.rule) +
           ",\"location\":" + jsonEscape(f.location) + ",\"message\":" + jsonEscape(f.message) +
           ",\"expected\":" + jsonEscape(f.expected) + ",\"actual\":" + jsonEscape(f.actual) + "}";
  }
  out += findings.empty() ? "]\n" : "\n]\n";
  return out;
}

std::string findingsText(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += severityName(f.severity) + "\t" + f.rule + "\t" + f.location + "\t" + f.message;
    if (!f.expected.empty() || !f.actual.empty()) {
      out += "（应为 " + f.expected + "，实为 " + f.actual + "）";
    }
    out += "\n";
  }
  return out;
}

bool hasErrors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kError; });
}

std::string warningKey(const Finding& finding) {
  return finding.rule + "@" + finding.location;
}

bool isExplanation(std::string_view text) {
  if (!isValidUtf8(text)) return false;
  std::u32string cps = utf8ToU32(text);
  // Blanks include the ideographic space a Chinese keyboard types (U+3000).
  auto blank = [](char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\u3000';
  };
  size_t begin = 0, end = cps.size();
  while (begin < end && blank(cps[begin])) ++begin;
  while (end > begin && blank(cps[end - 1])) --end;
  return end - begin >= kMinExplanationCodePoints;
}

std::optional<CellWrite> acceptComputed(const Finding& f) {
  static const std::string kFixable[] = {"sum", "sum-tail", "rate", "score", "total"};
  if (std::find(std::begin(kFixable), std::end(kFixable), f.rule) == std::end(kFixable) ||
      f.expected.empty()) {
    return std::nullopt;
  }
  size_t a = f.location.find('/');
  size_t b = a == std::string::npos ? a : f.location.find('/', a + 1);
  if (b == std::string::npos) return std::nullopt;
  return CellWrite{f.location.substr(0, a), f.location.substr(a + 1, b - a - 1),
                   f.location.substr(b + 1), f.expected};
}

}  // namespace rs::report
