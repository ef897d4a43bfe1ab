// Wall-clock times (milliseconds since the epoch) as people read them, in local time.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace rs {

// Now, in milliseconds since the epoch (the system clock: session expiry, submission times).
inline int64_t wallClockMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// `format` is strftime's; a time of 0 or less (never happened) gives `none`.
inline std::string localTimeText(int64_t ms, const char* format = "%Y-%m-%d %H:%M:%S",
                                 const char* none = "-") {
  if (ms <= 0) return none;
  std::time_t t = ms / 1000;
  std::tm tm{};
  localtime_r(&t, &tm);
  char out[64];
  std::strftime(out, sizeof out, format, &tm);
  return out;
}

}  // namespace rs
