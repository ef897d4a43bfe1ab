#include "bench_server.h"

#include <sodium.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "httplib_adapter.h"

namespace rs::bench {

std::string tempDir(const char* tag) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string("rs-bench-") + tag + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

void removeDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

BenchServer::BenchServer() : dir_(tempDir("server")) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  store_ = std::make_unique<server::ServerStore>(dir_);
  service_ = std::make_unique<server::SyncService>(*store_, server::ServiceOptions{});
  bureau_ = std::make_unique<server::BureauPages>(*store_, server::BureauOptions{});
  server::mountService(http_, *service_, *bureau_);
  http_.set_logger([](const httplib::Request&, const httplib::Response&) {});  // quiet
  port_ = http_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot listen on loopback");
  server::widenListenBacklog(port_);
  thread_ = std::thread([this] { http_.listen_after_bind(); });
  // httplib 0.11 has no wait_until_ready(): poll is_running().
  while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

BenchServer::~BenchServer() {
  service_->stopWaiting();
  http_.stop();
  thread_.join();
  bureau_.reset();
  service_.reset();
  store_.reset();
  removeDir(dir_);
}

}  // namespace rs::bench
