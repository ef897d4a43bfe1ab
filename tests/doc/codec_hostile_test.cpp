// Decoders of changes and snapshots on hostile bytes (found by tests/fuzz): refused with
// rs::InputError, never std::terminate.
#include <doctest/doctest.h>

#include <string>

#include "doc/change_codec.h"
#include "doc/snapshot.h"
#include "util/errors.h"

namespace {

// A packed message claiming two segments of one word each, cut off after the first: the
// reader reads the second lazily, and used to throw from its destructor (std::terminate).
const std::string kTruncatedTwoSegments(
    "\x11\x01\x01"  // segment count 2, first 1 word
    "\x01\x01"      // second 1 word, padding
    "\x00\x00",     // the first segment: a null root
    7);

}  // namespace

TEST_CASE("codec: a truncated multi-segment change or snapshot is refused, not a terminate") {
  rs::crdt::ActorTable actors;
  CHECK_THROWS_AS(rs::doc::decodeChange(kTruncatedTwoSegments, actors), rs::InputError);
  CHECK_THROWS_AS(rs::doc::peekChangeId(kTruncatedTwoSegments), rs::InputError);
  CHECK_THROWS_AS(rs::doc::peekLamport(kTruncatedTwoSegments), rs::InputError);
  CHECK_THROWS_AS(rs::doc::decodeSnapshot(kTruncatedTwoSegments), rs::InputError);
}
