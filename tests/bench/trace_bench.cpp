// reportsync-bench trace FILE: replays a sequential editing trace into a Document with one
// section, every edit its own change made through LocalEdit (deps, lamport and ops exactly
// as a person typing would produce them), and checks the result against endContent.
//
// The trace is replayed twice. The first replay is timed as apply_ms: making and applying
// every change, which is then dropped, as the store would after writing it. The second
// replay keeps every change; the whole history is then encoded in the compact form of
// doc/change_spans.h (history_bytes, encode_ms), and decoded and applied on a fresh replica
// (remote_apply_ms: doc/history_apply.h, each span of typing applied as one run; decode_ms
// is decoding it into single changes, as the change-by-change path does; run_decode_ms
// decoding it into runs alone, run_ops the runs' ops and other changes' ops), as a colleague
// receiving the whole history would. The _cpu_ms figures are the same steps' CPU time,
// which a loaded machine does not inflate as it does wall time; load_avg is the 1-minute
// load at the end. packed_history_bytes is the same history as one packed Cap'n Proto
// message per change (the form before issue 11). The first replica's snapshot gives
// snapshot_bytes and load_ms. peak_rss_mb is the whole run's, the kept changes included;
// replica_peak_rss_mb the peak from the trace read to before they are made (the trace, the
// replica, its snapshot and loads), trace_rss_mb the resident size with only the trace read,
// trace_read_peak_rss_mb the peak while reading it (its JSON text held while parsed).
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "../support/raw_http.h"
#include "../support/temp_dir.h"
#include "bench_util.h"
#include "core/replica.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/document.h"
#include "doc/history_apply.h"
#include "doc/local_edit.h"
#include "doc/snapshot.h"
#include "trace_reader.h"

