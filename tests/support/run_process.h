// Runs a real program (the built binaries) and captures what it prints.
#pragma once

#include <string>
#include <vector>

namespace rs::test {

struct ProcessResult {
  int exitCode = -1;
  std::string out, err;
};

// Runs `argv` with `input` on stdin; waits for it to finish.
ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& input = "");

// Starts `argv` with its output discarded and returns at once; the caller waits or kills.
int spawnDetached(const std::vector<std::string>& argv);
// Waits for a process started by spawnDetached; returns its exit code (128+signal if killed).
int waitProcess(int pid);

}  // namespace rs::test
