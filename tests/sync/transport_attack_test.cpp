// Issue 14, cases 1 and 2: the server holds against unauthenticated denial of service, by
// slow connections and by large bodies. The real server binary on a free loopback port;
// attackers come from other loopback addresses (127.0.0.2 and up) through raw sockets.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "../support/department.h"
#include "../support/raw_http.h"
#include "core/server_connection.h"
#include "doc/change_codec.h"

using rs::test::Clock;
using rs::test::connectFrom;
using rs::test::contains;
using rs::test::Department;
using rs::test::kPassword;
using rs::test::procStatus;
using rs::test::readReply;
using rs::test::Reply;
using rs::test::secondsSince;

namespace {

bool sendAll(int fd, const std::string& bytes) {
  return send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size());
}

// The TCP connections from address `from` (dotted IPv4) to `port` that process `pid` has
// accepted: its socket descriptors matched by inode against /proc/net/tcp. Counting all its
// descriptors was not enough: on PostgreSQL the server opens database connections meanwhile.
size_t acceptedFrom(int pid, int port, const std::string& from) {
  std::set<std::string> inodes;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::string link = std::filesystem::read_symlink(it->path(), ec).string();
    if (!ec && link.rfind("socket:[", 0) == 0) inodes.insert(link.substr(8, link.size() - 9));
  }
  in_addr a{};
  inet_pton(AF_INET, from.c_str(), &a);
  char remote[16], local[8];
  std::snprintf(remote, sizeof remote, "%08X", a.s_addr);  // /proc/net/tcp's byte order
  std::snprintf(local, sizeof local, ":%04X", port);
  std::ifstream tcp("/proc/net/tcp");
  std::string line;
  size_t n = 0;
  std::getline(tcp, line);  // the header
  while (std::getline(tcp, line)) {
    std::istringstream f(line);
    std::string slot, loc, rem, st, queues, timer, retr, uid, timeout, inode;
    f >> slot >> loc >> rem >> st >> queues >> timer >> retr >> uid >> timeout >> inode;
    if (loc.size() > 5 && loc.substr(loc.size() - 5) == local && rem.rfind(remote, 0) == 0 &&
        inodes.count(inode))
      ++n;
  }
  return n;
}

// Whether the server has answered or closed `fd` (without waiting).
bool serverSpoke(int fd) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  return poll(&p, 1, 0) > 0;
}

const std::string kProtocol =
    "X-Reportsync-Protocol: " + std::to_string(rs::doc::kProtocolVersion) + "\r\n";

// Headers of a push to report `id` with a body of `length` bytes (not sent).
std::string pushHead(const std::string& id, const std::string& token, size_t length) {
  return "POST /api/v1/reports/" + id + "/changes HTTP/1.1\r\nHost: 127.0.0.1\r\n" + kProtocol +
         "Authorization: Bearer " + token + "\r\nContent-Length: " + std::to_string(length) +
         "\r\nConnection: close\r\n\r\n";
}

}  // namespace

