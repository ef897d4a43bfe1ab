// The commands of reportsync-cli. Each takes its arguments (after the command name) and
// the open profile, writes to stdout, and returns the exit code; bad input throws
// InputError (exit 2).
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "core/replica.h"
#include "core/server_connection.h"

namespace rs::cli {

using Command = std::function<int(core::Replica&, const std::vector<std::string>&)>;

void addReportCommands(std::map<std::string, Command>& commands);
void addMergeCommands(std::map<std::string, Command>& commands);
void addDocumentCommands(std::map<std::string, Command>& commands);
void addSyncCommands(std::map<std::string, Command>& commands);
void addSubmitCommands(std::map<std::string, Command>& commands);
void addRightsCommands(std::map<std::string, Command>& commands);
void addRowCommands(std::map<std::string, Command>& commands);
void addTemplateCommands(std::map<std::string, Command>& commands);

std::string readFile(const std::string& path);
// After talking to the server: keeps the latest submission's status for `list`.
void rememberSubmissionStatus(core::Replica& replica, core::ServerConnection& server,
                              const core::ReportId& id);
void writeFile(const std::string& path, const std::string& bytes);

}  // namespace rs::cli
