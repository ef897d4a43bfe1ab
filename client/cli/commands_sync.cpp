// login, share, invite, join, assign, sync: working with the department's server.
#include <algorithm>
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/rights_text.h"
#include "core/sync.h"
#include "core/template_fetch.h"
#include "docreport/render.h"

namespace rs::cli {

namespace {

// Exit code when the server refused some changes (they stay in the outbox), or sent a
// template with a mistake (not stored).
constexpr int kRefused = 4;

// Says why the server refused changes; the exit code for the pass.
int reportRefusals(const core::SyncReport& s) {
  for (const std::string& reason : s.refused)
    std::cerr << "refused by the server: " << reason << "\n";
  return s.refused.empty() ? 0 : kRefused;
}

}  // namespace

// Keeps the latest submission's status for `list`, which works offline.
void rememberSubmissionStatus(core::Replica& replica, core::ServerConnection& server,
                              const core::ReportId& id) {
  std::vector<core::SubmissionStatus> all = server.submissions(id);
  if (all.empty()) return;
  auto latest =
      std::max_element(all.begin(), all.end(), [](auto& a, auto& b) { return a.id < b.id; });
  std::string text = "#" + std::to_string(latest->id) + " " + latest->status;
  if (!latest->comment.empty()) text += ": " + latest->comment;
  replica.setSubmissionStatus(id, text);
}

namespace {

// The user's own password on the server: the current one, then the new one twice (or once
// each on standard input with --password-stdin). Other devices log in again.
int cmdPasswd(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--password-stdin"});
  a.expectCount(0, "passwd [--password-stdin]");
  bool prompt = !a.has("--password-stdin");
  auto read = [&](const char* what) {
    if (prompt) std::cerr << what;
    std::string line;
    std::getline(std::cin, line);
    return line;
  };
  std::string oldPassword = read("current password: ");
  std::string newPassword = read("new password: ");
  if (prompt) require(read("new password again: ") == newPassword, "the new passwords differ");
  require(!oldPassword.empty() && !newPassword.empty(), "no password given");
  core::ServerConnection server = core::connectFromProfile(replica);
  server.changePassword(oldPassword, newPassword);
  std::cout << "password changed; your other devices log in again\n";
  return 0;
}

int cmdLogin(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--password-stdin"});
  a.expectCount(2, "login URL USER [--password-stdin]");
  if (!a.has("--password-stdin")) std::cerr << "password: ";
  std::string password;
  std::getline(std::cin, password);
  require(!password.empty(), "no password given");
  core::ServerConnection server(a.at(0, "URL"), "");
  core::LoginResult r = server.login(a.at(1, "USER"), password);
  replica.setServerLogin({a.at(0, "URL"), a.at(1, "USER"), r.token});
  std::cout << "logged in as " << a.at(1, "USER") << " (" << r.role << ")\n";
  return 0;
}

int cmdShare(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(1, "share REPORT");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  core::ServerConnection server = core::connectFromProfile(replica);
  server.share(r.id);
  core::recordOffice(replica, r, replica.userName());
  core::SyncReport s = core::syncReport(replica, server, r);
  std::cout << "shared " << r.id << " (" << s.pushed << " changes sent)\n";
  return reportRefusals(s);
}

int cmdInvite(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--role"}, {});
  a.expectCount(2, "invite REPORT USER [--role office|member]");
  core::ReportId id = replica.resolve(a.at(0, "REPORT"));
  std::string role = a.get("--role").value_or("member");
  core::ServerConnection server = core::connectFromProfile(replica);
  server.addMember(id, a.at(1, "USER"), role);
  if (role != "office") return 0;
  core::OpenReport r = replica.open(id);
  core::recordOffice(replica, r, a.at(1, "USER"));
  return reportRefusals(core::syncReport(replica, server, r));
}

int cmdJoin(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(1, "join ID");
  core::ServerConnection server = core::connectFromProfile(replica);
  core::RemoteReport remote = server.report(a.at(0, "ID"));
  core::OpenReport r = replica.openOrEmpty(remote.id);
  core::SyncReport s = core::syncReport(replica, server, r);
  std::cout << "joined " << r.id << " (" << s.pulled << " changes)\n";
  return 0;
}

int cmdAssign(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(3, "assign REPORT N USER");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  auto section = r.doc->sectionByNumber(core::parseOutlineNumber(a.at(1, "N")));
  require(section.has_value(), "no section " + a.at(1, "N"));
  const std::string& user = a.at(2, "USER");
  core::requireOffice(*r.doc, replica.userName(), "assigning sections (分配章节)");
  core::ServerConnection server = core::connectFromProfile(replica);
  server.assign(r.id, section->counter, r.doc->actors().bytes(section->actor), user);
  // A section may be given to several people: the register holds "zhang,li".
  std::vector<std::string> users;
  for (const auto& entry : r.doc->section(*section)->assignee.entries()) {
    std::stringstream list(entry.value);
    for (std::string u; std::getline(list, u, ',');)
      if (!u.empty() && std::find(users.begin(), users.end(), u) == users.end()) users.push_back(u);
  }
  if (std::find(users.begin(), users.end(), user) == users.end()) users.push_back(user);
  std::string value;
  for (const std::string& u : users) value += (value.empty() ? "" : ",") + u;
  replica.edit(r, [&](doc::LocalEdit& e) {
    e.setSectionField(*section, doc::SectionField::kAssignee, value);
  });
  core::SyncReport s = core::syncReport(replica, server, r);
  return reportRefusals(s);
}

int cmdSync(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  require(a.count() <= 1, "usage: reportsync-cli sync [REPORT]");
  core::ServerConnection server = core::connectFromProfile(replica);
  core::TemplateFetch fetched = core::fetchTemplates(replica, server);
  for (const std::string& t : fetched.added) std::cout << "template " << t << " fetched\n";
  for (const std::string& why : fetched.refused) std::cerr << why << "\n";
  std::vector<core::ReportId> ids;
  if (a.count() == 1) {
    ids.push_back(replica.resolve(a.at(0, "REPORT")));
  } else {
    for (const core::RemoteReport& remote : server.reports())
      for (const core::ReportSummary& local : replica.list())
        if (local.id == remote.id) ids.push_back(local.id);
  }
  int code = fetched.refused.empty() ? 0 : kRefused;
  for (const core::ReportId& id : ids) {
    core::OpenReport r = replica.open(id);
    core::SyncReport s = core::syncReport(replica, server, r);
    std::cout << id << ": sent " << s.pushed << ", received " << s.pulled << "\n";
    rememberSubmissionStatus(replica, server, id);
    code = std::max(code, reportRefusals(s));
  }
  return code;
}

}  // namespace

void addSyncCommands(std::map<std::string, Command>& c) {
  c["login"] = cmdLogin;
  c["passwd"] = cmdPasswd;
  c["share"] = cmdShare;
  c["invite"] = cmdInvite;
  c["join"] = cmdJoin;
  c["assign"] = cmdAssign;
  c["sync"] = cmdSync;
}

}  // namespace rs::cli
