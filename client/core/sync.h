// One sync pass for one report: push the outbox, then pull until caught up. Each pulled
// page commits together with the cursor that covers it, so a pass cut short anywhere
// resumes where it stopped without losing or repeating anything.
#pragma once

#include <string>
#include <vector>

#include "core/replica.h"
#include "core/server_connection.h"

namespace rs::core {

struct SyncReport {
  size_t pushed = 0;    // accepted or already held by the server
  size_t pulled = 0;    // changes new to this replica
  std::vector<std::string> refused;  // reasons, one per change the server refused
};

// Throws SyncError on a failure to talk to the server (retryable or fatal); refusals of
// single changes are returned, and the changes stay in the outbox.
SyncReport syncReport(Replica& replica, ServerConnection& server, OpenReport& report);

// A connection from the profile's stored login; throws SyncError (fatal) without one.
ServerConnection connectFromProfile(Replica& replica);

}  // namespace rs::core
