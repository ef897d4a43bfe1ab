// The desktop program's sync behaviour for the load benches: a client that long-polls
// for colleagues' changes and pushes its own small edits, timing each push.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "bench_util.h"
#include "core/server_connection.h"
#include "crdt/ids.h"
#include "doc/document.h"

namespace rs::bench {

constexpr int kPollSeconds = 2;  // the desktop program's SyncWorker default

crdt::ActorId clientActor(int i);
crdt::ActorId reportActor(int r, uint8_t tag);

struct Client {
  int number = 0, section = 0;
  std::string report;
  doc::Document doc;
  std::vector<double> latenciesMs;
  uint64_t cursor = 0;
  uint64_t made = 0, errors = 0, requests = 0;

  // One pull (waiting up to `wait` s for news); returns whether more pages wait.
  bool pull(core::ServerConnection& c, int wait);
  void catchUp(core::ServerConnection& c);
  // Types a few characters in its section and pushes them; the push's time in latenciesMs.
  void typeAndPush(core::ServerConnection& c);
  // As the program's sync worker until `end`, on one connection to `url`: catches up, then
  // types a change every `intervalMs` (the first at a random point) and long-polls in
  // between; catches up at the end. `intervalMs` 0: pushes back to back, catching up
  // without waiting after each (a saturating load, for throughput). Throws what the
  // connection throws.
  void syncUntil(const std::string& url, const std::string& token, Clock::time_point end,
                 std::mt19937& rng, int intervalMs = 2000);
};

// The p-th percentile (0..1) of `v`; 0 when empty.
double percentile(std::vector<double> v, double p);

// Shares `reports` reports with `perReport` sections each, as the logged-in user of `c`;
// returns their ids (hex).
std::vector<std::string> shareReports(core::ServerConnection& c, int reports, int perReport);

// Two descriptors per client (its end and the server's): raises the soft limit.
void raiseFileLimit();

}  // namespace rs::bench