TEST_CASE("a request trickled a header line at a time is cut off at its deadline") {
  Department d;
  int fd = connectFrom(d.server->port(), "127.0.0.2");
  REQUIRE(sendAll(fd, "GET /api/v1/limits HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  Clock::time_point start = Clock::now();
  bool cut = false;
  while (!cut && secondsSince(start) < 12) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    cut = serverSpoke(fd) || !sendAll(fd, "X-Slow: 1\r\n");
  }
  double seconds = secondsSince(start);
  Reply r = readReply(fd, 1000);
  close(fd);
  INFO("cut after " << seconds << " s; the server said: " << r.text);
  CHECK(cut);
  CHECK(seconds < 7);  // the request deadline is 5 s by default
}

TEST_CASE("slow connections from many addresses hold no thread, and a user logs in at once") {
  Department d;
  long threadsBefore = procStatus(d.server->pid(), "Threads:");
  std::vector<int> slow;
  for (int a = 2; a < 8; ++a)
    for (int i = 0; i < 16; ++i) {
      int fd = connectFrom(d.server->port(), "127.0.0." + std::to_string(a));
      sendAll(fd, "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      slow.push_back(fd);
    }
  for (int k = 0; k < 4; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (int fd : slow) sendAll(fd, "X-Slow: 1\r\n");
  }
  long threadsDuring = procStatus(d.server->pid(), "Threads:");
  Clock::time_point start = Clock::now();
  auto login =
      d.zhang.run({"login", d.server->url(), "zhang", "--password-stdin"}, kPassword + "\n");
  double loginSeconds = secondsSince(start);
  for (int fd : slow) close(fd);
  INFO("threads " << threadsBefore << " before, " << threadsDuring << " with 96 slow connections; "
                  << "login took " << loginSeconds << " s: " << login.err);
  CHECK(login.exitCode == 0);
  CHECK(loginSeconds < 3);
  CHECK(threadsDuring - threadsBefore < 16);
}

TEST_CASE("one address holds at most 16 connections, and the next is told why") {
  // A long request deadline: on a loaded machine (CI runs tests two at a time) the 16
  // partial requests must still be held when the 17th connection is judged.
  Department d({"--request-seconds", "60"});
  std::vector<int> held;
  for (int i = 0; i < 16; ++i) {
    held.push_back(connectFrom(d.server->port(), "127.0.0.3"));
    sendAll(held.back(), "GET /bureau/login HTTP/1.1\r\n");
  }
  // A connect returns once the kernel has it, not once the server has accepted it; under
  // load the 17th could be accepted before one of these. Wait until all 16 are the server's.
  for (auto start = Clock::now();
       acceptedFrom(d.server->pid(), d.server->port(), "127.0.0.3") < 16 &&
       secondsSince(start) < 20;)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  int extra = connectFrom(d.server->port(), "127.0.0.3");
  Reply refused = readReply(extra, 20000);
  close(extra);
  // Another address is served as usual meanwhile.
  Reply other = rs::test::request(d.server->port(), "127.0.0.4",
                                  "GET /bureau/login HTTP/1.1\r\nHost: 127.0.0.1\r\n", "");
  for (int fd : held) close(fd);
  INFO(refused.text);
  CHECK(refused.status == 503);
  CHECK(contains(refused.text, "too many connections from 127.0.0.3"));
  CHECK(other.status == 200);
}

TEST_CASE("the per-address cap is set by an option, and named addresses are exempt") {
  Department d({"--max-connections-per-address", "2", "--unlimited-addresses", "127.0.0.6",
                "--request-seconds", "60"});
  auto third = [&](const std::string& from) {
    std::vector<int> held;
    for (int i = 0; i < 2; ++i) {
      held.push_back(connectFrom(d.server->port(), from));
      sendAll(held.back(), "GET /bureau/login HTTP/1.1\r\n");
    }
    // Under load the third connection could be accepted before these two: wait until the
    // server holds them (failed once in a full ctest -j2 while other builds ran).
    for (auto start = Clock::now();
         acceptedFrom(d.server->pid(), d.server->port(), from) < 2 && secondsSince(start) < 20;)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Reply r = rs::test::request(d.server->port(), from,
                                "GET /bureau/login HTTP/1.1\r\nHost: 127.0.0.1\r\n", "");
    for (int fd : held) close(fd);
    return r;
  };
  Reply capped = third("127.0.0.7");
  Reply exempt = third("127.0.0.6");
  CHECK(capped.status == 503);
  CHECK(contains(capped.text, "this server allows 2 per address"));
  CHECK(exempt.status == 200);
}

TEST_CASE("a large body without a valid session is refused before it is read") {
  Department d;
  std::string report(32, '0');
  Clock::time_point start = Clock::now();
  int fd = connectFrom(d.server->port(), "127.0.0.5");
  REQUIRE(sendAll(fd, pushHead(report, "forged", 32u << 20)));
  shutdown(fd, SHUT_WR);  // the body never comes
  Reply push = readReply(fd, 3000);
  close(fd);
  fd = connectFrom(d.server->port(), "127.0.0.5");
  REQUIRE(sendAll(fd, "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n" + kProtocol +
                          "Content-Length: 1048576\r\n\r\n"));
  shutdown(fd, SHUT_WR);
  Reply login = readReply(fd, 3000);
  close(fd);
  double seconds = secondsSince(start);
  INFO(push.text << "\n" << login.text);
  CHECK(push.status == 401);
  CHECK(login.status == 413);
  CHECK(seconds < 2);
}

TEST_CASE("large bodies at once keep the server under 512 MiB, and memory is given back") {
  Department d;
  std::string id = d.office.ok({"import", rs::test::kSample});
  d.office.ok({"share", id});
  std::string token =
      rs::core::ServerConnection(d.server->url(), "").login("office", kPassword).token;
  int pid = d.server->pid();
  long rssBefore = procStatus(pid, "VmRSS:") / 1024;
  std::string body((32u << 20) - 4096, 'x');  // not a message: refused once read
  std::atomic<int> answered = 0, malformed = 0;
  std::vector<std::thread> senders;
  for (int i = 0; i < 16; ++i)
    senders.emplace_back([&, i] {
      bool withSession = i % 2 == 0;
      int fd = connectFrom(d.server->port(), "127.0.2." + std::to_string(i + 1));
      std::string head = pushHead(id, withSession ? token : "forged", body.size());
      if (sendAll(fd, head)) sendAll(fd, body);  // a refused body may be cut short
      Reply r = readReply(fd, 30000);
      close(fd);
      answered += r.status != 0;
      malformed += r.status == 400;
    });
  for (auto& t : senders) t.join();
  long peak = procStatus(pid, "VmHWM:") / 1024;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  long rssAfter = procStatus(pid, "VmRSS:") / 1024;
  INFO("RSS " << rssBefore << " MiB before, peak " << peak << " MiB, " << rssAfter << " MiB after; "
              << answered << " answered, " << malformed << " read and refused");
  CHECK(peak < 512);
  CHECK(rssAfter < rssBefore + 64);
  CHECK(malformed >= 1);  // with a session, a large body is read
}
