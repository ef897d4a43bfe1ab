// Reads the editing traces of josephg/editing-traces (gzip-compressed JSON), shared by the
// benchmark programs. Positions and lengths are Unicode code points.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace rs::bench {

struct Patch {
  size_t pos = 0;
  size_t del = 0;
  std::u32string ins;
};

struct Txn {
  std::vector<Patch> patches;
  std::vector<size_t> parents;  // concurrent traces only: indexes of earlier txns
  long agent = -1;              // concurrent traces only
};

struct Trace {
  std::u32string startContent;
  std::u32string endContent;
  std::vector<Txn> txns;
  size_t edits() const;  // patches in all txns
};

// Throws std::runtime_error when the file cannot be read or is not a trace.
Trace readTrace(const std::string& path);

}  // namespace rs::bench
