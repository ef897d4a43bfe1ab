// Shared by the libFuzzer targets: the input as bytes, and the rule that a decoder of
// outside input may refuse it only with rs::InputError (or, for Cap'n Proto readers,
// kj::Exception, which every decode site catches). Anything else - a crash, a sanitizer
// report, another exception escaping - is a finding.
#pragma once

#include <kj/exception.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/errors.h"

namespace rs::fuzz {

inline std::string_view bytesOf(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `decode`, swallowing the refusals a decode site handles.
template <typename Fn>
void refusalsAllowed(Fn decode) {
  try {
    decode();
  } catch (const rs::InputError&) {
  } catch (const kj::Exception&) {
  }
}

}  // namespace rs::fuzz
