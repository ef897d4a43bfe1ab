// Seeds from real data for the change, history and snapshot targets: reads a bundle written
// by `reportsync-cli bundle`, writes each change to OUT/change/, all of them as one compact
// history to OUT/history/, and the document they make, as a snapshot after the first change
// and after all, to OUT/snapshot/.
// Usage: fuzz_make_seeds BUNDLE OUT_DIR
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/bundle.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/document.h"
#include "doc/snapshot.h"

namespace {

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fuzz_make_seeds BUNDLE OUT_DIR\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  rs::core::Bundle bundle = rs::core::decodeBundle(ss.str());
  std::string out = argv[2];
  rs::doc::Document doc;
  std::vector<std::string> packed = rs::doc::historyToPacked(bundle.history);
  std::vector<rs::doc::Change> changes;
  for (size_t i = 0; i < packed.size(); ++i) {
    writeFile(out + "/change/real-" + std::to_string(i), packed[i]);
    changes.push_back(rs::doc::decodeChange(packed[i], doc.actors()));
    doc.apply(changes.back());
    if (i == 0 || i + 1 == packed.size())
      writeFile(out + "/snapshot/real-after-" + std::to_string(i + 1),
                rs::doc::encodeSnapshot(doc));
  }
  writeFile(out + "/history/real", rs::doc::encodeHistory(changes, doc.actors()));
  return 0;
}
