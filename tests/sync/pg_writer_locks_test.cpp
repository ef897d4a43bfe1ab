// PostgreSQL's writer locks (sync-server/pg_engine.h, issue 16 item 4): two engines on one
// database stand for two server processes. Scoped writes (a push: its reports and actors)
// on different reports commit at once; on one report, one after the other; an unscoped
// write and scoped ones wait for each other; scopes naming the same keys in different
// orders never deadlock. A wait is seen in pg_locks (an advisory lock not granted), never
// guessed from a delay.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <pqxx/pqxx>
#include <thread>

#include "../support/test_store.h"
#include "pg_engine.h"
#include "store/kv.h"

using namespace rs;
using store::kv::Table;
using store::kv::Txn;
using namespace std::chrono_literals;

namespace {

// Waits (up to 60 s) until `n` advisory lock requests on the database wait; false if not.
bool advisoryWaiters(const std::string& url, int n) {
  pqxx::connection c(url);
  for (auto end = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < end;
       std::this_thread::sleep_for(10ms)) {
    pqxx::work w(c);
    auto row = w.exec1("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    if (row[0].as<int>() == n) return true;
  }
  return false;
}

struct TwoProcesses {
  std::string url = test::freshPostgresDatabase();
  server::PgEngine a{url}, b{url};
  Table table;
  TwoProcesses() {
    Txn t(a, Txn::kWrite);
    table = Table::open(t, "lock-test");
    t.commit();
    Txn u(b, Txn::kWrite);
    Table::open(u, "lock-test");  // the same table id in b
    u.commit();
  }
  // A scoped write of `value` under `key` on `engine`, committed.
  void write(server::PgEngine& engine, std::vector<std::string> scope, const std::string& key,
             const std::string& value) {
    Txn t(engine, scope);
    table.put(t, key, value);
    t.commit();
  }
  std::string read(const std::string& key) {
    Txn t(a, Txn::kRead);
    return std::string(table.get(t, key).value_or("(none)"));
  }
};

}  // namespace

TEST_CASE("pushes to different reports from two processes commit at once, to one report in turn") {
  TwoProcesses p;
  Txn first(p.a, {"report:A", "actor:x"});
  p.table.put(first, "A", "first");

  // Another report, another process: done while the first write is still open.
  auto other = std::async(std::launch::async, [&] { p.write(p.b, {"report:B"}, "B", "other"); });
  bool otherDone = other.wait_for(60s) == std::future_status::ready;
  CHECK_MESSAGE(otherDone, "a push to report B waited for one to report A");

  // The same report: waits for the first to commit, then sees it and writes after it.
  auto same = std::async(std::launch::async, [&] {
    Txn t(p.b, {"report:A"});
    std::string seen(p.table.get(t, "A").value_or("(none)"));
    p.table.put(t, "A", seen + "+second");
    t.commit();
  });
  CHECK(advisoryWaiters(p.url, 1));
  CHECK(same.wait_for(0s) != std::future_status::ready);
  first.commit();
  same.get();
  other.get();
  CHECK(p.read("A") == "first+second");
  CHECK(p.read("B") == "other");
}

TEST_CASE("an unscoped write waits for pushes, and pushes for it") {
  TwoProcesses p;
  {
    Txn push(p.a, {"report:A"});
    auto unscoped = std::async(std::launch::async, [&] {
      Txn t(p.b, Txn::kWrite);
      p.table.put(t, "users", "changed");
      t.commit();
    });
    CHECK(advisoryWaiters(p.url, 1));
    push.commit();
    unscoped.get();
  }
  Txn unscoped(p.a, Txn::kWrite);
  auto push = std::async(std::launch::async, [&] { p.write(p.b, {"report:B"}, "B", "pushed"); });
  CHECK(advisoryWaiters(p.url, 1));
  CHECK(push.wait_for(0s) != std::future_status::ready);
  unscoped.commit();
  push.get();
  CHECK(p.read("B") == "pushed");
}

TEST_CASE("scopes naming the same reports in different orders never deadlock") {
  TwoProcesses p;
  auto run = [&](server::PgEngine& engine, std::vector<std::string> scope) {
    for (int i = 0; i < 40; ++i) {
      Txn t(engine, scope);
      std::string n(p.table.get(t, "count").value_or("0"));
      p.table.put(t, "count", std::to_string(std::stoi(n) + 1));
      t.commit();
    }
  };
  auto x = std::async(std::launch::async, [&] { run(p.a, {"report:A", "report:B", "actor:z"}); });
  auto y = std::async(std::launch::async, [&] { run(p.b, {"actor:z", "report:B", "report:A"}); });
  x.get();  // PostgreSQL would end one of them with a deadlock error
  y.get();
  CHECK(p.read("count") == "80");  // and, each holding both locks, none lost an increment
}
