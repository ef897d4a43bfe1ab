#include "auth.h"

#include <sodium.h>

#include <stdexcept>

#include "crdt/ids.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::server {

std::string hashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  // crypto_pwhash_str uses Argon2id; "interactive" limits keep a login well under a second.
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("crypto_pwhash_str: out of memory");
  return out;
}

bool verifyPassword(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string newToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  crdt::ActorId a, b;
  std::copy(bytes, bytes + 16, a.begin());
  std::copy(bytes + 16, bytes + 32, b.begin());
  return crdt::toHex(a) + crdt::toHex(b);
}

std::string tokenHash(const std::string& token) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

void requireUserName(const std::string& name) {
  require(!name.empty() && name.size() <= 64, "a user name has 1 to 64 bytes");
  for (unsigned char c : name) require(c >= 0x20 && c != 0x7f, "a user name has no control characters");
  require(isValidUtf8(name), "a user name is valid UTF-8 text");
}

void LoginLimiter::prune(std::deque<Clock::time_point>& times, Clock::time_point now) const {
  while (!times.empty() && now - times.front() > window_) times.pop_front();
}

bool LoginLimiter::blocked(const std::string& user) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(user);
  if (it == failures_.end()) return false;
  prune(it->second, Clock::now());
  return int(it->second.size()) >= max_;
}

void LoginLimiter::failed(const std::string& user) {
  std::lock_guard lock(mu_);
  // Guessed user names must not grow the map without bound: sweep out stale entries.
  if (failures_.size() >= kSweepAt) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      prune(it->second, Clock::now());
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& times = failures_[user];
  prune(times, Clock::now());
  times.push_back(Clock::now());
}

void LoginLimiter::succeeded(const std::string& user) {
  std::lock_guard lock(mu_);
  failures_.erase(user);
}

}  // namespace rs::server
