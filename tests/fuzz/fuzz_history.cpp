// A history in the compact form (doc/change_spans.h) as a pull page, a bundle or a store
// holds it: its spans listed, each decoded whole, split in the middle and decoded as a range,
// and every change applied to an empty document.
#include "doc/change_spans.h"
#include "doc/document.h"
#include "doc/snapshot.h"
#include "fuzz_util.h"

// Decoded changes take a few hundred bytes each: the cap keeps a forged input under the
// fuzzer's memory limit.
constexpr uint64_t kMaxChanges = 200'000;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes = rs::fuzz::bytesOf(data, size);
  rs::fuzz::refusalsAllowed([&] {
    for (const rs::doc::SpanInfo& s : rs::doc::listSpans(bytes, kMaxChanges)) {
      rs::crdt::ActorTable actors;
      rs::fuzz::refusalsAllowed(
          [&] { rs::doc::decodeSpan(s.bytes, actors, s.first.seq + s.count / 2, s.lastSeq()); });
      if (s.count > 1)
        rs::fuzz::refusalsAllowed([&] { rs::doc::splitSpan(s.bytes, s.first.seq + 1); });
    }
  });
  rs::fuzz::refusalsAllowed([&] {
    rs::doc::Document doc;
    for (const rs::doc::Change& c : rs::doc::decodeHistory(bytes, doc.actors(), kMaxChanges))
      rs::fuzz::refusalsAllowed([&] { doc.apply(c); });
    doc.outline();
    rs::doc::encodeSnapshot(doc);
  });
  return 0;
}
