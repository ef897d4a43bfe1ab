// The sample report of tests/data, read once per test binary.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

inline const std::string& sampleText() {
  static const std::string text = [] {
    std::ifstream in(std::string(RS_TEST_DATA_DIR) + "/hongjiang-gxj-2024-selfeval.txt",
                     std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  return text;
}
