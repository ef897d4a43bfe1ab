// A bundle file (client/core/bundle.h), as `merge` reads it, and each change it carries.
#include "core/bundle.h"
#include "doc/change_codec.h"
#include "doc/document.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rs::fuzz::refusalsAllowed([&] {
    rs::core::Bundle b = rs::core::decodeBundle(rs::fuzz::bytesOf(data, size));
    rs::doc::Document doc;
    for (const std::string& c : b.changes)
      rs::fuzz::refusalsAllowed([&] { doc.apply(rs::doc::decodeChange(c, doc.actors())); });
  });
  return 0;
}
