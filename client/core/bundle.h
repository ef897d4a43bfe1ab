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
  // Every change, as a compact history (doc/change_spans.h): the profile's stored spans as
  // they are (Replica::history), merged as Replica::mergeHistory takes a pull page.
  std::string history;
  // How many changes the history holds, from its span headers.
  uint64_t changeCount() const;
};

// Writes format 2: the history as it is, nothing decoded. Throws InputError when its span
// headers do not read.
std::string encodeBundle(const Bundle& bundle);
// Reads format 2, and format 1 (a list of packed changes, from programs before issue 11,
// converted to a history, each change after its dependencies). Only the span headers of a
// format 2 history are read here (at most 2,000,000 changes); its spans are decoded as they
// are merged. Throws InputError when the bytes are not an intact bundle, or are of a newer
// format.
Bundle decodeBundle(std::string_view bytes);

}  // namespace rs::core
