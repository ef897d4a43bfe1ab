// Command-line arguments: positionals and --options, with clear errors for anything else.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "util/errors.h"

namespace rs::cli {

class Args {
 public:
  // `valued` options take the next argument; `flags` take none; `repeated` options take
  // the next argument each time they appear (see all()). Anything else starting with "--"
  // is refused.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
       const std::set<std::string>& flags, const std::set<std::string>& repeated = {}) {
    for (size_t i = 0; i < argv.size(); ++i) {
      const std::string& a = argv[i];
      if (a.size() > 2 && a.rfind("--", 0) == 0) {
        if (flags.count(a)) {
          options_[a] = "";
        } else if (valued.count(a) || repeated.count(a)) {
          require(i + 1 < argv.size(), a + " needs a value");
          options_[a] = argv[++i];
          all_[a].push_back(options_[a]);
        } else {
          throw InputError("unknown option " + a);
        }
      } else {
        positional_.push_back(a);
      }
    }
  }

  const std::string& at(size_t i, const char* name) const {
    require(i < positional_.size(), std::string("missing argument: ") + name);
    return positional_[i];
  }
  void expectCount(size_t n, const char* usage) const {
    require(positional_.size() == n, std::string("usage: reportsync-cli ") + usage);
  }
  bool has(const std::string& opt) const { return options_.count(opt) > 0; }
  std::optional<std::string> get(const std::string& opt) const {
    auto it = options_.find(opt);
    if (it == options_.end()) return std::nullopt;
    return it->second;
  }
  size_t count() const { return positional_.size(); }
  // Every value a repeated option was given, in order.
  std::vector<std::string> all(const std::string& opt) const {
    auto it = all_.find(opt);
    return it == all_.end() ? std::vector<std::string>{} : it->second;
  }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
  std::map<std::string, std::vector<std::string>> all_;
};

// Parses a non-negative integer argument; throws InputError naming the argument.
inline size_t parseCount(const std::string& text, const char* name) {
  require(!text.empty() && text.size() <= 12 &&
              text.find_first_not_of("0123456789") == std::string::npos,
          std::string(name) + " must be a non-negative integer, not \"" + text + "\"");
  return std::stoull(text);
}

}  // namespace rs::cli
