#include "bench_util.h"

#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <fstream>

namespace rs::bench {

double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

double loadAverage() {
  std::ifstream in("/proc/loadavg");
  double one = 0;
  in >> one;
  return one;
}

double peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double cpuMs() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto ms = [](const timeval& t) { return double(t.tv_sec) * 1000.0 + double(t.tv_usec) / 1000.0; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

crdt::ActorId benchActor(uint8_t n) {
  crdt::ActorId a{};
  a[0] = n;
  a[15] = 0xbe;
  return a;
}

void printLine(JsonWriter& w) {
  w.endObject();
  std::printf("%s\n", w.str().c_str());
  std::fflush(stdout);
}

}  // namespace rs::bench
