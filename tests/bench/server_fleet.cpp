#include "server_fleet.h"

#include <dirent.h>
#include <unistd.h>

#include <httplib.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>

#include "../support/raw_http.h"
#include "../support/run_process.h"
#include "bench_server.h"

namespace rs::bench {

namespace {

std::string firstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// The parent pid and user + system ticks of /proc/PID/stat; false when it is gone.
bool readStat(int pid, int& parent, double& ticks) {
  std::string line = firstLine("/proc/" + std::to_string(pid) + "/stat");
  size_t close = line.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return false;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // After the name: state(3) ppid(4) ... utime(14) stime(15).
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 4) parent = std::atoi(field.c_str());
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  ticks = double(utime + stime);
  return true;
}

}  // namespace

double processCpuSeconds(int pid) {
  int parent = 0;
  double ticks = 0;
  return readStat(pid, parent, ticks) ? ticks / double(sysconf(_SC_CLK_TCK)) : 0;
}

BenchPgCluster::BenchPgCluster() : state_(tempDir("pg-state")) {
  // The tests' cluster runs with fsync off (they kill servers, never PostgreSQL); a
  // benchmark measures a database that keeps its commits.
  rs::test::ProcessResult r;
  try {
    r = rs::test::runProcess(
        {"/usr/bin/env", "RS_PG_FSYNC=on", "/bin/bash", RS_PG_CLUSTER_SCRIPT, "start", state_});
  } catch (...) {
    removeDir(state_);
    throw;
  }
  if (r.exitCode != 0) {
    removeDir(state_);
    throw std::runtime_error("cannot start a PostgreSQL cluster: " + r.err);
  }
  url_ = firstLine(state_ + "/url") + "/postgres";
  postmaster_ =
      std::atoi(firstLine(firstLine(state_ + "/data-path") + "/db/postmaster.pid").c_str());
}

BenchPgCluster::~BenchPgCluster() {
  rs::test::runProcess({"/bin/bash", RS_PG_CLUSTER_SCRIPT, "stop", state_});
  removeDir(state_);
}

double BenchPgCluster::cpuSeconds() const {
  int parent = 0;
  double total = 0, ticks = 0;
  if (readStat(postmaster_, parent, ticks)) total += ticks;
  DIR* proc = opendir("/proc");
  if (!proc) return 0;
  while (dirent* e = readdir(proc)) {
    int pid = std::atoi(e->d_name);
    if (pid > 0 && readStat(pid, parent, ticks) && parent == postmaster_) total += ticks;
  }
  closedir(proc);
  return total / double(sysconf(_SC_CLK_TCK));
}

WriterLockSampler::WriterLockSampler(const std::string& url) {
  auto conn = std::make_shared<pqxx::connection>(url);
  thread_ = std::thread([this, conn] {
    while (!stop_) {
      pqxx::work w(*conn);
      // Only the store's sessions: this sampler's own is idle in its transaction.
      auto row = w.exec1(
          "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'),"
          " count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid())"
          " FROM pg_stat_activity WHERE datname = current_database()");
      w.commit();
      uint64_t waiting = row[0].as<uint64_t>();
      ++samples_;
      waiting_ += waiting;
      withWaiter_ += waiting > 0;
      active_ += row[1].as<uint64_t>();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

WriterLockSampler::~WriterLockSampler() {
  stop();
}

void WriterLockSampler::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

PgStatements readPgStatements(const std::string& url, bool reset) {
  PgStatements out;
  pqxx::connection c(url);
  {
    pqxx::work w(c);
    out.databaseBytes = w.exec1("SELECT pg_database_size(current_database())")[0].as<int64_t>();
    w.commit();
  }
  try {
    pqxx::work w(c);
    w.exec("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    // This database's statements only, without the bench's own sampler and counters.
    const std::string mine =
        " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname ="
        " current_database()) AND query NOT LIKE '%pg_stat_%'";
    auto total = w.exec1(
        "SELECT coalesce(sum(calls), 0)::float8, coalesce(sum(total_exec_time),"
        " 0)::float8" +
        mine);
    out.calls = total[0].as<double>();
    out.execMs = total[1].as<double>();
    for (const auto& row : w.exec("SELECT calls, round(total_exec_time), left(query, 90)" + mine +
                                  " ORDER BY total_exec_time DESC LIMIT 5"))
      out.costliest += row[0].as<std::string>() + " x " + row[1].as<std::string>() +
                       " ms: " + row[2].as<std::string>() + "\n";
    if (reset) w.exec("SELECT pg_stat_statements_reset()");
    w.commit();
    out.counted = true;
  } catch (const pqxx::sql_error&) {  // not loaded: no counts
  }
  return out;
}

// The server binary: this build's, or RS_BENCH_SERVER (another build's, to compare two
// servers under the same bench).
static std::string serverBinary() {
  const char* other = std::getenv("RS_BENCH_SERVER");
  return other && *other ? other : RS_SERVER_PATH;
}

ServerFleet::ServerFleet(int servers, const std::string& store, const std::string& user,
                         const std::string& password) {
  if (servers < 1 || servers > 64)
    throw std::invalid_argument("--servers takes a number from 1 to 64");
  if (store.empty() && servers != 1)
    throw std::invalid_argument(
        "an LMDB data folder is one process's: --servers > 1 needs --postgres");
  if (store.empty()) {
    dir_ = tempDir("load");
  } else if (store == "postgres") {
    cluster_ = std::make_unique<BenchPgCluster>();
    pgUrl_ = cluster_->url();
  } else {
    if (store.rfind("postgres://", 0) != 0 && store.rfind("postgresql://", 0) != 0)
      throw std::invalid_argument("--postgres takes a postgres:// URL: " + store);
    pgUrl_ = store;
  }
  std::string where = postgres() ? pgUrl_ : dir_;
  auto r = rs::test::runProcess({serverBinary(), "admin", postgres() ? "--store" : "--data", where,
                                 "add-user", user, "--role", "member", "--password-stdin"},
                                password + "\n");
  if (r.exitCode != 0) throw std::runtime_error("add-user failed: " + r.err);
  // The bench's clients all come from 127.0.0.1, as a department's many machines behind
  // one address: exempt from the per-address cap.
  for (int i = 0; i < servers; ++i)
    processes_.push_back(std::make_unique<rs::test::ServerProcess>(
        serverBinary(), where, std::vector<std::string>{"--unlimited-addresses", "127.0.0.1"}));
}

ServerFleet::~ServerFleet() {
  processes_.clear();  // each stops its server
  cluster_.reset();
  if (!dir_.empty()) removeDir(dir_);
}

double ServerFleet::serverCpuSeconds() const {
  double total = 0;
  for (const auto& p : processes_) total += processCpuSeconds(p->pid());
  return total;
}

long ServerFleet::peakRssMib() const {
  long peak = 0;
  for (const auto& p : processes_)
    peak = std::max(peak, rs::test::procStatus(p->pid(), "VmHWM:") / 1024);
  return peak;
}

long ServerFleet::peakRssSumMib() const {
  long sum = 0;
  for (const auto& p : processes_) sum += rs::test::procStatus(p->pid(), "VmHWM:") / 1024;
  return sum;
}

std::string ServerFleet::metrics(int i) const {
  httplib::Client c("127.0.0.1", processes_[size_t(i)]->port());
  c.set_read_timeout(std::chrono::seconds(30));
  auto r = c.Get("/metrics");
  if (!r || r->status != 200)
    throw std::runtime_error("GET /metrics of server " + std::to_string(i) + " failed");
  return r->body;
}

}  // namespace rs::bench
