// rs-seq-bench TRACE.json.gz: replays a sequential editing trace straight into one Sequence
// (no document layer, no changes), checks the result against endContent, and prints one JSON
// line: ok, edits, apply_ms, snapshot_bytes (packed Cap'n Proto), load_ms, peak_rss_mb.
#include <capnp/message.h>
#include <capnp/serialize-packed.h>
#include <kj/io.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>

#include "crdt/sequence.h"
#include "trace_reader.h"

using rs::crdt::ActorIdx;
using rs::crdt::OpId;
using rs::crdt::Sequence;

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Each patch is its own insert/delete, as a user typing would produce them.
void replay(const rs::bench::Trace& trace, Sequence& seq) {
  uint64_t clock = 1;
  if (!trace.startContent.empty()) {
    seq.insertLocal(0, trace.startContent, OpId{clock, 0});
    clock += trace.startContent.size();
  }
  for (const auto& txn : trace.txns) {
    for (const auto& p : txn.patches) {
      if (p.del > 0) seq.deleteLocal(p.pos, p.del);
      if (!p.ins.empty()) {
        seq.insertLocal(p.pos, p.ins, OpId{clock, 0});
        clock += p.ins.size();
      }
    }
  }
}

kj::Array<kj::byte> encodePacked(const Sequence& seq) {
  capnp::MallocMessageBuilder message;
  seq.encode(message.initRoot<rs::proto::TextSnapshot>(), [](ActorIdx a) { return uint32_t(a); });
  kj::VectorOutputStream out;
  capnp::writePackedMessage(out, message);
  return kj::heapArray(out.getArray());
}

Sequence decodePacked(const rs::crdt::ActorTable& actors, kj::ArrayPtr<const kj::byte> bytes) {
  kj::ArrayInputStream in(bytes);
  capnp::ReaderOptions options;
  options.traversalLimitInWords = uint64_t(1) << 32;
  capnp::PackedMessageReader reader(in, options);
  return Sequence::decode(actors, reader.getRoot<rs::proto::TextSnapshot>(), {0});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rs-seq-bench TRACE.json.gz\n");
    return 2;
  }
  try {
    rs::bench::Trace trace = rs::bench::readTrace(argv[1]);
    rs::crdt::ActorTable actors;
    actors.intern(rs::crdt::ActorId{1});

    Sequence seq(actors);
    auto t0 = std::chrono::steady_clock::now();
    replay(trace, seq);
    double applyMs = msSince(t0);
    bool ok = seq.text() == trace.endContent;

    kj::Array<kj::byte> snapshot = encodePacked(seq);
    // Loading is short and the machine is shared: report the best of a few runs.
    double loadMs = 1e9;
    for (int i = 0; i < 5; ++i) {
      auto t1 = std::chrono::steady_clock::now();
      Sequence loaded = decodePacked(actors, snapshot);
      loadMs = std::min(loadMs, msSince(t1));
      ok = ok && (i > 0 || loaded.text() == trace.endContent);
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf(
        "{\"ok\":%s,\"edits\":%zu,\"apply_ms\":%.1f,\"snapshot_bytes\":%zu,\"load_ms\":%.2f,"
        "\"peak_rss_mb\":%.1f,\"runs\":%zu,\"visible\":%zu}\n",
        ok ? "true" : "false", trace.edits(), applyMs, snapshot.size(), loadMs,
        double(usage.ru_maxrss) / 1024.0, seq.runCount(), seq.size());
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rs-seq-bench: %s\n", e.what());
    return 1;
  }
}