namespace rs::bench {

namespace {

constexpr int64_t kStartMs = 1'700'000'000'000;

std::u32string onlySectionText(const doc::Document& d) {
  auto outline = d.outline();
  return outline.size() == 1 ? d.section(outline[0].id)->text.text() : std::u32string();
}

// Makes one change per patch of the trace on `d`, after a first change that creates the
// section with the start content, and hands each finished change to onChange.
template <typename OnChange>
void replay(doc::Document& d, const Trace& trace, OnChange&& onChange) {
  const crdt::ActorId actor = benchActor(1);
  doc::OpId section;
  {
    doc::LocalEdit e(d, actor, "bench", kStartMs);
    section = e.createSection(std::nullopt, 0, "trace");
    e.insertText(section, 0, trace.startContent);
    onChange(e.finish());
  }
  int64_t time = kStartMs;
  for (const Txn& txn : trace.txns) {
    for (const Patch& p : txn.patches) {
      doc::LocalEdit e(d, actor, "bench", ++time);
      if (p.del > 0) e.deleteText(section, p.pos, p.del);
      if (!p.ins.empty()) e.insertText(section, p.pos, p.ins);
      if (!e.empty()) onChange(e.finish());
    }
  }
}

struct ApplyFigures {
  double ms = 0, cpuMs = 0;
  uint64_t changes = 0;
  bool ok = false;
};

ApplyFigures timeApply(doc::Document& d, const Trace& trace) {
  ApplyFigures f;
  StepTimes taken = timeStep([&] { replay(d, trace, [&](doc::Change&&) { ++f.changes; }); });
  f.ms = taken.ms;
  f.cpuMs = taken.cpuMs;
  f.ok = onlySectionText(d) == trace.endContent;
  return f;
}

struct HistoryFigures {
  uint64_t bytes = 0;
  uint64_t packedBytes = 0;
  double encodeMs = 0;
  double decodeMs = 0;
  double remoteApplyMs = 0;
  double remoteApplyCpuMs = 0;
  double runDecodeMs = 0;
  double runDecodeCpuMs = 0;
  uint64_t runOps = 0;
  uint64_t changes = 0;
  bool ok = true;
};

HistoryFigures measureHistory(const Trace& trace) {
  HistoryFigures f;
  doc::Document local;
  std::vector<doc::Change> changes;
  replay(local, trace, [&](doc::Change&& c) {
    ++f.changes;
    f.packedBytes += doc::encodeChange(c, local.actors()).size();
    changes.push_back(std::move(c));
  });
  auto t0 = Clock::now();
  std::string history = doc::encodeHistory(changes, local.actors());
  f.encodeMs = msSince(t0);
  f.bytes = history.size();
  changes = {};

  {
    crdt::ActorTable scratch;
    auto t = Clock::now();
    std::vector<doc::Change> decoded = doc::decodeHistory(history, scratch);
    f.decodeMs = msSince(t);  // before the changes are freed
  }
  {
    crdt::ActorTable scratch;
    uint64_t opsLeft = doc::kMaxHistoryChanges;
    double cpu = threadCpuMs();
    auto t = Clock::now();
    for (const doc::SpanInfo& span : doc::listSpans(history)) {
      for (const doc::SpanPiece& piece : doc::decodeSpanPieces(span.bytes, scratch, opsLeft)) {
        auto* run = std::get_if<doc::ChangeRun>(&piece);
        f.runOps += run ? run->ops.size() : std::get<doc::Change>(piece).ops.size();
      }
    }
    f.runDecodeMs = msSince(t);
    f.runDecodeCpuMs = threadCpuMs() - cpu;
  }
  doc::Document remote;
  doc::HistoryApplied applied;
  StepTimes taken = timeStep([&] { applied = doc::applyHistory(remote, history); });
  f.remoteApplyMs = taken.ms;
  f.remoteApplyCpuMs = taken.cpuMs;
  f.ok = f.ok && applied.applied == f.changes && applied.missing.empty();
  f.ok = f.ok && onlySectionText(remote) == trace.endContent;
  return f;
}

struct LoadFigures {
  double bestMs = 1e9, bestCpuMs = 1e9;
  bool ok = true;
};

// Loading is short and the machine is shared: the best of a few runs.
LoadFigures measureLoad(const std::string& snapshot, const std::u32string& expected) {
  LoadFigures f;
  for (int i = 0; i < 7; ++i) {
    std::unique_ptr<doc::Document> loaded;
    StepTimes taken = timeStep([&] { loaded = doc::decodeSnapshot(snapshot); });
    f.bestMs = std::min(f.bestMs, taken.ms);
    f.bestCpuMs = std::min(f.bestCpuMs, taken.cpuMs);
    if (i == 0) f.ok = onlySectionText(*loaded) == expected;
  }
  return f;
}

}  // namespace

// Forgets the process's peak resident size so far (Linux: writing 5 to clear_refs resets
// VmHWM). Reading a trace peaks above what it keeps (automerge-paper's 16 MB of JSON is held
// while it is parsed, 15 MB over the trace alone): that transient is the reader's, not the
// replica's, and it was what replica_peak_rss_mb reported (62.6 MB) before session 9.
void resetPeakRss() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

int runTrace(const std::string& path) {
  Trace trace = readTrace(path);
  double traceRssMb = double(test::procStatus(getpid(), "VmRSS:")) / 1024.0;
  double readPeakRssMb = peakRssMb();
  resetPeakRss();
  doc::Document d;
  ApplyFigures apply = timeApply(d, trace);

  auto t0 = Clock::now();
  std::string snapshot = doc::encodeSnapshot(d);
  double snapshotEncodeMs = msSince(t0);
  LoadFigures load = measureLoad(snapshot, trace.endContent);
  // The replica's own peak (the trace held, the replica, its snapshot and loads): before the
  // history is kept change by change for comparison.
  double replicaPeakRssMb = double(test::procStatus(getpid(), "VmHWM:")) / 1024.0;
  HistoryFigures history = measureHistory(trace);
  bool ok = apply.ok && load.ok && history.ok;

  JsonWriter w;
  w.beginObject();
  w.key("ok").value(ok);
  w.key("edits").value(uint64_t(trace.edits()));
  w.key("changes").value(apply.changes);
  w.key("apply_ms").value(apply.ms);
  w.key("apply_cpu_ms").value(apply.cpuMs);
  w.key("snapshot_bytes").value(uint64_t(snapshot.size()));
  w.key("snapshot_encode_ms").value(snapshotEncodeMs);
  w.key("load_ms").value(load.bestMs);
  w.key("load_cpu_ms").value(load.bestCpuMs);
  w.key("history_bytes").value(history.bytes);
  w.key("packed_history_bytes").value(history.packedBytes);
  w.key("encode_ms").value(history.encodeMs);
  w.key("decode_ms").value(history.decodeMs);
  w.key("remote_apply_ms").value(history.remoteApplyMs);
  w.key("remote_apply_cpu_ms").value(history.remoteApplyCpuMs);
  w.key("run_decode_ms").value(history.runDecodeMs);
  w.key("run_decode_cpu_ms").value(history.runDecodeCpuMs);
  w.key("run_ops").value(history.runOps);
  w.key("peak_rss_mb").value(peakRssMb());
  w.key("replica_peak_rss_mb").value(replicaPeakRssMb);
  w.key("trace_rss_mb").value(traceRssMb);
  w.key("trace_read_peak_rss_mb").value(readPeakRssMb);
  w.key("chars").value(uint64_t(trace.endContent.size()));
  w.key("load_avg").value(loadAverage());
  printLine(w);
  return ok ? 0 : 1;
}

// reportsync-bench open FILE: the trace's changes in a profile store (core::Replica), all
// but the last kSnapshotEvery - 1 merged at once (the snapshot written), those one by one
// (stored, the snapshot left as it was), as a report a colleague typed in while this
// profile synced; then the report opened, best of 7: open_ms (the snapshot decoded and its
// tail applied from the stored spans, as runs), open_cpu_ms its CPU time. tail_one_by_one_ms
// is the same tail decoded and applied change by change on the decoded snapshot (what the
// open did before it took the tail in as runs), for comparison in the same run.
int runOpen(const std::string& path) {
  Trace trace = readTrace(path);
  std::vector<std::string> packed;
  {
    doc::Document d;
    replay(d, trace, [&](doc::Change&& c) { packed.push_back(doc::encodeChange(c, d.actors())); });
  }
  const size_t tail = core::kSnapshotEvery - 1;
  test::TempDir dir;
  core::Replica replica(dir.path());
  const core::ReportId id(32, 'a');
  {
    core::OpenReport r = replica.openOrEmpty(id);
    replica.merge(r, {packed.begin(), packed.end() - tail});
    for (size_t i = packed.size() - tail; i < packed.size(); ++i) replica.merge(r, {packed[i]});
  }
  double bestMs = 1e9, bestCpuMs = 1e9, oneByOneMs = 1e9;
  bool ok = true;
  for (int i = 0; i < 7; ++i) {
    double cpu = threadCpuMs();
    auto t0 = Clock::now();
    core::OpenReport r = replica.open(id);
    bestMs = std::min(bestMs, msSince(t0));
    bestCpuMs = std::min(bestCpuMs, threadCpuMs() - cpu);
    if (i == 0) ok = onlySectionText(*r.doc) == trace.endContent;
  }
  {
    // The tail as the open took it in before: decoded into single changes and applied one
    // by one on the document of the last snapshot (the whole history less the tail).
    doc::Document before;
    for (size_t i = 0; i + tail < packed.size(); ++i)
      before.apply(doc::decodeChange(packed[i], before.actors()));
    std::string snapshot = doc::encodeSnapshot(before);
    std::string history = replica.history(id);
    for (int i = 0; i < 7; ++i) {
      auto t0 = Clock::now();
      std::unique_ptr<doc::Document> d = doc::decodeSnapshot(snapshot);
      uint64_t held = d->version().get(benchActor(1));
      for (const doc::Change& c :
           doc::decodeRange(history, benchActor(1), held + 1, UINT64_MAX, d->actors()))
        d->apply(c);
      oneByOneMs = std::min(oneByOneMs, msSince(t0));
      if (i == 0) ok = ok && onlySectionText(*d) == trace.endContent;
    }
  }
  JsonWriter w;
  w.beginObject();
  w.key("ok").value(ok);
  w.key("changes").value(uint64_t(packed.size()));
  w.key("tail").value(uint64_t(tail));
  w.key("open_ms").value(bestMs);
  w.key("open_cpu_ms").value(bestCpuMs);
  w.key("tail_one_by_one_ms").value(oneByOneMs);
  w.key("peak_rss_mb").value(peakRssMb());
  w.key("load_avg").value(loadAverage());
  printLine(w);
  return ok ? 0 : 1;
}

}  // namespace rs::bench
