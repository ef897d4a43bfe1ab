// submit, submissions: handing the report to the finance bureau and seeing its verdict.
#include <ctime>
#include <fstream>
#include <iostream>
#include <set>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/sync.h"
#include "docreport/content_bridge.h"
#include "report/checks.h"
#include "report/findings.h"
#include "report/template.h"
#include "util/time_text.h"

namespace rs::cli {

namespace {

constexpr int kRefusedBySubmission = 1;  // errors stand or warnings are not explained
constexpr int kChangesRefused = 4;       // the server refused some of the local changes

std::string timeText(int64_t ms) {
  return localTimeText(ms, "%Y-%m-%d %H:%M:%S", "-");
}

// One line, for a tab-separated column.
std::string oneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return text.empty() ? "-" : text;
}

// "RULE@LOCATION=REASON" into `out`; throws InputError naming `where` when malformed.
static void addExplanation(const std::string& item, const std::string& where,
                           core::Explanations& out) {
  size_t eq = item.find('=');
  size_t at = item.find('@');
  require(eq != std::string::npos && at != std::string::npos && at < eq,
          where + ": an explanation is RULE@LOCATION=REASON, not \"" + item + "\"");
  std::string key = item.substr(0, eq), reason = item.substr(eq + 1);
  require(report::isExplanation(reason),
          where + ": the explanation of " + key + " is too short (at least " +
              std::to_string(report::kMinExplanationCodePoints) + " characters: 说明理由)");
  out[key] = reason;
}

// The explanations given by --explain (repeatable) and --explanations FILE (one
// RULE@LOCATION=REASON a line; blank lines and lines starting with # skipped).
static core::Explanations explanationsOf(const Args& a) {
  core::Explanations out;
  if (auto file = a.get("--explanations")) {
    std::ifstream in(*file);
    require(bool(in), "cannot read " + *file);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      addExplanation(line, *file + ":" + std::to_string(n), out);
    }
  }
  for (const std::string& item : a.all("--explain")) addExplanation(item, "--explain", out);
  return out;
}

int cmdSubmit(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--explanations"}, {"--ack-warnings"}, {"--explain"});
  a.expectCount(1, "submit REPORT [--explain RULE@LOCATION=REASON]... [--explanations FILE]");
  require(!a.has("--ack-warnings"),
          "--ack-warnings is gone: explain each warning you submit with, with --explain "
          "RULE@LOCATION=REASON (or --explanations FILE); the bureau reads your reasons");
  core::Explanations explanations = explanationsOf(a);
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  {
    // A reason for a warning the report does not have is a typo or a stale key: say so.
    report::ReportContent content = core::toContent(*r.doc);
    std::set<std::string> warnings;
    for (const report::Finding& f :
         report::runChecks(report::Template::forReport(content.templateKey), content))
      if (f.severity == report::Severity::kWarning) warnings.insert(report::warningKey(f));
    for (const auto& [key, reason] : explanations) {
      std::string known;
      for (const std::string& w : warnings) known += "\n  " + w;
      require(warnings.count(key),
              "the report has no warning " + key +
                  (known.empty() ? " (it has none)" : "; its warnings:" + known));
    }
  }
  core::ServerConnection server = core::connectFromProfile(replica);
  // What is submitted is this replica's document: the server must hold all of it.
  core::SyncReport s = core::syncReport(replica, server, r);
  if (!s.refused.empty()) {
    for (const std::string& reason : s.refused)
      std::cerr << "refused by the server: " << reason << "\n";
    std::cerr << "not submitted: the server refused some of your changes\n";
    return kChangesRefused;
  }
  core::SubmitResult result = server.submit(r.id, r.doc->version(), explanations);
  if (!result.submitted) {
    std::cout << report::findingsText(result.findings);
    std::cerr << "not submitted: " << result.message << "\n";
    std::string unexplained;
    for (const report::Finding& f : result.findings)
      if (f.severity == report::Severity::kWarning && !explanations.count(report::warningKey(f)))
        unexplained += "  --explain '" + report::warningKey(f) + "=REASON'\n";
    if (!unexplained.empty())
      std::cerr << "after reading the warnings, explain each one you submit with:\n" << unexplained;
    return kRefusedBySubmission;
  }
  const core::SubmissionStatus& sub = result.submission;
  for (const report::ExplainedWarning& w : sub.warnings)
    std::cout << "explained\t" << report::warningKey(w.finding) << "\t" << oneLine(w.explanation)
              << "\n";
  std::cout << "submitted #" << sub.id << " sha256 " << sub.sha256 << "\n";
  rememberSubmissionStatus(replica, server, r.id);
  return 0;
}

int cmdSubmissions(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--diff"});
  a.expectCount(a.has("--diff") ? 3 : 1, "submissions REPORT [--diff N M]");
  core::ReportId id = replica.resolve(a.at(0, "REPORT"));
  core::ServerConnection server = core::connectFromProfile(replica);
  if (a.has("--diff")) {
    // What changed from submission N to M (sections, cells, findings), as the server sees it.
    std::cout << server.submissionDiff(id, parseCount(a.at(1, "N"), "N"),
                                       parseCount(a.at(2, "M"), "M"));
    return 0;
  }
  std::vector<core::SubmissionStatus> list = server.submissions(id);
  rememberSubmissionStatus(replica, server, id);
  if (list.empty()) std::cout << "no submissions\n";
  // id, status, submitted at, by, sha256, reviewed at, reviewer, comment; then each comment
  // on a place: "comment #ID", where, reviewer, text
  for (const core::SubmissionStatus& s : list) {
    std::cout << "#" << s.id << "\t" << s.status << "\t" << timeText(s.timeMs) << "\t"
              << s.submitter << "\t" << s.sha256 << "\t" << timeText(s.reviewedMs) << "\t"
              << oneLine(s.reviewer) << "\t" << oneLine(s.comment) << "\n";
    for (const core::PlaceComment& c : s.comments)
      std::cout << "comment #" << s.id << "\t" << oneLine(c.label) << "\t" << oneLine(c.reviewer)
                << "\t" << oneLine(c.text) << "\n";
  }
  return 0;
}

}  // namespace

void addSubmitCommands(std::map<std::string, Command>& c) {
  c["submit"] = cmdSubmit;
  c["submissions"] = cmdSubmissions;
}

}  // namespace rs::cli
