// Two server processes on one PostgreSQL database (issue 16 item 3): clients spread across
// them converge, a pull waiting on one wakes when a push commits on the other (LISTEN/
// NOTIFY), and a process SIGKILLed during pushes, its clients moving to the other, loses
// and duplicates nothing; failed logins on both count against one limit. PostgreSQL only:
// an LMDB data folder is one process's.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../support/cli.h"
#include "../support/raw_http.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "../support/test_store.h"
#include "core/server_connection.h"
#include "server_fixture.h"

using namespace rs::test;

namespace {

const std::string kPass = "correct-horse-1";

// Servers a and b on one database; office and li log in to a, zhang to b. Section 1 is
// given to zhang and li.
struct TwoServers {
  TempDir dir;
  std::string data = dir.sub("server");  // names the database (test_store.h)
  Cli office{dir.sub("office")}, zhang{dir.sub("zhang")}, li{dir.sub("li")};
  std::unique_ptr<ServerProcess> a, b;
  std::string id;

  TwoServers() {
    REQUIRE_MESSAGE(testingPostgres(), "two processes share only a PostgreSQL store");
    for (const char* u : {"office", "zhang", "li"}) {
      auto r = runProcess(adminCommand(RS_SERVER_PATH, data,
                                       {"add-user", u, "--role", "member", "--password-stdin"}),
                          kPass + "\n");
      INFO(r.err);
      REQUIRE(r.exitCode == 0);
    }
    a = std::make_unique<ServerProcess>(RS_SERVER_PATH, data);
    b = std::make_unique<ServerProcess>(RS_SERVER_PATH, data);
    login(office, *a, "office");
    login(zhang, *b, "zhang");
    login(li, *a, "li");
    id = office.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
    office.ok({"share", id});
    office.ok({"assign", id, "1", "zhang"});
    office.ok({"assign", id, "1", "li"});
    zhang.ok({"join", id});
    li.ok({"join", id});
  }
  void login(const Cli& who, const ServerProcess& server, const std::string& user) {
    who.ok({"login", server.url(), user, "--password-stdin"}, kPass + "\n");
  }
  // Markers "[p:k]" typed one change each at the start of section 1.
  void type(const Cli& who, const std::string& p, int from, int to) {
    for (int k = from; k < to; ++k)
      who.ok({"edit", id, "1", "--insert", "0", "[" + p + std::to_string(k) + "]"});
  }
  void checkMarkers(const std::string& text, const std::string& p, int to) {
    for (int k = 0; k < to; ++k)
      REQUIRE_MESSAGE(occurrences(text, "[" + p + std::to_string(k) + "]") == 1, p << k);
  }
};

}  // namespace

TEST_CASE("clients spread over two server processes on one database converge") {
  TwoServers t;
  for (int round = 0; round < 3; ++round) {
    t.type(t.zhang, "z", round * 10, round * 10 + 10);
    t.type(t.li, "l", round * 10, round * 10 + 10);
    t.zhang.ok({"sync"});
    t.li.ok({"sync"});
  }
  for (const Cli* c : {&t.office, &t.zhang, &t.li, &t.zhang}) c->ok({"sync"});
  std::string doc = t.office.ok({"show", t.id, "--json"});
  CHECK(t.zhang.ok({"show", t.id, "--json"}) == doc);
  CHECK(t.li.ok({"show", t.id, "--json"}) == doc);
  std::string text = t.office.ok({"show", t.id, "--section", "1"});
  t.checkMarkers(text, "z", 30);
  t.checkMarkers(text, "l", 30);
}

