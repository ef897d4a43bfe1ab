// reportsync-bench sync-push FILE / sync-pull FILE: a trace's whole history (one change
// per trace transaction) pushed to, and pulled by a fresh replica from, a real server on
// loopback. Checked against endContent.
#include <algorithm>

#include "bench_server.h"
#include "bench_util.h"
#include "core/replica.h"
#include "core/server_connection.h"
#include "core/sync.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/local_edit.h"
#include "docreport/content_bridge.h"
#include "trace_reader.h"

namespace rs::bench {

namespace {

const char kPassword[] = "bench-password";

// The trace's history as encoded changes: a first change creating the report's one
// section, then one change per trace transaction.
std::vector<std::string> historyOf(const Trace& trace, const crdt::ActorId& actor) {
  doc::Document d;
  std::vector<std::string> out;
  doc::OpId section;
  {
    doc::LocalEdit e(d, actor, "bench", 0);
    e.setReportField(doc::ReportField::kTitle, "trace");
    section = e.createSection(std::nullopt, 0, "trace");
    e.insertText(section, 0, trace.startContent);
    out.push_back(doc::encodeChange(e.finish(), d.actors()));
  }
  for (const Txn& txn : trace.txns) {
    doc::LocalEdit e(d, actor, "bench", 0);
    for (const Patch& p : txn.patches) {
      if (p.del > 0) e.deleteText(section, p.pos, p.del);
      if (!p.ins.empty()) e.insertText(section, p.pos, p.ins);
    }
    if (!e.empty()) out.push_back(doc::encodeChange(e.finish(), d.actors()));
  }
  return out;
}

std::u32string onlySectionText(const doc::Document& d) {
  auto outline = d.outline();
  return outline.size() == 1 ? d.section(outline[0].id)->text.text() : std::u32string();
}

struct Setup {
  BenchServer server;
  std::string reportId = crdt::toHex(benchActor(42));
  std::string token;
  Setup() {
    server.service().addUser("office", server::Role::kMember, kPassword);
    core::ServerConnection c(server.url(), "");
    token = c.login("office", kPassword).token;
    c.share(reportId);
  }
};

// Pushes in batches as the client does; returns false on any refusal.
bool pushAll(core::ServerConnection& c, const std::string& id,
             const std::vector<std::string>& all) {
  const size_t batch = 5000;
  for (size_t i = 0; i < all.size(); i += batch) {
    std::vector<std::string> part(all.begin() + i, all.begin() + std::min(all.size(), i + batch));
    for (const auto& o : c.push(id, part))
      if (o.status == core::PushOutcome::kRejected) return false;
  }
  return true;
}

// Pushes a history as the client pushes its stored spans (core/sync.cpp: spanBatches, the
// server's limits); returns false on any refusal.
bool pushSpans(core::ServerConnection& c, const std::string& id, const std::string& history,
               const crdt::ActorId& own) {
  std::vector<std::string> spans, refused;
  for (const doc::SpanInfo& s : doc::listSpans(history)) spans.emplace_back(s.bytes);
  for (const std::string& batch : core::spanBatches(std::move(spans), c.limits(), refused))
    for (const auto& o : c.pushHistory(id, batch, own))
      if (o.status == core::PushOutcome::kRejected) return false;
  return refused.empty();
}

}  // namespace

// push_ms: the history as the client holds it (spans, as its store keeps them) pushed;
// packed_push_ms (with `packed` as a third argument): the same changes pushed from packed
// form, as the client did before it pushed stored spans (issue 11).
int runSyncPush(const std::string& path, bool packed) {
  Trace trace = readTrace(path);
  std::vector<std::string> history = historyOf(trace, benchActor(1));
  std::string spans = doc::packedToHistory(history);  // what the client's store holds
  Setup s;
  core::ServerConnection c(s.server.url(), s.token);
  auto t0 = Clock::now();
  double cpu0 = cpuMs();
  bool ok =
      packed ? pushAll(c, s.reportId, history) : pushSpans(c, s.reportId, spans, benchActor(1));
  double ms = msSince(t0), cpu = cpuMs() - cpu0;
  ok = ok && c.report(s.reportId).lastSeq == history.size();

  uint64_t bytes = 0;
  for (const auto& h : history) bytes += h.size();
  JsonWriter w;
  w.beginObject().key("bench").value("sync-push").key("ok").value(ok);
  w.key("changes").value(uint64_t(history.size())).key("bytes").value(bytes);
  w.key("history_bytes").value(uint64_t(spans.size()));
  w.key(packed ? "packed_push_ms" : "push_ms").value(ms).key("cpu_ms").value(cpu);
  w.key("load").value(loadAverage()).key("peak_rss_mb").value(peakRssMb());
  printLine(w);
  return ok ? 0 : 1;
}

int runSyncPull(const std::string& path) {
  Trace trace = readTrace(path);
  std::vector<std::string> history = historyOf(trace, benchActor(1));
  Setup s;
  core::ServerConnection c(s.server.url(), s.token);
  std::string spans = doc::packedToHistory(history);
  bool ok = pushSpans(c, s.reportId, spans, benchActor(1));

  std::string storeDir = tempDir("replica");
  double ms = 0, cpu = 0, repullMs = 0, repullCpu = 0;
  {
    core::Replica replica(storeDir);
    core::OpenReport report = replica.openOrEmpty(s.reportId);
    auto t0 = Clock::now();
    double cpu0 = cpuMs();
    core::SyncReport r = core::syncReport(replica, c, report);
    ms = msSince(t0), cpu = cpuMs() - cpu0;
    ok = ok && r.pulled == history.size() && onlySectionText(*report.doc) == trace.endContent;
    ok = ok && onlySectionText(*replica.open(s.reportId).doc) == trace.endContent;
    // The whole history pulled again into the replica that holds it: what the pull after a
    // push does with our own changes coming back (every span found held, none applied).
    t0 = Clock::now();
    cpu0 = cpuMs();
    uint64_t again = 0;
    for (uint64_t since = 0;;) {
      core::PullPage page = c.pull(s.reportId, since, 20000, 0);
      core::MergeResult m = replica.mergeHistory(report, page.changeHistory, page.lastSeq);
      ok = ok && m.applied == 0;
      again += m.duplicate;
      since = page.lastSeq;
      if (!page.more) break;
    }
    repullMs = msSince(t0), repullCpu = cpuMs() - cpu0;
    ok = ok && again == history.size();
  }
  removeDir(storeDir);
  JsonWriter w;
  w.beginObject().key("bench").value("sync-pull").key("ok").value(ok);
  w.key("changes").value(uint64_t(history.size())).key("pull_ms").value(ms);
  w.key("cpu_ms").value(cpu).key("repull_ms").value(repullMs).key("repull_cpu_ms").value(repullCpu);
  w.key("load").value(loadAverage()).key("peak_rss_mb").value(peakRssMb());
  printLine(w);
  return ok ? 0 : 1;
}

}  // namespace rs::bench
