#include "login_counts.h"

#include <sodium.h>

#include <algorithm>
#include <climits>
#include <vector>

namespace rs::server {

namespace {

constexpr size_t kHashBytes = 16;
constexpr size_t kPruneBatch = 64;  // expired counters deleted per side write

std::string hash16(std::string_view text) {
  unsigned char out[kHashBytes];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

// The attempts of a stored counter still within the window at `nowMs`, oldest first.
std::vector<int64_t> live(std::optional<std::string_view> record, int64_t nowMs, int64_t windowMs) {
  std::vector<int64_t> times;
  if (!record) return times;
  for (size_t at = 0; at + 8 <= record->size(); at += 8) {
    auto t = int64_t(store::decodeU64(record->substr(at, 8)));
    if (nowMs - t < windowMs && t - nowMs < windowMs) times.push_back(t);
  }
  std::sort(times.begin(), times.end());
  return times;
}

std::string encode(const std::vector<int64_t>& times) {
  std::string out;
  for (int64_t t : times) out += store::encodeU64(uint64_t(t));
  return out;
}

void store(const store::kv::Table& table, store::kv::Txn& txn, std::string_view key,
           const std::vector<int64_t>& times) {
  if (times.empty())
    table.del(txn, key);
  else
    table.put(txn, key, encode(times));
}

}  // namespace

void LoginCounts::open(store::kv::Txn& txn) {
  failures_ = store::kv::Table::open(txn, "login-failures");
  known_ = store::kv::Table::open(txn, "login-known");
}

LoginCounts::Attempt LoginCounts::attempt(const std::string& name, const std::string& address,
                                          int64_t nowMs) {
  Attempt a;
  a.keys[0] = "p" + hash16(address + "\n" + name);
  a.keys[1] = "a" + hash16(address);
  a.keys[2] = "u" + hash16(name);
  a.knownKey = hash16(name) + address;
  a.atMs = nowMs;
  return a;
}

std::optional<int> LoginCounts::over(store::kv::Txn& txn, const Attempt& a, int64_t windowMs,
                                     std::vector<int64_t> (&times)[3]) {
  int limits[3] = {a.limits[0], a.limits[1], a.limits[2]};
  if (known_.get(txn, a.knownKey)) limits[2] = INT_MAX;
  for (int k = 0; k < 3; ++k) {
    times[k] = live(failures_.get(txn, a.keys[k]), a.atMs, windowMs);
    if (int(times[k].size()) < limits[k]) continue;
    int64_t waitMs = std::max<int64_t>(0, times[k].front() + windowMs - a.atMs);
    return int(waitMs / 1000) + 1;
  }
  return std::nullopt;
}

std::optional<int> LoginCounts::reserve(store::kv::Engine& db, const Attempt& a, int64_t windowMs) {
  std::vector<int64_t> times[3];
  {
    // Refused by a read alone, which takes no lock: under attack most tries end here.
    store::kv::Txn txn(db, store::kv::Txn::kRead);
    if (auto wait = over(txn, a, windowMs, times)) return wait;
  }
  // Checked again under the counters' lock, then counted: atomic with the check.
  store::kv::Txn txn(db, store::kv::Txn::kSideWrite);
  if (auto wait = over(txn, a, windowMs, times)) return wait;  // aborts: nothing written
  for (int k = 0; k < 3; ++k) {
    times[k].push_back(a.atMs);
    store(failures_, txn, a.keys[k], times[k]);
  }
  txn.commit();
  return std::nullopt;
}

void LoginCounts::uncount(store::kv::Txn& txn, const Attempt& a, int64_t windowMs) {
  for (const std::string& key : a.keys) {
    std::vector<int64_t> times = live(failures_.get(txn, key), a.atMs, windowMs);
    if (auto at = std::find(times.begin(), times.end(), a.atMs); at != times.end()) times.erase(at);
    store(failures_, txn, key, times);
  }
}

void LoginCounts::release(store::kv::Engine& db, const Attempt& a, int64_t windowMs) {
  store::kv::Txn txn(db, store::kv::Txn::kSideWrite);
  uncount(txn, a, windowMs);
  txn.commit();
}

void LoginCounts::loggedIn(store::kv::Engine& db, const Attempt& a, int64_t windowMs) {
  store::kv::Txn txn(db, store::kv::Txn::kSideWrite);
  uncount(txn, a, windowMs);
  std::string_view user = std::string_view(a.knownKey).substr(0, kHashBytes);
  int held = 0;
  bool present = false;
  std::string oldestKey;
  int64_t oldest = INT64_MAX;
  known_.scanPrefix(txn, user, [&](std::string_view key, std::string_view value) {
    ++held;
    present |= key == a.knownKey;
    auto t = int64_t(store::decodeU64(value));
    if (t < oldest) oldest = t, oldestKey = std::string(key);
    return true;
  });
  if (!present && held >= kKnownPerUser) known_.del(txn, oldestKey);
  known_.put(txn, a.knownKey, store::encodeU64(uint64_t(a.atMs)));
  txn.commit();
}

size_t LoginCounts::forget(store::kv::Txn& txn, const std::string& name) {
  std::vector<std::string> keys;
  known_.scanPrefix(txn, hash16(name), [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  for (const auto& key : keys) known_.del(txn, key);
  return keys.size();
}

size_t LoginCounts::prune(store::kv::Engine& db, int64_t nowMs, int64_t windowMs) {
  std::vector<std::string> expired;
  {
    store::kv::Txn txn(db, store::kv::Txn::kRead);
    failures_.scanFrom(txn, "", [&](std::string_view key, std::string_view value) {
      if (live(value, nowMs, windowMs).empty()) expired.emplace_back(key);
      return true;
    });
  }
  // Deleted a batch per side write, each checked again under the lock (a try may have
  // counted meanwhile), so that logins never wait for more than one batch.
  size_t pruned = 0;
  for (size_t from = 0; from < expired.size(); from += kPruneBatch) {
    store::kv::Txn txn(db, store::kv::Txn::kSideWrite);
    for (size_t i = from; i < std::min(expired.size(), from + kPruneBatch); ++i) {
      auto record = failures_.get(txn, expired[i]);
      if (record && live(record, nowMs, windowMs).empty()) pruned += failures_.del(txn, expired[i]);
    }
    txn.commit();
  }
  return pruned;
}

size_t LoginCounts::size(store::kv::Engine& db) {
  store::kv::Txn txn(db, store::kv::Txn::kRead);
  size_t n = 0;
  failures_.scanFrom(txn, "", [&](auto, auto) {
    ++n;
    return true;
  });
  return n;
}

}  // namespace rs::server
