// A push commit whose flush fails (LMDB, deferred commits: sync-server/sync_push_pull.cpp):
// the pushers hear of it, the pulls that saw the commit neither answer with it nor hang, and
// once the disk flushes again everything is served. Session 9 left pulls blocked for good
// when no later push came to flush for them.
#include <doctest/doctest.h>

#include <capnp/message.h>
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "../support/temp_dir.h"
#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/local_edit.h"
#include "proto/sync.capnp.h"
#include "service_call.h"
#include "store/kv.h"
#include "store/lmdb.h"
#include "sync_service.h"

using namespace rs;
using server::HttpResponse;

namespace {

// The server's LMDB engine whose flush fails (EIO) while `failing` is set.
class FailingFlush : public store::kv::LmdbEngine {
 public:
  explicit FailingFlush(const std::string& dir)
      : LmdbEngine(dir, size_t(1) << 32, 32, 0, /*deferredCommits=*/true) {}
  void makeDurable() override {
    if (failing) {
      ++failures;
      throw store::LmdbError("mdb_env_sync", EIO);
    }
    LmdbEngine::makeDurable();
  }
  std::atomic<bool> failing{false};
  std::atomic<int> failures{0};
};

template <typename T, typename Fill>
std::string body(Fill fill) {
  capnp::MallocMessageBuilder m;
  fill(m.initRoot<T>());
  return messageToString(m);
}

}  // namespace

TEST_CASE("a failed flush: the push is told, pulls get a retryable 503, then all is served") {
  REQUIRE(sodium_init() >= 0);
  test::TempDir dir;
  auto owned = std::make_unique<FailingFlush>(dir.path());
  FailingFlush& engine = *owned;
  server::ServerStore store(std::move(owned));
  server::ServiceOptions options;
  options.durableWaitMs = 300;
  options.flushRetryMs = 50;
  server::SyncService service(store, options);
  auto call = [&](const std::string& method, const std::string& path, const std::string& token,
                  const std::string& payload, std::map<std::string, std::string> query = {}) {
    return test::callService(service, method, path, token, payload, std::move(query));
  };
  service.addUser("zhang", server::Role::kMember, "password-1");
  HttpResponse loggedIn = call("POST", "/api/v1/login", "", body<proto::LoginRequest>([](auto b) {
                                 b.setUser("zhang");
                                 b.setPassword("password-1");
                               }));
  REQUIRE(loggedIn.status == 200);
  const std::string token =
      MessageBytes(loggedIn.body, "login").root<proto::LoginResponse>().getToken();
  crdt::ActorId report{}, actor{};
  report[0] = 7, actor[0] = 9;
  const std::string reportHex = crdt::toHex(report);
  REQUIRE(call("POST", "/api/v1/reports", token,
               body<proto::ShareRequest>([&](auto b) { b.setId(kj::arrayPtr(report.data(), 16)); }))
              .status == 200);
  doc::Document d;
  doc::LocalEdit e(d, actor, "zhang", 0);
  e.insertText(e.createSection(std::nullopt, 0, "标题"), 0, U"写盘失败之前");
  const std::string change = doc::encodeChange(e.finish(), d.actors());
  auto pull = [&] {
    return call("GET", "/api/v1/reports/" + reportHex + "/changes", token, "", {{"since", "0"}});
  };

  const std::vector<std::string> changes{change};
  const std::string history = doc::packedToHistory(changes);
  engine.failing = true;
  HttpResponse pushed =
      call("POST", "/api/v1/reports/" + reportHex + "/changes", token,
           body<proto::PushRequest>([&](auto b) {
             b.setHistory(
                 kj::arrayPtr(reinterpret_cast<const kj::byte*>(history.data()), history.size()));
           }));
  CHECK(pushed.status >= 500);  // told: the client keeps the change and pushes it again
  CHECK(engine.failures >= 1);

  // The commit is visible but not durable: a pull neither serves it nor waits for ever.
  auto waiting = std::async(std::launch::async, pull);
  REQUIRE(waiting.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  HttpResponse refused = waiting.get();
  CHECK(refused.status == 503);
  CHECK(MessageBytes(refused.body, "error").root<proto::ErrorResponse>().getRetryable());
  int failuresSoFar = engine.failures;

  // The committer keeps trying while no push comes; once the disk flushes, pulls serve the
  // change without another push to flush for them.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(engine.failures > failuresSoFar);
  engine.failing = false;
  HttpResponse served = pull();
  for (int i = 0; i < 50 && served.status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    served = pull();
  }
  REQUIRE(served.status == 200);
  MessageBytes m(served.body, "pull");
  CHECK(m.root<proto::PullResponse>().getLastSeq() >= 1);
}
