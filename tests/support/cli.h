// reportsync-cli on one store, as a test drives it. Include from doctest test files only;
// the suite defines RS_CLI_PATH.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "run_process.h"

namespace rs::test {

struct Cli {
  std::string store;

  ProcessResult run(std::vector<std::string> args, const std::string& input = "") const {
    args.insert(args.begin(), {RS_CLI_PATH, "--store", store});
    return runProcess(args, input);
  }
  // Runs a command that must succeed; returns its output without the final newline.
  std::string ok(std::vector<std::string> args, const std::string& input = "") const {
    auto r = run(args, input);
    INFO("reportsync-cli " << (args.empty() ? "" : args[0]) << " stderr: " << r.err);
    REQUIRE(r.exitCode == 0);
    if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
  }
};

}  // namespace rs::test
