// A bundle file (client/core/bundle.h), as `merge` reads it, and the history it carries
// applied as a merge applies it (runs, or change by change).
#include "core/bundle.h"
#include "doc/document.h"
#include "doc/history_apply.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rs::fuzz::refusalsAllowed([&] {
    rs::core::Bundle b = rs::core::decodeBundle(rs::fuzz::bytesOf(data, size));
    rs::doc::Document doc;
    rs::fuzz::refusalsAllowed([&] { rs::doc::applyHistory(doc, b.history); });
  });
  return 0;
}
