// Limits of the sync protocol that both ends and every editing front end share.
//
// A push body holds whole encoded changes; the server refuses bodies over its limit (it
// states its own limits at GET /api/v1/limits, these are the defaults). A single change
// must fit in one push, so a local edit whose encoded change exceeds kMaxChangeBytes is
// refused when it is made (requireChangeFits), never stranded in the outbox.
#pragma once

#include <cstddef>
#include <string>

#include "util/errors.h"

namespace rs {

// Largest request body the server takes by default, in bytes.
constexpr size_t kDefaultMaxBodyBytes = size_t(32) << 20;
// Most changes in one push, by default.
constexpr size_t kDefaultMaxChangesPerPush = 20000;
// Room a push message needs beyond its changes' bytes (framing, list pointers).
constexpr size_t kPushOverheadBytes = size_t(64) << 10;
// Largest encoded change that fits in one push under the default limits, in bytes.
constexpr size_t kMaxChangeBytes = kDefaultMaxBodyBytes - kPushOverheadBytes;

// Throws InputError saying the edit is too large when an encoded change of
// `encodedBytes` could not be sent to the server.
inline void requireChangeFits(size_t encodedBytes, size_t limitBytes = kMaxChangeBytes) {
  if (encodedBytes <= limitBytes) return;
  auto mb = [](size_t b) { return std::to_string((b + (1 << 20) - 1) >> 20); };
  throw InputError(
      "this edit is too large to sync (" + mb(encodedBytes) + " MB; at most " + mb(limitBytes) +
      " MB per edit): split the text and paste it in parts (这次修改过大，无法同步；每次最多" +
      mb(limitBytes) + " MB，请把文字分几次粘贴)");
}

}  // namespace rs
