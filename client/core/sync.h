// Sync for one report: push the outbox, then pull until caught up. Each pulled page
// commits together with the cursor that covers it, so a pass cut short anywhere resumes
// where it stopped without losing or repeating anything.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "core/replica.h"
#include "core/server_connection.h"

namespace rs::core {

struct SyncReport {
  size_t pushed = 0;                 // accepted or already held by the server
  size_t pulled = 0;                 // changes new to this replica
  std::vector<std::string> refused;  // reasons, one per change the server refused
};

// A report shared between the UI thread and the sync worker: whoever changes the document
// holds `mu`, so that memory, snapshot and store always agree.
struct SharedReport {
  std::mutex mu;
  OpenReport report;
};

// Sends the outbox; changes the server took leave it, refused ones stay (with reasons).
void pushOutbox(Replica& replica, ServerConnection& server, const ReportId& id, SyncReport& out);
// One pull (waiting up to `waitSeconds` for news); returns whether more pages wait.
bool pullPage(Replica& replica, ServerConnection& server, SharedReport& shared, int waitSeconds,
              SyncReport& out);

// Push, then pull until caught up. Throws SyncError when the server cannot be used;
// refusals of single changes are returned.
SyncReport syncReport(Replica& replica, ServerConnection& server, OpenReport& report);

// A connection from the profile's stored login; throws SyncError (fatal) without one.
ServerConnection connectFromProfile(Replica& replica);

}  // namespace rs::core
