// Error classes shared by every module.
//
// InputError: the input (a file, a message, an argument, a request) is bad. The message
// says what is wrong in words a user can act on. Nothing was changed.
// Bugs are assertions (assert / KJ_ASSERT), not exceptions.
#pragma once

#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rs {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws InputError(message) unless `condition` holds. For checks on outside input.
// Decoders call it for every element they read: a literal message stays a pointer until the
// check fails (a std::string made for each call was a heap allocation each time; without it
// fuzz_history and fuzz_snapshot made about 1.5 times the executions a CPU second).
inline void require(bool condition, const char* message) {
  if (!condition) [[unlikely]]
    throw InputError(message);
}

// The same for a message made before the call (a variable, or one built for a rare check).
inline void require(bool condition, const std::string& message) {
  if (!condition) [[unlikely]]
    throw InputError(message);
}

namespace detail {
inline void appendMessagePart(std::string& out, std::string_view part) {
  out += part;
}
template <std::integral T>
void appendMessagePart(std::string& out, T number) {
  static_assert(!std::same_as<T, bool> && !std::same_as<T, char>, "a part is text or a number");
  out += std::to_string(number);
}
}  // namespace detail

// The same for a message in parts (text: anything a std::string_view is made from; whole
// numbers, written in decimal), joined only when `condition` fails:
// require(n <= max, "at most ", max, " sections") costs a comparison when it holds.
template <typename First, typename Second, typename... Rest>
void require(bool condition, const First& first, const Second& second, const Rest&... rest) {
  if (!condition) [[unlikely]] {
    std::string message;
    detail::appendMessagePart(message, first);
    detail::appendMessagePart(message, second);
    (detail::appendMessagePart(message, rest), ...);
    throw InputError(message);
  }
}

}  // namespace rs
