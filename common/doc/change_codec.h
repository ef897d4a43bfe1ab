// Changes <-> bytes (proto/change.capnp, packed, one message per change).
#pragma once

#include <string>
#include <string_view>

#include "doc/change.h"

namespace rs::doc {

// The sync protocol version. Bump with a line in proto/change.capnp's version log.
constexpr int kProtocolVersion = 4;

// Actors are looked up in, or added to, `actors`.
std::string encodeChange(const Change& change, const crdt::ActorTable& actors);

// Throws InputError when the bytes are not a well-formed change (truncated, corrupted,
// out-of-range references, invalid text). Interns the change's actors into `actors`;
// nothing else is modified.
Change decodeChange(std::string_view bytes, crdt::ActorTable& actors);

// Reads just the id of an encoded change, validating only that much.
ChangeId peekChangeId(std::string_view bytes);
// The change's lamport (the counter of its first op) without decoding its ops; sorting by
// it puts dependencies first. Throws InputError on malformed bytes.
uint64_t peekLamport(std::string_view bytes);

}  // namespace rs::doc
