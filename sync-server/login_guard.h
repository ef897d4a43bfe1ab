// Logins under attack (issue 14, cases 2-4): one guard for the API and the bureau's web
// form, so that they share one count of failures.
//
// - Failures are counted per (address, user), per address (guessing across many names)
//   and per user (guessing from many addresses). The per-user count never stops an address
//   where that user has logged in before: a stranger's failures cannot lock a user out of
//   their usual machine.
// - The counts live in the server store (login_counts.h), so that every server process on
//   one database counts against the same limits.
// - An attempt is counted before its password is checked and uncounted when it succeeds,
//   in one transaction with the check of the limits: simultaneous tries cannot slip past
//   the limit, whichever process they reach.
// - Argon2id costs 64 MiB a check, so at most `concurrentHashes` run at once in a process;
//   the others wait a little, then are answered "busy" (503, Retry-After).
// - An unknown name is checked against a dummy hash, so that it takes as long as a known
//   name with a wrong password and names cannot be told apart by timing.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>

#include "login_counts.h"
#include "server_store.h"

namespace rs::server {

// Attempts allowed within `window` per counter (failed ones, and ones being checked).
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

  // Creates the stored counts' tables in `txn`, the write that opens the store.
  void open(store::kv::Txn& txn) { counts_.open(txn); }

  // The stored counts (tests and benchmarks look at them).
  LoginCounts& counts() { return counts_; }

  // One login of `name` with `password` from `address` (an IP address as text).
  Result attempt(ServerStore& store, const std::string& name, const std::string& password,
                 const std::string& address);

 private:
  const std::string& dummyHash();
  void pruneNowAndThen(store::kv::Engine& db, int64_t nowMs);

  LoginLimits limits_;
  LoginCounts counts_;
  std::atomic<int64_t> prunedAtMs_{0};
  std::counting_semaphore<kConcurrentHashes> hashing_{kConcurrentHashes};
  std::once_flag dummyOnce_;
  std::string dummy_;
};

}  // namespace rs::server
