// A department for sync tests: the real server binary on a free loopback port with users
// office, zhang and li, and a real store for each. Include from doctest test files whose
// suite defines RS_CLI_PATH, RS_SERVER_PATH and RS_TEST_DATA_DIR.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "server_process.h"
#include "temp_dir.h"
#include "test_store.h"

namespace rs::test {

inline const std::string kSample =
    std::string(RS_TEST_DATA_DIR) + "/hongjiang-gxj-2024-selfeval.txt";
inline const std::string kPassword = "correct-horse-1";

inline void addUser(const std::string& data, const std::string& name,
                    const std::string& role = "member") {
  auto r = runProcess(
      adminCommand(RS_SERVER_PATH, data, {"add-user", name, "--role", role, "--password-stdin"}),
      kPassword + "\n");
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
}

struct Department {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")}, zhang{dir.sub("zhang")}, li{dir.sub("li")};
  std::unique_ptr<ServerProcess> server;

  explicit Department(std::vector<std::string> serverArgs = {}) {
    for (const char* u : {"office", "zhang", "li"}) addUser(data, u);
    server = std::make_unique<ServerProcess>(RS_SERVER_PATH, data, serverArgs);
    login(office, "office");
    login(zhang, "zhang");
    login(li, "li");
  }
  void login(const Cli& cli, const std::string& user) const {
    cli.ok({"login", server->url(), user, "--password-stdin"}, kPassword + "\n");
  }

  // Every store syncs, twice over (members first), so that all hold every change.
  void syncAll() {
    for (Cli* c : {&zhang, &li, &office, &zhang, &li}) {
      auto r = c->run({"sync"});
      INFO(r.err);
      CHECK(r.exitCode == 0);
    }
  }

  // The office imports the sample, shares it and gives 一 to zhang, 七 to li and 十 to both.
  std::string setUpReport() {
    std::string id = office.ok({"import", kSample});
    office.ok({"share", id});
    office.ok({"assign", id, "1", "zhang"});
    office.ok({"assign", id, "7", "li"});
    office.ok({"assign", id, "10", "zhang"});
    office.ok({"assign", id, "10", "li"});
    zhang.ok({"join", id});
    li.ok({"join", id});
    return id;
  }
};

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace rs::test