TEST_CASE("a pull waiting on one process wakes when a push commits on the other") {
  TwoServers t;
  rs::core::ServerConnection office(t.a->url(), "");
  office.login("office", kPass);
  uint64_t last = office.report(t.id).lastSeq;
  t.zhang.ok({"edit", t.id, "1", "--insert", "0", "张三"});
  auto t0 = std::chrono::steady_clock::now();
  std::thread push([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    t.zhang.ok({"sync"});  // to b
  });
  auto page = office.pull(t.id, last, 10, 30);  // on a, waiting up to 30 s
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  push.join();
  CHECK(page.changeCount > 0);
  // Woken by b's NOTIFY, not by the end of the 30 s wait (which would answer with the
  // change too, as the pull reads the store when its wait ends).
  CHECK_MESSAGE(seconds < 20, seconds << " s");
}

TEST_CASE(
    "one process killed during pushes, its clients moving to the other: nothing lost or "
    "duplicated") {
  TwoServers t;
  std::mt19937 rng(11);
  int typed = 0;
  // zhang and li push to a, which is killed mid-push; they move to b and push again.
  t.login(t.zhang, *t.a, "zhang");
  for (int round = 0; round < 3; ++round) {
    t.type(t.zhang, "z", typed, typed + 40);
    t.type(t.li, "l", typed, typed + 40);
    typed += 40;
    int pz = spawnDetached({RS_CLI_PATH, "--store", t.zhang.store, "sync"});
    int pl = spawnDetached({RS_CLI_PATH, "--store", t.li.store, "sync"});
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 60));
    int port = t.a->port();
    t.a->kill();
    waitProcess(pz);
    waitProcess(pl);
    t.login(t.zhang, *t.b, "zhang");
    t.login(t.li, *t.b, "li");
    t.zhang.ok({"sync"});
    t.li.ok({"sync"});
    t.a->start(port);  // back, for the next round's pushes
    t.login(t.zhang, *t.a, "zhang");
    t.login(t.li, *t.a, "li");
  }
  t.login(t.office, *t.b, "office");
  for (const Cli* c : {&t.zhang, &t.li, &t.office, &t.zhang, &t.li}) c->ok({"sync"});
  std::string text = t.office.ok({"show", t.id, "--section", "1"});
  t.checkMarkers(text, "z", typed);
  t.checkMarkers(text, "l", typed);
  std::string doc = t.office.ok({"show", t.id, "--json"});
  CHECK(t.zhang.ok({"show", t.id, "--json"}) == doc);
  CHECK(t.li.ok({"show", t.id, "--json"}) == doc);
  CHECK(t.zhang.ok({"list"}).find("unsynced 0") != std::string::npos);
  CHECK(t.li.ok({"list"}).find("unsynced 0") != std::string::npos);
}

TEST_CASE("failed logins spread over two processes count against one limit") {
  TwoServers t;  // zhang has logged in from 127.0.0.1 on b only
  // One address guessing zhang's password, turn about on a and b: the limit of 5 for an
  // address and user holds across both (each process alone would allow 5).
  std::vector<int> statuses;
  for (int i = 0; i < 8; ++i)
    statuses.push_back(
        webLogin((i % 2 ? t.b : t.a)->port(), "127.0.0.2", "zhang", "wrong-" + std::to_string(i))
            .status);
  CHECK(statuses == std::vector<int>{401, 401, 401, 401, 401, 429, 429, 429});

  // Four more addresses guess on a alone, four tries each: with the 5 above, zhang's
  // failures reach the limit of 20 for a user from anywhere.
  std::vector<std::thread> guessers;
  for (int k = 3; k < 7; ++k)
    guessers.emplace_back([&, k] {
      for (int i = 0; i < 4; ++i)
        webLogin(t.a->port(), "127.0.0." + std::to_string(k), "zhang", "x");
    });
  for (auto& g : guessers) g.join();
  // b counts them too: a new address is refused there at once.
  Reply fresh = webLogin(t.b->port(), "127.0.0.30", "zhang", "x");
  CHECK(fresh.status == 429);
  // zhang, at his usual machine (known since his login on b), logs in on a at once.
  auto r = t.zhang.run({"login", t.a->url(), "zhang", "--password-stdin"}, kPass + "\n");
  INFO(r.err);
  CHECK(r.exitCode == 0);
}
