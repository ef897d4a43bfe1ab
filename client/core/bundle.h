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
  std::vector<std::string> changes;  // encoded changes (doc/change_codec.h)
};

// Writes format 2: the changes as one compact history (doc/change_spans.h). Throws
// InputError when a change does not decode.
std::string encodeBundle(const Bundle& bundle);
// Reads format 2, and format 1 (a list of packed changes) from programs before issue 11;
// `changes` then come each after its dependencies. Throws InputError when the bytes are not
// an intact bundle, or are of a newer format.
Bundle decodeBundle(std::string_view bytes);

}  // namespace rs::core
