// Background sync of one report, for the desktop program: pushes the outbox, long-polls
// for colleagues' changes, backs off while the server cannot be reached, and stops on a
// fatal error until asked again. Never blocks the caller.
//
// The status callback runs on the worker thread; a GUI forwards it to its own thread
// (CallAfter behind a weak reference).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/sync.h"

namespace rs::core {

struct SyncStatus {
  enum State { kSyncing, kOnline, kOffline, kError } state = kOffline;
  std::string message;  // why offline or the fatal error, for the user
  size_t pulled = 0;    // changes that arrived in this pass
  std::vector<std::string> refused;
  std::optional<int64_t> lastSyncMs;
  size_t unsynced = 0;
};

class SyncWorker {
 public:
  using Callback = std::function<void(const SyncStatus&)>;
  // `pollSeconds`: how long one pull waits for news; local edits go out at least that often.
  SyncWorker(Replica& replica, std::shared_ptr<SharedReport> report, Callback onStatus,
             int pollSeconds = 2);
  ~SyncWorker();  // stops and joins
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  // Sync soon (after local edits, or to retry after a fatal error was dealt with).
  void requestSync();

 private:
  void run();
  void pass(ServerConnection& server);
  SyncStatus status(SyncStatus::State state, std::string message = "");
  // Waits up to `delay` or until woken; returns false when stopping.
  bool pause(std::chrono::milliseconds delay);

  Replica& replica_;
  std::shared_ptr<SharedReport> report_;
  Callback onStatus_;
  int pollSeconds_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false, requested_ = false;
  bool caughtUp_ = false;  // worker thread only: pulled once since starting
  std::thread thread_;
};

}  // namespace rs::core
