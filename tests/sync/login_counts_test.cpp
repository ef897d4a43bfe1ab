// The failed-login counts kept in the server store (sync-server/login_counts.h), on the
// run's engine, in this process: the three limits, a user's usual address, uncounting,
// simultaneous tries counted atomically, and expired counters pruned.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "../support/temp_dir.h"
#include "login_guard.h"
#include "run_store.h"
#include "sync_service.h"

using rs::server::LoginCounts;

namespace {

constexpr int64_t kWindow = 60000;
constexpr int64_t kT0 = 1'800'000'000'000;  // ms since the epoch

// An attempt with small limits: 2 per address and user, 3 per address, 4 per user.
LoginCounts::Attempt attempt(const std::string& name, const std::string& from, int64_t at) {
  LoginCounts::Attempt a = LoginCounts::attempt(name, from, at);
  a.limits[0] = 2;
  a.limits[1] = 3;
  a.limits[2] = 4;
  return a;
}

}  // namespace

TEST_CASE("stored login counts: the limits, a user's usual address, and pruning") {
  rs::test::TempDir dir;
  auto store = rs::test::openRunStore(dir.sub("server"));
  auto& db = store->db();
  LoginCounts& counts = store->logins().counts();
  auto reserve = [&](const std::string& name, const std::string& from, int64_t at) {
    return counts.reserve(db, attempt(name, from, at), kWindow);
  };

  // zhang logs in at his machine: counted, then uncounted; the address becomes his usual.
  auto usual = attempt("zhang", "10.0.0.9", kT0);
  CHECK(!counts.reserve(db, usual, kWindow));
  CHECK(counts.size(db) == 3);
  counts.loggedIn(db, usual, kWindow);
  CHECK(counts.size(db) == 0);

  // Per address and user: the third try within the window waits for the first to expire.
  CHECK(!reserve("zhang", "10.0.0.1", kT0));
  CHECK(!reserve("zhang", "10.0.0.1", kT0 + 1000));
  auto wait = reserve("zhang", "10.0.0.1", kT0 + 2000);
  REQUIRE(wait);
  CHECK(*wait == 59);
  // Per address, across names.
  CHECK(!reserve("li", "10.0.0.1", kT0 + 3000));
  CHECK(reserve("wang", "10.0.0.1", kT0 + 3000));
  // Per user, across addresses; but never at the user's usual address.
  CHECK(!reserve("zhang", "10.0.0.2", kT0 + 4000));
  CHECK(!reserve("zhang", "10.0.0.3", kT0 + 4000));
  CHECK(reserve("zhang", "10.0.0.4", kT0 + 4000));
  CHECK(!reserve("zhang", "10.0.0.9", kT0 + 4000));

  // A try never checked (the server was busy) is uncounted.
  size_t held = counts.size(db);
  auto busy = attempt("chen", "10.0.0.5", kT0 + 5000);
  CHECK(!counts.reserve(db, busy, kWindow));
  CHECK(counts.size(db) == held + 3);
  counts.release(db, busy, kWindow);
  CHECK(counts.size(db) == held);

  // Nothing expired yet: nothing pruned. A window after the last try: everything.
  CHECK(counts.prune(db, kT0 + 30000, kWindow) == 0);
  CHECK(counts.size(db) == held);
  CHECK(counts.prune(db, kT0 + 4000 + kWindow, kWindow) == held);
  CHECK(counts.size(db) == 0);
}

TEST_CASE(
    "a removed user's usual addresses are forgotten: a new person given the name has "
    "none, and an administrator's new password forgets them too") {
  rs::test::TempDir dir;
  auto store = rs::test::openRunStore(dir.sub("server"));
  auto& db = store->db();
  LoginCounts& counts = store->logins().counts();
  auto lockedOut = [&](int64_t at) {  // four strangers' failures reach zhang's user limit
    for (int i = 0; i < 4; ++i)
      counts.reserve(db, attempt("zhang", "10.1.0." + std::to_string(i), at), kWindow);
    return counts.reserve(db, attempt("zhang", "10.0.0.9", at), kWindow).has_value();
  };
  auto usual = attempt("zhang", "10.0.0.9", kT0);
  REQUIRE(!counts.reserve(db, usual, kWindow));
  counts.loggedIn(db, usual, kWindow);
  CHECK(!lockedOut(kT0));  // his usual machine is exempt from the user's counter

  {
    rs::store::kv::Txn txn(db, rs::store::kv::Txn::kWrite);
    store->putUser(txn, {"zhang", rs::server::Role::kMember, "unused"});
    REQUIRE(store->removeUser(txn, "zhang"));
    txn.commit();
  }
  CHECK(lockedOut(kT0 + 2 * kWindow));  // the exemption went with the user

  // The new zhang logs in at his machine; then the administrator sets his password.
  {
    rs::store::kv::Txn txn(db, rs::store::kv::Txn::kWrite);
    store->putUser(txn, {"zhang", rs::server::Role::kMember, "unused"});
    txn.commit();
  }
  usual.atMs = kT0 + 4 * kWindow;
  counts.loggedIn(db, usual, kWindow);
  CHECK(!lockedOut(kT0 + 4 * kWindow));
  rs::server::SyncService(*store, {}).setPassword("zhang", "a-new-password");
  CHECK(lockedOut(kT0 + 6 * kWindow));
}

TEST_CASE("simultaneous tries against one stored limit: exactly the limit goes ahead") {
  rs::test::TempDir dir;
  auto store = rs::test::openRunStore(dir.sub("server"));
  LoginCounts& counts = store->logins().counts();
  std::atomic<int> allowed = 0;
  std::vector<std::thread> tries;
  for (int i = 0; i < 24; ++i)
    tries.emplace_back([&, i] {
      if (!counts.reserve(store->db(), attempt("li", "10.0.0.7", kT0 + i), kWindow)) ++allowed;
    });
  for (auto& t : tries) t.join();
  CHECK(allowed == 2);
}
