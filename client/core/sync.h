// Sync for one report: push the outbox, then pull until caught up. Each pulled page
// commits together with the cursor that covers it, so a pass cut short anywhere resumes
// where it stopped without losing or repeating anything.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/replica.h"
#include "core/server_connection.h"

namespace rs::core {

struct SyncReport {
  size_t pushed = 0;                 // accepted or already held by the server
  size_t pulled = 0;                 // changes new to this replica
  std::vector<std::string> refused;  // reasons, one per change the server refused
  bool historyReset = false;         // the server's history changed: the outbox was refilled
};

// A report shared between the UI thread and the sync worker: whoever changes the document
// holds `mu`, so that memory, snapshot and store always agree.
struct SharedReport {
  std::mutex mu;
  OpenReport report;
};

// Sends the outbox in causal order, in batches sized by bytes under the server's limits;
// changes the server took leave it, refused ones stay (with reasons), and one too large for
// any push stays and is reported. When the answer shows another server history, the
// cursor goes back to 0 and the outbox is refilled with every held change (historyReset):
// the caller pulls, then pushes again.
void pushOutbox(Replica& replica, ServerConnection& server, const ReportId& id, SyncReport& out);
// Spans (SpanInfo::bytes, in the order to send) as the histories of successive pushes
// under `limits` (bytes and changes per push). A span goes whole, as the server then stores
// it: nothing is decoded or encoded again on either end. Only a span alone over a push's
// limits is cut at a seq (splitSpan) into pieces that fit; a single change over them is
// left out, its reason added to `refused`.
std::vector<std::string> spanBatches(std::vector<std::string> spans, const ServerLimits& limits,
                                     std::vector<std::string>& refused);
// One pull (waiting up to `waitSeconds` for news); returns whether more pages wait. When
// the server's history is another one, resets the cursor and outbox (historyReset) and
// returns true so that the caller pulls again from 0.
bool pullPage(Replica& replica, ServerConnection& server, SharedReport& shared, int waitSeconds,
              SyncReport& out);

// Push, then pull until caught up (also when the push failed: its error is thrown after
// the pull); with `pullFirst`, pull until caught up before the push too (see syncReport).
// When the server's history changed (restored or new), the cursor restarts at 0 and every
// held change is pushed again. Throws SyncError when the server cannot be used.
void pushThenPull(Replica& replica, ServerConnection& server, SharedReport& shared, SyncReport& out,
                  bool pullFirst);

// Pull, push, then pull until caught up (see pushThenPull). Pulling first lets a copied
// profile re-issue its unsent edits under a fresh actor before any is sent. Throws
// SyncError when the server cannot be used; refusals of single changes are returned.
SyncReport syncReport(Replica& replica, ServerConnection& server, OpenReport& report);

// The last push of a window that is closing: the outbox sent once, each request given at
// most `timeoutSeconds` to connect and to be answered. Returns how many changes are still
// unsent (0: the server has every edit). A failed push throws nothing: what is left stays
// in the store and goes out at the next sync; only reading the outbox's count may throw
// (a store error). For a profile that has pulled since it started (the worker's first
// pass pulls before pushing; see pushThenPull).
size_t pushBeforeClose(Replica& replica, const ReportId& id, int timeoutSeconds);

// A connection from the profile's stored login; throws SyncError (fatal) without one.
ServerConnection connectFromProfile(Replica& replica);

}  // namespace rs::core
