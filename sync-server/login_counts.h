// Failed-login counts kept in the server store (issue 14 case 3, issue 16 item 2), so that
// every server process on one database counts against the same limits: N processes must
// not allow N times the tries.
//
// Two tables, written by side writes (store/kv.h Engine::beginSide: on PostgreSQL a lock of
// their own, not the writer lock pushes take, and no flush at commit), except `forget`, which
// runs in the account change's own write:
//   login-failures  key: a kind letter ('p' address and user, 'a' address, 'u' user) and
//                   the 16-byte BLAKE2b of the address and/or name (a guessed name may be
//                   long, and LMDB keys stop at 511 bytes); value: the times of the
//                   counted attempts within the window, 8-byte big-endian ms since the
//                   epoch each, oldest first.
//   login-known     key: the 16-byte BLAKE2b of a user name and an address (text) where
//                   that user logged in; value: the time of the latest such login (ms).
// Times are wall-clock ms, the clock the processes share; a time further than one window in
// the future (a clock set back) counts as expired.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/kv.h"

namespace rs::server {

class LoginCounts {
 public:
  // The counters an attempt of a name from an address adds to, their limits (attempts
  // within the window) and the user's usual-address record.
  struct Attempt {
    std::string keys[3];  // address and user, address, user
    int limits[3] = {0, 0, 0};
    std::string knownKey;
    int64_t atMs = 0;
  };
  // Addresses kept per user as usual ones; a new one then replaces the oldest.
  static constexpr int kKnownPerUser = 16;

  // Creates the tables in `txn`, the ordinary write that opens the store.
  void open(store::kv::Txn& txn);

  // The keys of `name` from `address` at `nowMs` (limits left 0).
  static Attempt attempt(const std::string& name, const std::string& address, int64_t nowMs);

  // Counts `a`, in one side write, unless one of its counters already holds its limit of
  // attempts within `windowMs`; then nothing is written and the result is the seconds until
  // that counter's oldest attempt expires (at least 1). The user's counter does not limit an
  // address where the user has logged in before: a stranger's failures cannot lock a user
  // out of their usual machine.
  std::optional<int> reserve(store::kv::Engine& db, const Attempt& a, int64_t windowMs);
  // Uncounts `a` (never checked: the server was busy).
  void release(store::kv::Engine& db, const Attempt& a, int64_t windowMs);
  // Uncounts `a`, which succeeded, and records its address as one of the user's usual ones.
  void loggedIn(store::kv::Engine& db, const Attempt& a, int64_t windowMs);
  // Deletes `name`'s usual addresses in `txn`, the write that removes the user or sets a new
  // password: a new person given the name, or a password taken back from a thief, must not
  // inherit the addresses exempt from the user's counter. Returns how many were deleted.
  size_t forget(store::kv::Txn& txn, const std::string& name);
  // Deletes every counter whose attempts have all expired; returns how many. Found by a
  // read (the table's size is bounded by the attempts counted within a window), deleted
  // in small side writes.
  size_t prune(store::kv::Engine& db, int64_t nowMs, int64_t windowMs);
  // How many counters are stored (for tests and benchmarks).
  size_t size(store::kv::Engine& db);

 private:
  // The seconds to wait when one of `a`'s counters holds its limit; else nullopt, with the
  // live attempts of each counter in `times`.
  std::optional<int> over(store::kv::Txn& txn, const Attempt& a, int64_t windowMs,
                          std::vector<int64_t> (&times)[3]);
  void uncount(store::kv::Txn& txn, const Attempt& a, int64_t windowMs);
  store::kv::Table failures_, known_;
};

}  // namespace rs::server
