#include "core/sync_worker.h"

#include <random>

#include "core/template_fetch.h"

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
  // Push, then fetch any backlog at full speed; long-poll only when caught up. Pull before
  // the first push: what arrives may show our actor in use elsewhere (a copied profile),
  // and the unsent edits are then re-issued before any is sent.
  pushThenPull(replica_, server, *report_, out, !caughtUp_);
  caughtUp_ = true;
  SyncStatus s = status(SyncStatus::kOnline);
  s.pulled = out.pulled;
  s.refused = out.refused;
  onStatus_(s);
  // Long-poll while there is nothing to send: one request per batch of news.
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_ || requested_) return;  // local edits to push first
    }
    if (replica_.outboxCount(report_->report.id) > out.refused.size()) return;
    SyncReport waited;
    auto asked = std::chrono::steady_clock::now();
    bool more = pullPage(replica_, server, *report_, pollSeconds_, waited);
    while (more && !waited.historyReset) more = pullPage(replica_, server, *report_, 0, waited);
    if (waited.historyReset) return;  // the next pass sends everything again
    if (waited.pulled) {
      SyncStatus news = status(SyncStatus::kOnline);
      news.pulled = waited.pulled;
      onStatus_(news);
    } else if (std::chrono::steady_clock::now() - asked < std::chrono::seconds(pollSeconds_) / 2) {
      // Answered at once with nothing new (the server has as many waiting pulls as it
      // takes): poll again later rather than at once; a local edit still wakes us.
      pause(std::chrono::seconds(pollSeconds_));
      return;
    }
  }
}

void SyncWorker::run() {
  auto backoff = std::chrono::milliseconds(500);
  std::minstd_rand jitter(std::random_device{}());
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    try {
      ServerConnection server = connectFromProfile(replica_);
      onStatus_(status(SyncStatus::kSyncing));
      // The bureau's new templates, once per connection; one with a mistake is named and
      // not stored (the templates held stay).
      TemplateFetch templates = fetchTemplates(replica_, server);
      if (!templates.refused.empty())
        onStatus_(status(SyncStatus::kSyncing, templates.refused.front()));
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
        // Jittered (a random wait between half the backoff and all of it): after a server
        // restart every program in the county failed at the same moment, and would
        // otherwise all come back at the same moment too.
        std::uniform_int_distribution<long> spread(backoff.count() / 2, backoff.count());
        if (!pause(std::chrono::milliseconds(spread(jitter)))) return;
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
