// The real servers a load bench runs against (issue 16 item 4): N reportsync-server
// processes on one store, that is an LMDB data folder in a temporary folder (N = 1: a folder
// is one process's) or one PostgreSQL database, either a throwaway cluster the bench starts
// (tests/support/pg_cluster.sh, fsync on) or a postgres:// URL it is given. Also what the
// bench reports about where the time went: CPU seconds of the servers, of PostgreSQL's
// processes and of the bench itself, the servers' peak resident memory, and how often a
// write transaction waited for PostgreSQL's writer lock (pg_engine.h kWriterLock).
// The server binary is this build's, or the one RS_BENCH_SERVER names (to compare builds).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "../support/server_process.h"

namespace rs::bench {

// CPU time (user + system) of process `pid` so far, in seconds; 0 when it is gone.
double processCpuSeconds(int pid);

// A throwaway PostgreSQL cluster in a folder of /tmp (pg_cluster.sh start/stop), fsync on
// as a real database has it. Stopped and removed at scope exit.
class BenchPgCluster {
 public:
  BenchPgCluster();
  ~BenchPgCluster();
  BenchPgCluster(const BenchPgCluster&) = delete;
  BenchPgCluster& operator=(const BenchPgCluster&) = delete;

  // The cluster's "postgres" database as a URL.
  const std::string& url() const { return url_; }
  // CPU seconds of the postmaster and its children (backends, writer, WAL writer) so far.
  double cpuSeconds() const;

 private:
  std::string state_, url_;
  int postmaster_ = 0;
};

// Samples pg_stat_activity every 100 ms on a connection of its own while it lives: how many
// backends were waiting for an advisory lock (the store's writer lock) and how many were
// active. Read the figures after stop().
class WriterLockSampler {
 public:
  explicit WriterLockSampler(const std::string& url);
  ~WriterLockSampler();
  void stop();

  uint64_t samples() const { return samples_; }
  // Mean number of backends waiting for the writer lock per sample.
  double meanWaiting() const { return samples_ ? double(waiting_) / samples_ : 0; }
  // Share (0..1) of samples in which at least one backend waited for it.
  double shareWithWaiter() const { return samples_ ? double(withWaiter_) / samples_ : 0; }
  // Mean number of backends running a statement (waiting or not) per sample.
  double meanActive() const { return samples_ ? double(active_) / samples_ : 0; }

 private:
  std::atomic<bool> stop_{false};
  uint64_t samples_ = 0, waiting_ = 0, withWaiter_ = 0, active_ = 0;
  std::thread thread_;
};

// What PostgreSQL counted of a database's statements since the last reset
// (pg_stat_statements, which tests/support/pg_cluster.sh loads) and the database's size:
// statements executed, their execution time (ms, PostgreSQL's own clock), and the five
// costliest as "calls × ms: SQL" lines. `counted` is false when the extension is not
// loaded (a database of someone else's); the size is there either way.
struct PgStatements {
  bool counted = false;
  double calls = 0, execMs = 0;
  int64_t databaseBytes = 0;  // pg_database_size
  std::string costliest;
};
// Reads the figures of the database at `url`, then (with `reset`) zeroes its counts.
PgStatements readPgStatements(const std::string& url, bool reset);

class ServerFleet {
 public:
  // `servers` processes (LMDB: exactly 1) on `store`: "" for LMDB in a temporary folder,
  // "postgres" for a cluster of the bench's own, else a postgres:// URL of an empty
  // database. Adds the member `user` with `password`. Throws std::runtime_error when a
  // server or the cluster does not start, std::invalid_argument for a bad combination.
  ServerFleet(int servers, const std::string& store, const std::string& user,
              const std::string& password);
  ~ServerFleet();

  int size() const { return int(processes_.size()); }
  std::string url(int i) const { return processes_[size_t(i)]->url(); }
  bool postgres() const { return !pgUrl_.empty(); }
  const std::string& pgUrl() const { return pgUrl_; }
  // CPU seconds of every server process so far, and of the bench's own cluster (0 when
  // the database is someone else's).
  double serverCpuSeconds() const;
  double databaseCpuSeconds() const { return cluster_ ? cluster_->cpuSeconds() : 0; }
  // Peak resident memory (VmHWM) of the biggest server process and of all together, MiB.
  long peakRssMib() const;
  long peakRssSumMib() const;
  // Process i's GET /metrics text (Prometheus); throws std::runtime_error when not 200.
  std::string metrics(int i) const;

 private:
  std::string dir_, pgUrl_;
  std::unique_ptr<BenchPgCluster> cluster_;
  std::vector<std::unique_ptr<rs::test::ServerProcess>> processes_;
};

}  // namespace rs::bench
