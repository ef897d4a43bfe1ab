#include "test_store.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include "run_process.h"

namespace rs::test {

namespace {

std::string readLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line) || line.empty())
    throw std::runtime_error("cannot read " + path + ": is the pg_cluster fixture running?");
  return line;
}

// The folder of the test cluster's state files (pg_cluster.sh).
std::string clusterState() {
  const char* state = std::getenv("RS_TEST_PG_CLUSTER");
#ifdef RS_PG_CLUSTER_STATE
  if (!state) state = RS_PG_CLUSTER_STATE;
#endif
  if (!state) throw std::runtime_error("RS_TEST_STORE=postgres needs RS_TEST_PG_CLUSTER");
  return state;
}

std::mutex mu;
std::map<std::string, std::string> made;  // data folder -> its database's URL
int databases = 0;

// A new database, named after the process and a counter so that tests running at once
// never share one. Called under mu.
std::string createDatabase() {
  std::string server = readLine(clusterState() + "/url");
  std::string psql = pgTool("psql");
  std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(databases++);
  for (const char* sql : {"DROP DATABASE IF EXISTS ", "CREATE DATABASE "}) {
    auto r = runProcess(
        {psql, "-q", "-v", "ON_ERROR_STOP=1", server + "/postgres", "-c", std::string(sql) + name});
    if (r.exitCode != 0) throw std::runtime_error("cannot create database " + name + ": " + r.err);
  }
  return server + "/" + name;
}

// The database of a data folder, made the first time.
std::string databaseFor(const std::string& dataDir) {
  std::lock_guard lock(mu);
  auto it = made.find(dataDir);
  if (it != made.end()) return it->second;
  return made[dataDir] = createDatabase();
}

}  // namespace

std::string pgTool(const std::string& name) {
  return readLine(clusterState() + "/bin") + "/" + name;
}

bool testingPostgres() {
  const char* engine = std::getenv("RS_TEST_STORE");
  return engine && std::string(engine) == "postgres";
}

std::string freshPostgresDatabase() {
  std::lock_guard lock(mu);
  return createDatabase();
}

std::vector<std::string> storeArgs(const std::string& dataDir) {
  if (dataDir.rfind("postgres", 0) == 0) return {"--store", dataDir};
  if (testingPostgres()) return {"--store", databaseFor(dataDir)};
  return {"--data", dataDir};
}

std::vector<std::string> adminCommand(const std::string& server, const std::string& dataDir,
                                      const std::vector<std::string>& args) {
  std::vector<std::string> command = {server, "admin"};
  for (const std::string& a : storeArgs(dataDir)) command.push_back(a);
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

}  // namespace rs::test
