// Each report's document in memory, rebuilt from the store on first use, so that pushed
// changes are checked against the exact state they apply to. Also where pulls wait for
// new changes (long-poll).
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>

#include "doc/document.h"
#include "server_store.h"

namespace rs::server {

struct LiveReport {
  std::mutex mu;  // held while checking and applying a push
  std::unique_ptr<doc::Document> doc;
};

class LiveReports {
 public:
  explicit LiveReports(ServerStore& store) : store_(store) {}

  // The report's live state; loads it from the store when needed.
  std::shared_ptr<LiveReport> get(const std::string& rawId);
  // Forgets the in-memory state (after a failed write), so the next use reloads it.
  void drop(const std::string& rawId);

  // Wakes pulls waiting on this report.
  void notify();
  // Waits until `ready()` or the deadline; returns ready().
  bool waitUntil(const std::function<bool()>& ready, std::chrono::steady_clock::time_point deadline);

 private:
  ServerStore& store_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<LiveReport>> reports_;
  std::mutex waitMu_;
  std::condition_variable changed_;
  uint64_t generation_ = 0;
};

}  // namespace rs::server
