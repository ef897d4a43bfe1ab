// The server's configuration file (/etc/reportsync/server.conf in the package).
#pragma once

#include <string>
#include <vector>

namespace rs::server {

// Reads a configuration file of "name = value" lines ('#' starts a comment line; blank
// lines are skipped), where each name is a serve option without its dashes ("listen",
// "data", "max-body-mb", ...). Returns them as command-line arguments ("--listen", "v",
// ...), for the real command line to follow and so override. Throws InputError naming the
// file and line for a line without '=' or a name that is not a plain option word, or when
// the file cannot be read.
std::vector<std::string> configArguments(const std::string& path);

// `args` with every "--config FILE" replaced by the arguments FILE holds (see above),
// placed first so that the rest of the command line overrides them.
std::vector<std::string> expandConfig(const std::vector<std::string>& args);

}  // namespace rs::server
