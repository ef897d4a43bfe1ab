// submit, submissions: handing the report to the finance bureau and seeing its verdict.
#include <ctime>
#include <iostream>

#include "util/time_text.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "core/content_bridge.h"
#include "core/sync.h"
#include "report/checks.h"
#include "report/findings.h"
#include "report/template.h"

namespace rs::cli {

namespace {

constexpr int kRefusedBySubmission = 1;  // errors stand or warnings are not acknowledged
constexpr int kChangesRefused = 4;       // the server refused some of the local changes

std::string timeText(int64_t ms) { return localTimeText(ms, "%Y-%m-%d %H:%M:%S", "-"); }

// One line, for a tab-separated column.
std::string oneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return text.empty() ? "-" : text;
}

int cmdSubmit(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--ack-warnings"});
  a.expectCount(1, "submit REPORT [--ack-warnings]");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  core::ServerConnection server = core::connectFromProfile(replica);
  // What is submitted is this replica's document: the server must hold all of it.
  core::SyncReport s = core::syncReport(replica, server, r);
  if (!s.refused.empty()) {
    for (const std::string& reason : s.refused)
      std::cerr << "refused by the server: " << reason << "\n";
    std::cerr << "not submitted: the server refused some of your changes\n";
    return kChangesRefused;
  }
  std::vector<std::string> acknowledged;
  if (a.has("--ack-warnings")) {
    report::ReportContent content = core::toContent(*r.doc);
    for (const report::Finding& f :
         report::runChecks(report::Template::builtin(content.templateKey), content))
      if (f.severity == report::Severity::kWarning) acknowledged.push_back(core::warningKey(f));
  }
  core::SubmitResult result = server.submit(r.id, r.doc->version(), acknowledged);
  if (!result.submitted) {
    std::cout << report::findingsText(result.findings);
    std::cerr << "not submitted: " << result.message << "\n";
    if (!report::hasErrors(result.findings) && !a.has("--ack-warnings"))
      std::cerr << "after reading the warnings, acknowledge them with --ack-warnings\n";
    return kRefusedBySubmission;
  }
  const core::SubmissionStatus& sub = result.submission;
  for (const std::string& key : sub.acknowledged) std::cout << "acknowledged\t" << key << "\n";
  std::cout << "submitted #" << sub.id << " sha256 " << sub.sha256 << "\n";
  rememberSubmissionStatus(replica, server, r.id);
  return 0;
}

int cmdSubmissions(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(1, "submissions REPORT");
  core::ReportId id = replica.resolve(a.at(0, "REPORT"));
  core::ServerConnection server = core::connectFromProfile(replica);
  std::vector<core::SubmissionStatus> list = server.submissions(id);
  rememberSubmissionStatus(replica, server, id);
  if (list.empty()) std::cout << "no submissions\n";
  // id, status, submitted at, by, sha256, reviewed at, reviewer, comment
  for (const core::SubmissionStatus& s : list)
    std::cout << "#" << s.id << "\t" << s.status << "\t" << timeText(s.timeMs) << "\t"
              << s.submitter << "\t" << s.sha256 << "\t" << timeText(s.reviewedMs) << "\t"
              << oneLine(s.reviewer) << "\t" << oneLine(s.comment) << "\n";
  return 0;
}

}  // namespace

void addSubmitCommands(std::map<std::string, Command>& c) {
  c["submit"] = cmdSubmit;
  c["submissions"] = cmdSubmissions;
}

}  // namespace rs::cli
