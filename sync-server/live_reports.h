// Each report's document in memory, rebuilt from the store on first use, so that pushed
// changes are checked against the exact state they apply to. Also where pulls wait for
// new changes (long-poll).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "doc/document.h"
#include "server_store.h"

namespace rs::server {

struct LiveReport {
  std::mutex mu;  // held while checking and applying a push
  std::unique_ptr<doc::Document> doc;
  uint64_t seq = 0;  // the last server sequence `doc` holds
};

class LiveReports {
 public:
  explicit LiveReports(ServerStore& store) : store_(store), shared_(store.db().lmdb() == nullptr) {}

  // The report's live state; loads it from the store when needed. On a store other
  // processes write too (PostgreSQL), it first catches up with what they appended.
  std::shared_ptr<LiveReport> get(const std::string& rawId);
  // Applies to `live` (locked by the caller) the changes the store holds after live.seq up
  // to `lastSeq`, read in `txn`: another server process appended them.
  void catchUp(LiveReport& live, store::kv::Txn& txn, const std::string& rawId, uint64_t lastSeq);
  // Forgets the in-memory state (after a failed write), so the next use reloads it.
  void drop(const std::string& rawId);

  // Wakes pulls waiting on report `rawId`, whose newest server sequence is now `lastSeq`;
  // returns how many were waiting.
  size_t notify(const std::string& rawId, uint64_t lastSeq);
  // Waits until report `rawId` has a change after `since`, the deadline passes, or
  // `gone()` (checked every kWaitSlice) says the client left. Returns whether news came.
  bool waitForNews(const std::string& rawId, uint64_t since,
                   std::chrono::steady_clock::time_point deadline,
                   const std::function<bool()>& gone);

  // Ends every wait now and every later one at once (the server is stopping).
  void stopWaits();

  static constexpr std::chrono::milliseconds kWaitSlice{250};

 private:
  ServerStore& store_;
  const bool shared_;  // other processes write the store (only this one writes LMDB)
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<LiveReport>> reports_;
  // Per report: its newest server sequence as pushes commit, and the pulls waiting on it.
  struct Waiters {
    std::mutex mu;
    std::condition_variable changed;
    uint64_t lastSeq = 0;
    size_t waiting = 0;                          // pulls waiting now
    std::chrono::steady_clock::time_point news;  // when lastSeq last grew (push_stages.h)
  };
  std::shared_ptr<Waiters> waiters(const std::string& rawId);
  std::mutex waitMu_;
  std::map<std::string, std::shared_ptr<Waiters>> waiters_;
  std::atomic<bool> stopping_{false};
};

}  // namespace rs::server
