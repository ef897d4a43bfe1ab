// Issue 14, case 1 over HTTPS: with --cert/--key the server has the same defences as over
// plain HTTP (TLS ends in the server's TlsFront, in front of the connection gate). The real
// server binary on a free loopback port with a certificate made for the test; the real
// reportsync-cli trusts it through SSL_CERT_FILE; attackers come from 127.0.0.2 and up.
#include <doctest/doctest.h>
#include <openssl/ssl.h>
#include <poll.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "../support/department.h"
#include "../support/raw_http.h"

using rs::test::Clock;
using rs::test::connectFrom;
using rs::test::contains;
using rs::test::Department;
using rs::test::kPassword;
using rs::test::procStatus;
using rs::test::secondsSince;

namespace {

// Whether the server has closed `fd` (or sent something) within `ms`.
bool serverSpokeWithin(int fd, int ms) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  return poll(&p, 1, ms) > 0;
}

// A self-signed certificate for 127.0.0.1, trusted by this process and its children.
struct Certificate {
  rs::test::TempDir dir;
  std::string cert = dir.sub("cert.pem"), key = dir.sub("key.pem");
  Certificate() {
    auto r = rs::test::runProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                   "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
                                   "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                   "-days", "2", "-keyout", key, "-out", cert});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    setenv("SSL_CERT_FILE", cert.c_str(), 1);
  }
  std::vector<std::string> args(std::vector<std::string> more = {}) const {
    more.insert(more.begin(), {"--cert", cert, "--key", key});
    return more;
  }
};

// A TLS client connection from `from` whose handshake has ended; throws when it fails.
struct TlsClient {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = nullptr;
  int fd = -1;
  TlsClient(int port, const std::string& from) {
    fd = connectFrom(port, from);
    ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) != 1) throw std::runtime_error("TLS handshake failed");
  }
  ~TlsClient() {
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
  }
  bool send(const std::string& text) {
    return SSL_write(ssl, text.data(), int(text.size())) == int(text.size());
  }
  // What the server sends until it closes (or 5 s without a byte).
  std::string reply() {
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string out;
    char buf[4096];
    for (int n; (n = SSL_read(ssl, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
    return out;
  }
};

}  // namespace

TEST_CASE("over HTTPS a department logs in, shares, joins and syncs") {
  Certificate c;
  Department d(c.args());
  REQUIRE(contains(d.server->url(), "https://"));
  std::string id = d.setUpReport();
  d.zhang.ok({"edit", id, "1.1", "--insert", "0", "张三补充的基本情况。"});
  d.zhang.ok({"sync"});
  d.office.ok({"sync"});
  CHECK(contains(d.office.ok({"show", id, "--json"}), "张三补充的基本情况。"));
}

TEST_CASE("over HTTPS a program that does not trust the certificate is told so, not to retry") {
  Certificate c;
  Department d(c.args());
  unsetenv("SSL_CERT_FILE");
  auto r = d.li.run({"login", d.server->url(), "li", "--password-stdin"}, kPassword + "\n");
  setenv("SSL_CERT_FILE", c.cert.c_str(), 1);
  INFO(r.err);
  CHECK(r.exitCode != 0);
  CHECK(contains(r.err, "certificate"));
  CHECK_FALSE(contains(r.err, "try again later"));
}

TEST_CASE("over HTTPS a handshake trickled a byte at a time is cut off at its deadline") {
  Certificate c;
  Department d(c.args({"--request-seconds", "2"}));
  int fd = connectFrom(d.server->port(), "127.0.0.2");
  // The start of a TLS record header (a ClientHello), then one byte every 300 ms.
  Clock::time_point start = Clock::now();
  bool cut = false;
  for (int i = 0; !cut && secondsSince(start) < 10; ++i) {
    char byte = i == 0 ? '\x16' : '\x03';
    cut = ::send(fd, &byte, 1, MSG_NOSIGNAL) != 1 || serverSpokeWithin(fd, 300);
  }
  double seconds = secondsSince(start);
  close(fd);
  INFO("cut after " << seconds << " s");
  CHECK(cut);
  CHECK(seconds < 6);
}

TEST_CASE("over HTTPS a request trickled after the handshake is cut off at its deadline") {
  Certificate c;
  Department d(c.args({"--request-seconds", "2"}));
  TlsClient tls(d.server->port(), "127.0.0.2");
  REQUIRE(tls.send("GET /api/v1/limits HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  Clock::time_point start = Clock::now();
  bool cut = false;
  while (!cut && secondsSince(start) < 10) {
    cut = serverSpokeWithin(tls.fd, 300) || !tls.send("X-Slow: 1\r\n");
  }
  double seconds = secondsSince(start);
  std::string said = tls.reply();
  INFO("cut after " << seconds << " s; the server said: " << said);
  CHECK(cut);
  CHECK(seconds < 6);
  CHECK(contains(said, "408"));
}

TEST_CASE("over HTTPS slow connections hold no thread, and a user logs in at once") {
  Certificate c;
  Department d(c.args());
  long threadsBefore = procStatus(d.server->pid(), "Threads:");
  std::vector<int> silent;                       // connected, no handshake
  std::vector<std::unique_ptr<TlsClient>> slow;  // handshake done, a partial request
  for (int a = 2; a < 5; ++a)
    for (int i = 0; i < 16; ++i)
      silent.push_back(connectFrom(d.server->port(), "127.0.0." + std::to_string(a)));
  for (int a = 5; a < 8; ++a)
    for (int i = 0; i < 16; ++i) {
      slow.push_back(std::make_unique<TlsClient>(d.server->port(), "127.0.0." + std::to_string(a)));
      slow.back()->send("POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  long threadsDuring = procStatus(d.server->pid(), "Threads:");
  Clock::time_point start = Clock::now();
  auto login =
      d.zhang.run({"login", d.server->url(), "zhang", "--password-stdin"}, kPassword + "\n");
  double loginSeconds = secondsSince(start);
  for (int fd : silent) close(fd);
  INFO("threads " << threadsBefore << " before, " << threadsDuring
                  << " with 96 slow connections; login took " << loginSeconds
                  << " s: " << login.err);
  CHECK(login.exitCode == 0);
  CHECK(loginSeconds < 3);
  CHECK(threadsDuring - threadsBefore < 16);
}

TEST_CASE("over HTTPS one address holds at most the connections the option allows") {
  Certificate c;
  Department d(c.args({"--max-connections-per-address", "3", "--request-seconds", "60"}));
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) held.push_back(connectFrom(d.server->port(), "127.0.0.3"));
  // The server accepts them in order; give it a moment to hold all three.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int extra = connectFrom(d.server->port(), "127.0.0.3");
  bool closed = serverSpokeWithin(extra, 5000);
  close(extra);
  // Another address is served as usual meanwhile, over TLS.
  TlsClient other(d.server->port(), "127.0.0.4");
  other.send("GET /bureau/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  std::string page = other.reply();
  bool heldOpen = true;
  for (int fd : held) heldOpen = heldOpen && !serverSpokeWithin(fd, 0);
  for (int fd : held) close(fd);
  CHECK(closed);
  CHECK(heldOpen);
  CHECK(contains(page, "HTTP/1.1 200"));
}
