// A real sync server for a benchmark: the service over a fresh store in a temporary
// folder, behind cpp-httplib on a free loopback port, stopped at scope exit. In process:
// sync-push and sync-pull time one client's history through the service and store and add
// users directly; the load benches run the server binary (server_fleet.h).
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "bureau_pages.h"
#include "guarded_server.h"
#include "server_store.h"
#include "sync_service.h"

namespace rs::bench {

class BenchServer {
 public:
  BenchServer();
  ~BenchServer();
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  server::SyncService& service() { return *service_; }

 private:
  std::string dir_;
  std::unique_ptr<server::ServerStore> store_;
  std::unique_ptr<server::SyncService> service_;
  std::unique_ptr<server::BureauPages> bureau_;
  // The production edge; 127.0.0.1 (every bench client) is exempt from the per-address cap.
  server::GuardedServer http_{server::GateOptions{.unlimitedAddresses = {"127.0.0.1"}}};
  std::thread thread_;
  int port_ = 0;
};

// A temporary folder removed at exit of the benchmark.
std::string tempDir(const char* tag);
void removeDir(const std::string& dir);

}  // namespace rs::bench
