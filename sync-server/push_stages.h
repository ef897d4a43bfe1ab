// Where a push's time goes inside the server (issue 16: the county's push tail), measured
// only when the server runs with RS_PUSH_STAGES=1 in its environment (otherwise every call
// here returns at once and nothing is kept). Per push, in ms, from the moment the
// connection gate saw its request complete to the moment its reply was written:
//   gate    waiting for a worker thread (the gate's hand-off; 0 when the worker that
//           served the connection's previous request was still holding it)
//   read    the worker reading the request's headers
//   check   its body, session, membership and the body's decoding, up to the job queued
//   queue   waiting for the committer (the batch before it being written and flushed)
//   write   the batch's write transaction up to its commit (catch-up, apply, append)
//   commit  the commit, with LMDB's flush of the data (or PostgreSQL's COMMIT)
//   durable until the batch is durable: LMDB's meta page flushed by the next batch's commit
//           or a flush of its own (sync_push_pull.cpp commitLoop; 0 on PostgreSQL)
//   wake    from then to the pushing thread running again
//   reply   encoding the answer and writing it to the socket
//   total   all of the above
// Per commit batch: its pushes, and the time spent waking the long-polls it served news
// to. Per long-poll woken by news: from the notify to its thread running, and from then to
// its reply written. Given out on /metrics (metrics.h) as summaries; see prometheus().
#pragma once

#include <chrono>
#include <string>

namespace rs::server::push_stages {

using Clock = std::chrono::steady_clock;

// Whether RS_PUSH_STAGES=1 was set when the process started.
bool enabled();

// The marks of the request the calling worker thread serves now (zero time points when not
// set). The edge sets ready/worker/handler; the push handler and committer the rest.
struct Marks {
  Clock::time_point ready, worker, handler, queued, batch, written, committed, durable, resumed;
  Clock::time_point notified;  // for a long-poll woken by news: when the push notified it
  Clock::time_point woke;      // ... and when its thread ran again
};
Marks& current();

// On a worker taking a request that was ready at `ready`: starts the thread's marks.
void requestStarted(Clock::time_point ready);
// On the pushing thread, once the committer released its job: takes the committer's marks
// (batch, written, committed, durable) and marks `resumed`.
void pushResumed(const Marks& committer);
// ms from `from` to now.
double msSince(Clock::time_point from);
// Once the current request's reply is written: keeps its figures when it was a push (its
// `resumed` mark set) or a woken long-poll (`woke` set), then clears the marks.
void requestEnded();
// Once per commit batch: its size and the time the publisher spent notifying waiters (ms),
// and how many waiting pulls those notifications reached.
void batchEnded(size_t pushes, double notifyMs, size_t pullsWoken);

// The figures so far in the Prometheus text format (summaries: quantiles 0.5, 0.9, 0.99 and
// the maximum as quantile 1, plus _count); also, per stage, its mean over the pushes whose
// total was at or above the p99 total (reportsync_push_tail_stage_ms), which says which
// stage makes the tail. Empty when not enabled.
std::string prometheus();

}  // namespace rs::server::push_stages
