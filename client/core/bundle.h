// Bundles: every change of one report in one file, for carrying across an air gap
// (内网 / 外网) on a USB stick. The file carries a SHA-256 over its content, so that a
// damaged or altered file is refused before anything is merged.
#pragma once

#include <string>
#include <vector>

#include "core/replica.h"

namespace rs::core {

struct Bundle {
  ReportId reportId;
  std::vector<std::string> changes;  // encoded changes
};

std::string encodeBundle(const Bundle& bundle);
// Throws InputError when the bytes are not an intact bundle.
Bundle decodeBundle(std::string_view bytes);

}  // namespace rs::core
