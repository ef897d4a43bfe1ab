#include "login_guard.h"

#include <algorithm>

#include "auth.h"

namespace rs::server {

namespace {

constexpr size_t kSweepAt = 10000;  // guessed names and addresses must not grow the map for ever

}  // namespace

int LoginGuard::count(const std::string& key, Clock::time_point now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && now - times.front() > limits_.window) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return 0;
  }
  return int(times.size());
}

std::optional<int> LoginGuard::reserve(const std::string& name, const std::string& address,
                                       Reservation& r) {
  std::lock_guard lock(mu_);
  Clock::time_point now = Clock::now();
  if (failures_.size() >= kSweepAt)
    for (auto it = failures_.begin(); it != failures_.end();) {
      std::string key = it++->first;
      count(key, now);
    }
  r.keys[0] = "au\n" + address + "\n" + name;
  r.keys[1] = "a\n" + address;
  r.keys[2] = "u\n" + name;
  r.at = now;
  bool trusted = trusted_.count(name) && trusted_[name].count(address);
  const int limits[3] = {limits_.perAddressUser, limits_.perAddress,
                         trusted ? INT32_MAX : limits_.perUser};
  for (int k = 0; k < 3; ++k) {
    if (count(r.keys[k], now) < limits[k]) continue;
    auto oldest = failures_[r.keys[k]].front();
    auto wait = std::chrono::duration_cast<std::chrono::seconds>(oldest + limits_.window - now);
    return std::max<int>(1, int(wait.count()) + 1);
  }
  for (const std::string& key : r.keys) failures_[key].push_back(now);
  return std::nullopt;
}

void LoginGuard::release(const Reservation& r) {
  std::lock_guard lock(mu_);
  for (const std::string& key : r.keys) {
    auto it = failures_.find(key);
    if (it == failures_.end()) continue;
    auto& times = it->second;
    if (auto at = std::find(times.begin(), times.end(), r.at); at != times.end()) times.erase(at);
    if (times.empty()) failures_.erase(it);
  }
}

const std::string& LoginGuard::dummyHash() {
  std::call_once(dummyOnce_, [&] { dummy_ = hashPassword("no user has this password"); });
  return dummy_;
}

LoginGuard::Result LoginGuard::attempt(ServerStore& store, const std::string& name,
                                       const std::string& password, const std::string& address) {
  Result result;
  Reservation r;
  if (auto wait = reserve(name, address, r)) {
    result.outcome = Outcome::kTooMany;
    result.retryAfterSeconds = *wait;
    return result;
  }
  std::optional<User> user;
  {
    store::kv::Txn txn(store.db(), store::kv::Txn::kRead);
    user = store.user(txn, name);
  }
  const std::string& hash = user ? user->passwordHash : dummyHash();
  if (!hashing_.try_acquire_for(limits_.hashWait)) {
    release(r);  // not checked: not a failure
    result.outcome = Outcome::kBusy;
    result.retryAfterSeconds = 2;
    return result;
  }
  bool right = verifyPassword(hash, password);
  hashing_.release();
  if (!user || !right) return result;  // stays counted
  release(r);
  {
    std::lock_guard lock(mu_);
    auto& addresses = trusted_[name];
    if (addresses.size() < 16) addresses.insert(address);
  }
  result.outcome = Outcome::kOk;
  result.user = std::move(user);
  return result;
}

}  // namespace rs::server
