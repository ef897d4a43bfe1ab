#include "core/sync_worker.h"

namespace rs::core {

SyncWorker::SyncWorker(Replica& replica, std::shared_ptr<SharedReport> report, Callback onStatus,
                       int pollSeconds)
    : replica_(replica),
      report_(std::move(report)),
      onStatus_(std::move(onStatus)),
      pollSeconds_(pollSeconds),
      thread_([this] { run(); }) {}

SyncWorker::~SyncWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SyncWorker::requestSync() {
  {
    std::lock_guard lock(mu_);
    requested_ = true;
  }
  wake_.notify_all();
}

bool SyncWorker::pause(std::chrono::milliseconds delay) {
  std::unique_lock lock(mu_);
  wake_.wait_for(lock, delay, [&] { return stop_ || requested_; });
  requested_ = false;
  return !stop_;
}

SyncStatus SyncWorker::status(SyncStatus::State state, std::string message) {
  SyncStatus s;
  s.state = state;
  s.message = std::move(message);
  s.lastSyncMs = replica_.lastSyncMs(report_->report.id);
  s.unsynced = replica_.outboxCount(report_->report.id);
  return s;
}

void SyncWorker::pass(ServerConnection& server) {
  SyncReport out;
  if (!caughtUp_) {
    // Pull before the first push: what arrives may show our actor in use elsewhere (a
    // copied profile), and the unsent edits are then re-issued before any is sent.
    while (pullPage(replica_, server, *report_, 0, out)) {
    }
    caughtUp_ = true;
  }
  pushOutbox(replica_, server, report_->report.id, out);
  // Long-poll only when caught up, so that a backlog is fetched at full speed.
  while (pullPage(replica_, server, *report_, 0, out)) {
  }
  SyncStatus s = status(SyncStatus::kOnline);
  s.pulled = out.pulled;
  s.refused = out.refused;
  onStatus_(s);
  if (replica_.outboxCount(report_->report.id) > out.refused.size()) return;
  SyncReport waited;
  pullPage(replica_, server, *report_, pollSeconds_, waited);
  if (waited.pulled) {
    SyncStatus news = status(SyncStatus::kOnline);
    news.pulled = waited.pulled;
    onStatus_(news);
  }
}

void SyncWorker::run() {
  auto backoff = std::chrono::milliseconds(500);
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    try {
      ServerConnection server = connectFromProfile(replica_);
      onStatus_(status(SyncStatus::kSyncing));
      while (true) {
        pass(server);
        backoff = std::chrono::milliseconds(500);
        std::lock_guard lock(mu_);
        if (stop_) return;
        requested_ = false;
      }
    } catch (const SyncError& e) {
      if (e.retryable()) {
        onStatus_(status(SyncStatus::kOffline, e.what()));
        if (!pause(backoff)) return;
        backoff = std::min(backoff * 2, std::chrono::milliseconds(30000));
      } else {
        // Fatal: the user must act; do not loop on it.
        onStatus_(status(SyncStatus::kError, e.what()));
        if (!pause(std::chrono::hours(24 * 365))) return;
      }
    } catch (const std::exception& e) {
      onStatus_(status(SyncStatus::kError, e.what()));
      if (!pause(std::chrono::hours(24 * 365))) return;
    }
  }
}

}  // namespace rs::core
