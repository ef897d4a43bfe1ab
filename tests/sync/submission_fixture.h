// What the submission tests share: a browser on the bureau pages (plain HTTP, as a browser
// sends it), the sample submitted through the real command line, and a server with an
// office, a member and a reviewer. Include from doctest test files only.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "../support/cli.h"
#include "../support/department.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"

namespace rs::test::submission {

using rs::test::addUser;
using rs::test::Cli;
using rs::test::contains;
using rs::test::kPassword;
using rs::test::kSample;
using rs::test::ServerProcess;
using rs::test::TempDir;

inline const std::string kForm = "application/x-www-form-urlencoded";

// A browser on the bureau pages: keeps the session cookie, follows no redirects.
struct Browser {
  httplib::Client http;
  std::string cookie;

  explicit Browser(const std::string& url) : http(url) {}

  httplib::Headers headers() const {
    return cookie.empty() ? httplib::Headers{} : httplib::Headers{{"Cookie", cookie}};
  }
  httplib::Result get(const std::string& path) { return http.Get(path, headers()); }
  httplib::Result post(const std::string& path, const std::string& form) {
    return http.Post(path, headers(), form, kForm);
  }
  // Logs in through the form; returns the status of the answer.
  int login(const std::string& user) {
    auto r = post("/bureau/login", "user=" + user + "&password=" + kPassword);
    REQUIRE(r);
    std::string set = r->get_header_value("Set-Cookie");
    if (!set.empty()) cookie = set.substr(0, set.find(';'));
    return r->status;
  }
};

// The CSRF token in a page's forms.
inline std::string csrfOf(const std::string& page) {
  const std::string marker = "name=\"csrf\" value=\"";
  size_t at = page.find(marker);
  REQUIRE(at != std::string::npos);
  at += marker.size();
  return page.substr(at, page.find('"', at) - at);
}

// Column `n` (0-based) of a tab-separated line.
inline std::string column(const std::string& line, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) start = line.find('\t', start) + 1;
  return line.substr(start, line.find('\t', start) - start);
}

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

// `submit REPORT` with a reason for every warning the refusal `refusedOut` lists
// ("warning\tRULE\tLOCATION\t..." lines).
inline std::vector<std::string> submitExplaining(const std::string& id,
                                                 const std::string& refusedOut,
                                                 const std::string& reason) {
  std::vector<std::string> args = {"submit", id};
  for (const std::string& line : lines(refusedOut))
    if (line.rfind("warning\t", 0) == 0)
      args.insert(args.end(),
                  {"--explain", column(line, 1) + "@" + column(line, 2) + "=" + reason});
  return args;
}

inline const std::string kReason = "尾差系四舍五入所致，已与决算核对无误";

struct Setup {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")}, zhang{dir.sub("zhang")};
  std::unique_ptr<ServerProcess> server;
  std::string id;
  std::string log = dir.sub("server.log");  // the server's request log

  Setup() {
    addUser(data, "office", "member");
    addUser(data, "zhang", "member");
    addUser(data, "reviewer", "bureau");
    server = std::make_unique<ServerProcess>(RS_SERVER_PATH, data, std::vector<std::string>{}, log);
    office.ok({"login", server->url(), "office", "--password-stdin"}, kPassword + "\n");
    zhang.ok({"login", server->url(), "zhang", "--password-stdin"}, kPassword + "\n");
    id = office.ok({"import", kSample});
    office.ok({"share", id});
  }
};

// The sample's figures fixed (the two errors) and submitted with every warning explained.
inline void submitFixed(Cli& office, const std::string& id) {
  office.ok({"set-cell", id, "dept-eval", "money-total", "score", "9.13"});
  office.ok({"set-cell", id, "dept-eval", "total", "score", "99.13"});
  auto refused = office.run({"submit", id});
  REQUIRE(refused.exitCode == 1);
  office.ok(submitExplaining(id, refused.out, kReason));
}

// The sample imported with every "洪江市工业和信息化局" renamed `department`; returns its id.
inline std::string importRenamed(Setup& s, const std::string& department) {
  std::ifstream in(kSample);
  std::stringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  const std::string from = "洪江市工业和信息化局";
  for (size_t at; (at = text.find(from)) != std::string::npos;)
    text.replace(at, from.size(), department);
  std::string path = s.dir.sub(department + ".txt");
  std::ofstream(path) << text;
  std::string id = s.office.ok({"import", path});
  s.office.ok({"share", id});
  return id;
}

}  // namespace rs::test::submission
