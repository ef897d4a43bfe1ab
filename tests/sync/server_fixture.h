// A server and two people (office, zhang) with real stores, on the "minimal" template with
// section 1 assigned to zhang; for the server-side integration tests (restore, big pastes,
// long-polls). Include from doctest test files only.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "../support/cli.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "../support/test_store.h"

namespace rs::test {

inline const std::string kFixturePassword = "correct-horse-1";

inline size_t occurrences(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

inline void writeFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

struct OfficeAndZhang {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")}, zhang{dir.sub("zhang")};
  std::unique_ptr<ServerProcess> server;
  std::string id;

  explicit OfficeAndZhang(std::vector<std::string> serverArgs = {}) {
    for (const char* u : {"office", "zhang"}) {
      auto r = runProcess(adminCommand(RS_SERVER_PATH, data,
                                       {"add-user", u, "--role", "member", "--password-stdin"}),
                          kFixturePassword + "\n");
      INFO(r.err);
      REQUIRE(r.exitCode == 0);
    }
    server = std::make_unique<ServerProcess>(RS_SERVER_PATH, data, serverArgs);
    login(office, "office");
    login(zhang, "zhang");
    id = office.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
    office.ok({"share", id});
    office.ok({"assign", id, "1", "zhang"});
    zhang.ok({"join", id});
  }
  void login(const Cli& who, const std::string& user) {
    who.ok({"login", server->url(), user, "--password-stdin"}, kFixturePassword + "\n");
  }
  // Markers "[k]" typed one change each at the start of `section`.
  void type(const Cli& who, const std::string& section, int from, int to) {
    for (int k = from; k < to; ++k)
      who.ok({"edit", id, section, "--insert", "0", "[" + std::to_string(k) + "]"});
  }
};

}  // namespace rs::test
