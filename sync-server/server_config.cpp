#include "server_config.h"

#include <fstream>

#include "util/errors.h"

namespace rs::server {

namespace {

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::vector<std::string> configArguments(const std::string& path) {
  std::ifstream in(path);
  require(bool(in), "cannot read the configuration file " + path);
  std::vector<std::string> args;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string where = path + ":" + std::to_string(number) + ": ";
    line = trimmed(line);
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    require(eq != std::string::npos, where + "expected \"name = value\", got \"" + line + "\"");
    std::string name = trimmed(line.substr(0, eq)), value = trimmed(line.substr(eq + 1));
    require(!name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") ==
                                 std::string::npos,
            where + "\"" + name + "\" is not an option name (lower-case words and dashes)");
    require(name != "config", where + "a configuration file cannot name another");
    args.push_back("--" + name);
    args.push_back(value);
  }
  return args;
}

std::vector<std::string> expandConfig(const std::vector<std::string>& args) {
  std::vector<std::string> fromFiles, rest;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "--config") {
      rest.push_back(args[i]);
      continue;
    }
    require(i + 1 < args.size(), "--config needs a value");
    std::vector<std::string> more = configArguments(args[++i]);
    fromFiles.insert(fromFiles.end(), more.begin(), more.end());
  }
  fromFiles.insert(fromFiles.end(), rest.begin(), rest.end());
  return fromFiles;
}

}  // namespace rs::server
