#include "push_stages.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace rs::server::push_stages {

namespace {

const char* const kPushStages[] = {"gate",   "read",    "check", "queue", "write",
                                   "commit", "durable", "wake",  "reply", "total"};
constexpr size_t kPushStageCount = std::size(kPushStages);
using PushFigures = std::array<float, kPushStageCount>;

// At most this many of each kind of figure are kept (about 40 MB of pushes): a run of
// hours keeps its first ones.
constexpr size_t kMaxKept = 1 << 20;

struct Kept {
  std::mutex mu;
  std::vector<PushFigures> pushes;
  std::vector<float> batchPushes, notifyMs, pullsWoken, pollWakeMs, pollReplyMs;
};

Kept& kept() {
  static Kept k;
  return k;
}

thread_local Marks marks;

double ms(Clock::time_point from, Clock::time_point to) {
  if (from == Clock::time_point{} || to == Clock::time_point{} || to < from) return 0;
  return std::chrono::duration<double, std::milli>(to - from).count();
}

void keep(std::vector<float>& v, double x) {
  if (v.size() < kMaxKept) v.push_back(float(x));
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

// The 0..1 quantile `q` of sorted `v` (nearest rank).
double quantile(const std::vector<float>& v, double q) {
  return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))];
}

// A summary's lines for `v` (unsorted) under `name{labels}`.
std::string summary(const std::string& name, const std::string& labels, std::vector<float> v) {
  std::sort(v.begin(), v.end());
  std::string out;
  std::string sep = labels.empty() ? "" : ",";
  for (double q : {0.5, 0.9, 0.99, 1.0})
    out += name + "{" + labels + sep + "quantile=\"" + number(q) + "\"} " + number(quantile(v, q)) +
           "\n";
  out += name + "_count" + (labels.empty() ? "" : "{" + labels + "}") + " " +
         std::to_string(v.size()) + "\n";
  return out;
}

}  // namespace

bool enabled() {
  static const bool on = [] {
    const char* v = std::getenv("RS_PUSH_STAGES");
    return v && std::strcmp(v, "1") == 0;
  }();
  return on;
}

Marks& current() {
  return marks;
}

void requestStarted(Clock::time_point ready) {
  if (!enabled()) return;
  marks = Marks{};
  marks.ready = ready;
  marks.worker = Clock::now();
}

void pushResumed(const Marks& committer) {
  if (!enabled()) return;
  marks.batch = committer.batch;
  marks.written = committer.written;
  marks.committed = committer.committed;
  marks.durable = committer.durable;
  marks.resumed = Clock::now();
}

double msSince(Clock::time_point from) {
  return ms(from, Clock::now());
}

void requestEnded() {
  if (!enabled()) return;
  Clock::time_point now = Clock::now();
  Marks m = marks;
  marks = Marks{};
  if (m.resumed != Clock::time_point{}) {
    PushFigures f{};
    Clock::time_point points[] = {m.ready,   m.worker,    m.handler, m.queued,  m.batch,
                                  m.written, m.committed, m.durable, m.resumed, now};
    for (size_t i = 0; i + 1 < std::size(points); ++i) f[i] = float(ms(points[i], points[i + 1]));
    // Without the gate (a plain httplib::Server) the request starts at its headers.
    f[kPushStageCount - 1] = float(ms(m.ready != Clock::time_point{} ? m.ready : m.handler, now));
    std::lock_guard lock(kept().mu);
    if (kept().pushes.size() < kMaxKept) kept().pushes.push_back(f);
  } else if (m.woke != Clock::time_point{}) {
    std::lock_guard lock(kept().mu);
    keep(kept().pollWakeMs, ms(m.notified, m.woke));
    keep(kept().pollReplyMs, ms(m.woke, now));
  }
}

void batchEnded(size_t pushes, double notifyMs, size_t pullsWoken) {
  if (!enabled()) return;
  std::lock_guard lock(kept().mu);
  keep(kept().batchPushes, double(pushes));
  keep(kept().notifyMs, notifyMs);
  keep(kept().pullsWoken, double(pullsWoken));
}

std::string prometheus() {
  if (!enabled()) return "";
  std::vector<PushFigures> pushes;
  Kept copy;
  {
    std::lock_guard lock(kept().mu);
    pushes = kept().pushes;
    copy.batchPushes = kept().batchPushes;
    copy.notifyMs = kept().notifyMs;
    copy.pullsWoken = kept().pullsWoken;
    copy.pollWakeMs = kept().pollWakeMs;
    copy.pollReplyMs = kept().pollReplyMs;
  }
  std::string out =
      "# HELP reportsync_push_stage_ms Where a push's time went in the server, ms, by stage "
      "(push_stages.h; RS_PUSH_STAGES=1).\n# TYPE reportsync_push_stage_ms summary\n";
  for (size_t s = 0; s < kPushStageCount; ++s) {
    std::vector<float> v;
    v.reserve(pushes.size());
    for (const PushFigures& f : pushes) v.push_back(f[s]);
    out += summary("reportsync_push_stage_ms", std::string("stage=\"") + kPushStages[s] + "\"",
                   std::move(v));
  }
  // The tail's make-up: each stage's mean over the pushes at or above the p99 total.
  std::vector<float> totals;
  for (const PushFigures& f : pushes) totals.push_back(f[kPushStageCount - 1]);
  std::sort(totals.begin(), totals.end());
  double p99 = quantile(totals, 0.99);
  PushFigures sums{};
  size_t inTail = 0;
  for (const PushFigures& f : pushes)
    if (f[kPushStageCount - 1] >= p99) {
      ++inTail;
      for (size_t s = 0; s < kPushStageCount; ++s) sums[s] += f[s];
    }
  out +=
      "# HELP reportsync_push_tail_stage_ms Each stage's mean over the pushes whose total was "
      "at or above the p99 total, ms.\n# TYPE reportsync_push_tail_stage_ms gauge\n";
  for (size_t s = 0; s < kPushStageCount; ++s)
    out += std::string("reportsync_push_tail_stage_ms{stage=\"") + kPushStages[s] + "\"} " +
           number(inTail ? sums[s] / float(inTail) : 0) + "\n";
  out += "# TYPE reportsync_commit_batch_pushes summary\n";
  out += summary("reportsync_commit_batch_pushes", "", copy.batchPushes);
  out += "# TYPE reportsync_commit_notify_ms summary\n";
  out += summary("reportsync_commit_notify_ms", "", copy.notifyMs);
  out += "# TYPE reportsync_commit_pulls_woken summary\n";
  out += summary("reportsync_commit_pulls_woken", "", copy.pullsWoken);
  out += "# TYPE reportsync_poll_wake_ms summary\n";
  out += summary("reportsync_poll_wake_ms", "", copy.pollWakeMs);
  out += "# TYPE reportsync_poll_reply_ms summary\n";
  out += summary("reportsync_poll_reply_ms", "", copy.pollReplyMs);
  return out;
}

}  // namespace rs::server::push_stages
