// A history in the compact form (doc/change_spans.h) as a pull page, a bundle or a store
// holds it: its spans listed, each decoded whole, split in the middle and decoded as a range,
// and every change applied to an empty document, one by one and as runs (the two must agree).
#include <cstdlib>
#include <optional>
#include <string>

#include "doc/change_spans.h"
#include "doc/document.h"
#include "doc/history_apply.h"
#include "doc/snapshot.h"
#include "fuzz_util.h"

// Decoded changes take a few hundred bytes each: the cap keeps a forged input under the
// fuzzer's memory limit.
constexpr uint64_t kMaxChanges = 200'000;

// What a reader sees of a document: its sections' text in outline order, its version and
// heads (runs may be split differently by the two ways of applying, elements never).
std::u32string seen(const rs::doc::Document& doc) {
  std::u32string out;
  for (const auto& entry : doc.outline()) out += doc.section(entry.id)->text.text() + U'\n';
  for (const auto& [actor, seq] : doc.version().entries()) out += char32_t(seq % 0x10FFFF);
  out += char32_t(doc.heads().size());
  return out;
}

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
  // Change by change, and span by span as runs (doc/history_apply.h): when both take every
  // change, the documents must be the same.
  std::optional<std::u32string> single, runs;
  rs::fuzz::refusalsAllowed([&] {
    rs::doc::Document doc;
    bool all = true;
    for (const rs::doc::Change& c : rs::doc::decodeHistory(bytes, doc.actors(), kMaxChanges)) {
      bool applied = false;
      rs::fuzz::refusalsAllowed([&] { applied = doc.apply(c) == rs::doc::ApplyResult::kApplied; });
      all = all && applied;
    }
    rs::doc::encodeSnapshot(doc);
    if (all) single = seen(doc);
  });
  rs::fuzz::refusalsAllowed([&] {
    rs::doc::Document doc;
    rs::doc::HistoryApplied got = rs::doc::applyHistory(doc, bytes, kMaxChanges);
    rs::doc::encodeSnapshot(doc);
    if (got.missing.empty() && got.duplicates == 0) runs = seen(doc);
  });
  if (single && runs && *single != *runs) abort();
  return 0;
}
