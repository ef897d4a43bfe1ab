#include "live_reports.h"

#include <algorithm>

#include "doc/change_spans.h"
#include "doc/history_apply.h"
#include "push_stages.h"
#include "util/errors.h"

namespace rs::server {

std::shared_ptr<LiveReport> LiveReports::get(const std::string& rawId) {
  std::shared_ptr<LiveReport> live;
  {
    std::lock_guard lock(mu_);
    auto& slot = reports_[rawId];
    if (!slot) slot = std::make_shared<LiveReport>();
    live = slot;
  }
  std::lock_guard lock(live->mu);
  if (!live->doc) {
    auto doc = std::make_unique<doc::Document>();
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    auto rec = store_.report(txn, rawId);
    // Stored changes were accepted in causal order, so they apply in server order; a span of
    // typing goes in as one run (doc/history_apply.h).
    doc::applyHistory(*doc, store_.history(txn, rawId));
    live->doc = std::move(doc);
    live->seq = rec ? rec->lastSeq : 0;
  } else if (shared_) {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    if (auto rec = store_.report(txn, rawId)) catchUp(*live, txn, rawId, rec->lastSeq);
  }
  return live;
}

void LiveReports::catchUp(LiveReport& live, store::kv::Txn& txn, const std::string& rawId,
                          uint64_t lastSeq) {
  if (lastSeq <= live.seq) return;
  // The spans holding server seqs past live.seq, in server order. The first may have been
  // partly applied (another process extended it): applyHistory skips what the document
  // holds. A span past lastSeq is not in this transaction's view.
  std::vector<std::string_view> spans;
  uint64_t reached = live.seq;
  store_.scanSpans(txn, rawId, live.seq, [&](const StoredSpan& s) {
    require(s.lastSeq <= lastSeq, "the store holds a span past the report's last sequence");
    spans.push_back(s.bytes);
    reached = s.lastSeq;
    return s.lastSeq < lastSeq;
  });
  doc::applyHistory(*live.doc, doc::joinSpans(spans));
  live.seq = reached;
}

void LiveReports::drop(const std::string& rawId) {
  std::lock_guard lock(mu_);
  reports_.erase(rawId);
}

std::shared_ptr<LiveReports::Waiters> LiveReports::waiters(const std::string& rawId) {
  std::lock_guard lock(waitMu_);
  auto& slot = waiters_[rawId];
  if (!slot) {
    slot = std::make_shared<Waiters>();
    // Read under waitMu_: a push that committed before this reads is seen here, and one
    // that commits after finds the entry and notifies it.
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    auto rec = store_.report(txn, rawId);
    slot->lastSeq = rec ? rec->lastSeq : 0;
  }
  return slot;
}

size_t LiveReports::notify(const std::string& rawId, uint64_t lastSeq) {
  std::shared_ptr<Waiters> w;
  {
    std::lock_guard lock(waitMu_);
    auto it = waiters_.find(rawId);
    if (it == waiters_.end()) return 0;  // nobody has waited on it yet
    w = it->second;
  }
  size_t waiting;
  {
    std::lock_guard lock(w->mu);
    w->lastSeq = std::max(w->lastSeq, lastSeq);
    w->news = std::chrono::steady_clock::now();
    waiting = w->waiting;
  }
  w->changed.notify_all();
  return waiting;
}

void LiveReports::stopWaits() {
  stopping_ = true;
  std::lock_guard lock(waitMu_);
  for (auto& [id, w] : waiters_) {
    std::lock_guard wl(w->mu);
    w->changed.notify_all();
  }
}

bool LiveReports::waitForNews(const std::string& rawId, uint64_t since,
                              std::chrono::steady_clock::time_point deadline,
                              const std::function<bool()>& gone) {
  std::shared_ptr<Waiters> w = waiters(rawId);
  std::unique_lock lock(w->mu);
  if (since > w->lastSeq) return false;  // a cursor from another history: answer at once
  bool waited = false;
  while (w->lastSeq <= since && !stopping_) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    ++w->waiting;
    w->changed.wait_until(lock, std::min(deadline, now + kWaitSlice));
    --w->waiting;
    waited = true;
    if (w->lastSeq > since || stopping_) break;
    if (gone) {
      lock.unlock();
      bool left = gone();
      lock.lock();
      if (left) return false;
    }
  }
  bool news = w->lastSeq > since;
  if (news && waited) {
    push_stages::current().notified = w->news;
    push_stages::current().woke = std::chrono::steady_clock::now();
  }
  return news;
}

}  // namespace rs::server
