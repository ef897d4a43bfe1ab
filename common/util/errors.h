// Error classes shared by every module.
//
// InputError: the input (a file, a message, an argument, a request) is bad. The message
// says what is wrong in words a user can act on. Nothing was changed.
// Bugs are assertions (assert / KJ_ASSERT), not exceptions.
#pragma once

#include <stdexcept>
#include <string>

namespace rs {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws InputError(message) unless `condition` holds. For checks on outside input.
inline void require(bool condition, const std::string& message) {
  if (!condition) throw InputError(message);
}

}  // namespace rs
