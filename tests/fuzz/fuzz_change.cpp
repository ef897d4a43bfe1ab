// A change as the server receives it in a push and a client in a pull: decoded into a
// document's actor table, then applied to an empty document (dependencies missing or not),
// and the document encoded as a snapshot.
#include "doc/change_codec.h"
#include "doc/document.h"
#include "doc/snapshot.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes = rs::fuzz::bytesOf(data, size);
  rs::fuzz::refusalsAllowed([&] { rs::doc::peekChangeId(bytes); });
  rs::fuzz::refusalsAllowed([&] { rs::doc::peekLamport(bytes); });
  rs::fuzz::refusalsAllowed([&] {
    rs::doc::Document doc;
    rs::doc::Change change = rs::doc::decodeChange(bytes, doc.actors());
    doc.apply(change);
    doc.outline();
    for (auto t : doc.tables()) doc.rows(t);
    rs::doc::encodeSnapshot(doc);
  });
  return 0;
}
