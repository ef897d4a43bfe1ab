// Long-polls against the real server: many waiting pulls never delay a push or a login,
// a wait ends when its client goes away, and the number of waits is capped.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "core/server_connection.h"
#include "doc/change_codec.h"
#include "server_fixture.h"

using namespace rs::test;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A raw connection that sends one long-polling pull and never reads the answer.
int openWaitingPull(int port, const std::string& token, const std::string& id, uint64_t since) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  std::string request = "GET /api/v1/reports/" + id + "/changes?since=" + std::to_string(since) +
                        "&limit=1&wait=30 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "X-Reportsync-Protocol: " +
                        std::to_string(rs::doc::kProtocolVersion) + "\r\nAuthorization: Bearer " +
                        token + "\r\n\r\n";
  REQUIRE(write(fd, request.data(), request.size()) == ssize_t(request.size()));
  return fd;
}

}  // namespace

TEST_CASE("300 waiting pulls do not delay a sync or a login") {
  // The 300 programs all connect from 127.0.0.1: exempt it from the per-address cap.
  OfficeAndZhang p({"--unlimited-addresses", "127.0.0.1"});
  rs::core::ServerConnection office(p.server->url(), "");
  std::string token = office.login("office", kFixturePassword).token;
  uint64_t last = office.report(p.id).lastSeq;

  const int kWaiting = 300;
  std::atomic<int> answered{0}, withNews{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> waiting;
  for (int i = 0; i < kWaiting; ++i)
    waiting.emplace_back([&] {
      try {
        rs::core::ServerConnection c(p.server->url(), token);
        auto page = c.pull(p.id, last, 1, 30);
        ++answered;
        if (page.changeCount > 0) ++withNews;
      } catch (const std::exception& e) {
        std::lock_guard lock(mu);
        failures.push_back(e.what());
      }
    });
  std::this_thread::sleep_for(std::chrono::seconds(2));  // all of them connected and waiting
  CHECK(answered == 0);

  auto t0 = Clock::now();
  p.zhang.ok({"edit", p.id, "1", "--insert", "0", "张三"});
  p.zhang.ok({"sync"});
  double syncSeconds = secondsSince(t0);
  t0 = Clock::now();
  rs::core::ServerConnection another(p.server->url(), "");
  another.login("zhang", kFixturePassword);
  double loginSeconds = secondsSince(t0);
  for (auto& t : waiting) t.join();
  MESSAGE("sync " << syncSeconds << " s, login " << loginSeconds << " s with " << kWaiting
                  << " pulls waiting");
  CHECK(syncSeconds < 3);
  CHECK(loginSeconds < 2);
  CHECK_MESSAGE(answered == kWaiting, (failures.empty() ? "" : failures[0]));
  CHECK(withNews == kWaiting);  // zhang's change woke every waiting pull
}

TEST_CASE(
    "a waiting pull ends when its client goes away, and waits beyond the cap answer at once") {
  OfficeAndZhang p({"--max-waiting-pulls", "4"});
  rs::core::ServerConnection office(p.server->url(), "");
  std::string token = office.login("office", kFixturePassword).token;
  uint64_t last = office.report(p.id).lastSeq;

  std::vector<int> sockets;
  for (int i = 0; i < 4; ++i)
    sockets.push_back(openWaitingPull(p.server->port(), token, p.id, last));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  // The cap is taken: one more pull answers at once, with nothing new.
  auto t0 = Clock::now();
  CHECK(office.pull(p.id, last, 1, 5).changeCount == 0);
  CHECK(secondsSince(t0) < 1.5);

  // The four clients go away: their waits end (checked every 250 ms), freeing the cap.
  for (int fd : sockets) close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  t0 = Clock::now();
  CHECK(office.pull(p.id, last, 1, 3).changeCount == 0);
  CHECK(secondsSince(t0) > 2.5);  // it waited: the gone clients no longer hold the slots
}
