// Small helpers shared by the reportsync-bench subcommands: timing, memory, output.
#pragma once

#include <chrono>
#include <string>

#include "crdt/ids.h"
#include "util/json_writer.h"

namespace rs::bench {

using Clock = std::chrono::steady_clock;

inline double msSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// CPU time this thread has used, in ms: on a shared, loaded machine a step's wall time is
// mostly waiting for a core, its CPU time is what it costs.
double threadCpuMs();

// Wall and CPU time of one step, in ms.
struct StepTimes {
  double ms = 0, cpuMs = 0;
};
// Runs `step` and times it.
template <typename Step>
StepTimes timeStep(Step&& step) {
  double cpu = threadCpuMs();
  auto t0 = Clock::now();
  step();
  return StepTimes{msSince(t0), threadCpuMs() - cpu};
}

// The machine's 1-minute load average (other work competing for the CPU).
double loadAverage();

// Peak resident set size of this process so far, in MiB.
double peakRssMb();

// CPU time (user + system) this process has used so far, all threads, in ms: with the
// server in process, what a sync costs both ends whatever the machine's load.
double cpuMs();

// A fixed, recognisable actor per bench participant. The first byte orders actors the
// same way as the participant numbers, so tie-breaks between actors follow them.
crdt::ActorId benchActor(uint8_t n);

// Prints the finished JSON object as one line on stdout.
void printLine(JsonWriter& w);

}  // namespace rs::bench
