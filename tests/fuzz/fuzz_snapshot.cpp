// A snapshot (doc::decodeSnapshot), as read from a store or a file, then encoded again.
#include "doc/snapshot.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rs::fuzz::refusalsAllowed([&] {
    auto doc = rs::doc::decodeSnapshot(rs::fuzz::bytesOf(data, size));
    if (!doc) return;  // an older format: the store rebuilds it from the report's changes
    doc->outline();
    for (auto t : doc->tables()) doc->rows(t);
    rs::doc::encodeSnapshot(*doc);
  });
  return 0;
}
