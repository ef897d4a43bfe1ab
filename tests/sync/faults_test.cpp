// Crashes during sync: the server killed while a push is under way, and a client killed
// while pulling. Afterwards everyone converges with nothing lost or duplicated.
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "../support/cli.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"

using rs::test::Cli;
using rs::test::runProcess;
using rs::test::ServerProcess;
using rs::test::TempDir;

namespace {

const std::string kPassword = "correct-horse-1";

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

struct Pair {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")}, zhang{dir.sub("zhang")};
  std::unique_ptr<ServerProcess> server;
  std::string id;

  Pair() {
    for (const char* u : {"office", "zhang"})
      REQUIRE(runProcess(
                  rs::test::adminCommand(RS_SERVER_PATH, data,
                                         {"add-user", u, "--role", "member", "--password-stdin"}),
                  kPassword + "\n")
                  .exitCode == 0);
    server = std::make_unique<ServerProcess>(RS_SERVER_PATH, data);
    login();
    id = office.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
    office.ok({"share", id});
    office.ok({"assign", id, "1", "zhang"});
    zhang.ok({"join", id});
  }
  void login() {
    office.ok({"login", server->url(), "office", "--password-stdin"}, kPassword + "\n");
    zhang.ok({"login", server->url(), "zhang", "--password-stdin"}, kPassword + "\n");
  }
  // `n` separate changes, each a marker "[k]" typed at the start of section 1.
  void typeMarkers(const Cli& who, int from, int to) {
    for (int k = from; k < to; ++k)
      who.ok({"edit", id, "1", "--insert", "0", "[" + std::to_string(k) + "]"});
  }
  void checkMarkers(const std::string& text, int to) {
    for (int k = 0; k < to; ++k)
      REQUIRE_MESSAGE(count(text, "[" + std::to_string(k) + "]") == 1, "marker " << k);
  }
};

}  // namespace

TEST_CASE("the server killed during pushes: after a restart nothing is lost or duplicated") {
  Pair p;
  std::mt19937 rng(7);
  int typed = 0;
  for (int round = 0; round < 4; ++round) {
    p.typeMarkers(p.zhang, typed, typed + 60);
    typed += 60;
    int pid = rs::test::spawnDetached({RS_CLI_PATH, "--store", p.zhang.store, "sync"});
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 40));
    int port = p.server->port();
    p.server->kill();
    rs::test::waitProcess(pid);
    p.server->start(port);
    p.zhang.ok({"sync"});
  }
  p.office.ok({"sync"});
  std::string office = p.office.ok({"show", p.id, "--section", "1"});
  p.checkMarkers(office, typed);
  CHECK(p.zhang.ok({"show", p.id, "--json"}) == p.office.ok({"show", p.id, "--json"}));
  CHECK(p.zhang.ok({"list"}).find("unsynced 0") != std::string::npos);
}

TEST_CASE("a client killed while pulling resumes and converges") {
  Pair p;
  p.typeMarkers(p.zhang, 0, 150);
  p.zhang.ok({"sync"});
  std::mt19937 rng(11);
  for (int round = 0; round < 5; ++round) {
    int pid = rs::test::spawnDetached({RS_CLI_PATH, "--store", p.office.store, "sync"});
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 30));
    kill(pid, SIGKILL);
    rs::test::waitProcess(pid);
  }
  p.office.ok({"sync"});
  p.checkMarkers(p.office.ok({"show", p.id, "--section", "1"}), 150);
  CHECK(p.zhang.ok({"show", p.id, "--json"}) == p.office.ok({"show", p.id, "--json"}));
}
