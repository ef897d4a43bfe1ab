// The bureau's templates reaching this profile's store on sync (issue 13 item 2), so that
// `new` and reports of those templates work offline afterwards.
#pragma once

#include <string>
#include <vector>

#include "core/replica.h"
#include "core/server_connection.h"

namespace rs::core {

struct TemplateFetch {
  std::vector<std::string> added;    // "KEY@N" newly stored
  std::vector<std::string> refused;  // why a template from the server was not stored
};

// Stores every published version the profile's store lacks, each checked first (line and
// field of a mistake): a malformed one is refused with its reason and the templates held
// stay as they were. An older server without templates (404) gives nothing. Throws
// SyncError when the server cannot be asked.
TemplateFetch fetchTemplates(Replica& replica, ServerConnection& server);

}  // namespace rs::core
