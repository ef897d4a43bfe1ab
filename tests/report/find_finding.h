// Looking findings up in the report tests.
#pragma once

#include <string>
#include <vector>

#include "report/findings.h"

namespace rs::report {

// The first finding of `rule` at `location`, or nullptr.
inline const Finding* find(const std::vector<Finding>& findings, const std::string& rule,
                           const std::string& location) {
  for (const auto& f : findings) {
    if (f.rule == rule && f.location == location) return &f;
  }
  return nullptr;
}

}  // namespace rs::report
