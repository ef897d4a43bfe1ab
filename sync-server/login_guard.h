// Logins under attack (issue 14, cases 2-4): one guard for the API and the bureau's web
// form, so that they share one count of failures.
//
// - Failures are counted per (address, user), per address (guessing across many names)
//   and per user (guessing from many addresses). The per-user count never stops an address
//   where that user has logged in before: a stranger's failures cannot lock a user out of
//   their usual machine.
// - An attempt is counted before its password is checked and uncounted when it succeeds,
//   under one lock: simultaneous tries cannot slip past the limit.
// - Argon2id costs 64 MiB a check, so at most `concurrentHashes` run at once; the others
//   wait a little, then are answered "busy" (503, Retry-After).
// - An unknown name is checked against a dummy hash, so that it takes as long as a known
//   name with a wrong password and names cannot be told apart by timing.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <semaphore>
#include <set>
#include <string>

#include "server_store.h"

namespace rs::server {

struct LoginLimits {
  int perAddressUser = 5;
  int perAddress = 30;
  int perUser = 20;
  std::chrono::seconds window{60};
  std::chrono::milliseconds hashWait{5000};  // how long a login waits for a hashing slot
};

class LoginGuard {
 public:
  enum class Outcome { kOk, kWrongPassword, kTooMany, kBusy };
  struct Result {
    Outcome outcome = Outcome::kWrongPassword;
    std::optional<User> user;   // kOk only
    int retryAfterSeconds = 0;  // kTooMany, kBusy
  };
  static constexpr int kConcurrentHashes = 2;

  explicit LoginGuard(LoginLimits limits = {}) : limits_(limits) {}

  // One login of `name` with `password` from `address` (an IP address as text).
  Result attempt(ServerStore& store, const std::string& name, const std::string& password,
                 const std::string& address);

 private:
  using Clock = std::chrono::steady_clock;
  struct Reservation {
    std::string keys[3];
    Clock::time_point at;
  };
  // Under mu_: nullopt when the attempt may go ahead (and is then counted), else the
  // seconds until it may.
  std::optional<int> reserve(const std::string& name, const std::string& address, Reservation& r);
  void release(const Reservation& r);  // the attempt succeeded: uncount it
  int count(const std::string& key, Clock::time_point now);
  const std::string& dummyHash();

  LoginLimits limits_;
  std::mutex mu_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
  std::map<std::string, std::set<std::string>> trusted_;  // user -> addresses that logged in
  std::counting_semaphore<kConcurrentHashes> hashing_{kConcurrentHashes};
  std::once_flag dummyOnce_;
  std::string dummy_;
};

}  // namespace rs::server
