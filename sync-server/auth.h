// Passwords (Argon2id through libsodium), session tokens, and the limit on failed logins.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace rs::server {

std::string hashPassword(const std::string& password);
bool verifyPassword(const std::string& hash, const std::string& password);

// 256 random bits as 64 hex digits. Only its SHA-256 is stored.
std::string newToken();
std::string tokenHash(const std::string& token);

// Throws InputError unless `name` is a usable user name (1-64 bytes, no control chars).
void requireUserName(const std::string& name);

// After `maxFailures` failed logins for one user name within `window`, further attempts
// are refused until the window has passed since the last failure.
class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  LoginLimiter(int maxFailures, Clock::duration window) : max_(maxFailures), window_(window) {}
  bool blocked(const std::string& user);
  void failed(const std::string& user);
  void succeeded(const std::string& user);

 private:
  static constexpr size_t kSweepAt = 10000;
  void prune(std::deque<Clock::time_point>& times, Clock::time_point now) const;
  int max_;
  Clock::duration window_;
  std::mutex mu_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace rs::server
