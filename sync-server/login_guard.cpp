#include "login_guard.h"

#include "auth.h"

namespace rs::server {

namespace {

int64_t wallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const std::string& LoginGuard::dummyHash() {
  std::call_once(dummyOnce_, [&] { dummy_ = hashPassword("no user has this password"); });
  return dummy_;
}

void LoginGuard::pruneNowAndThen(store::kv::Engine& db, int64_t nowMs) {
  // Once a window per process: guessed names and addresses must not pile up in the store.
  const int64_t windowMs = std::chrono::milliseconds(limits_.window).count();
  int64_t last = prunedAtMs_.load();
  if (nowMs - last < windowMs || !prunedAtMs_.compare_exchange_strong(last, nowMs)) return;
  counts_.prune(db, nowMs, windowMs);
}

LoginGuard::Result LoginGuard::attempt(ServerStore& store, const std::string& name,
                                       const std::string& password, const std::string& address) {
  Result result;
  const int64_t windowMs = std::chrono::milliseconds(limits_.window).count();
  LoginCounts::Attempt a = LoginCounts::attempt(name, address, wallClockMs());
  a.limits[0] = limits_.perAddressUser;
  a.limits[1] = limits_.perAddress;
  a.limits[2] = limits_.perUser;
  if (auto wait = counts_.reserve(store.db(), a, windowMs)) {
    result.outcome = Outcome::kTooMany;
    result.retryAfterSeconds = *wait;
    return result;
  }
  pruneNowAndThen(store.db(), a.atMs);
  std::optional<User> user;
  {
    store::kv::Txn txn(store.db(), store::kv::Txn::kRead);
    user = store.user(txn, name);
  }
  const std::string& hash = user ? user->passwordHash : dummyHash();
  if (!hashing_.try_acquire_for(limits_.hashWait)) {
    counts_.release(store.db(), a, windowMs);  // not checked: not a failure
    result.outcome = Outcome::kBusy;
    result.retryAfterSeconds = 2;
    return result;
  }
  bool right = verifyPassword(hash, password);
  hashing_.release();
  if (!user || !right) return result;  // stays counted
  counts_.loggedIn(store.db(), a, windowMs);
  result.outcome = Outcome::kOk;
  result.user = std::move(user);
  return result;
}

}  // namespace rs::server
