// Issue 15, operations: GET /healthz and GET /metrics (Prometheus text) and the structured
// request log, on the real server binary on a free loopback port. /metrics is read from
// 127.0.0.1 and, as another machine, from 127.0.0.2.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "../support/department.h"
#include "../support/raw_http.h"

using rs::test::addUser;
using rs::test::Cli;
using rs::test::contains;
using rs::test::kPassword;
using rs::test::kSample;

namespace {

rs::test::Reply get(int port, const std::string& from, const std::string& path) {
  return rs::test::request(port, from, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n", "");
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Imports the sample, shares it, edits it and syncs (pushes), as the logged-in `office`;
// returns the report's id.
std::string shareAndPushEdit(Cli& office) {
  std::string id = office.ok({"import", kSample});
  office.ok({"share", id});
  office.ok({"edit", id, "1.1", "--insert", "0", "补充。"});
  office.ok({"sync"});
  return id;
}

}  // namespace

TEST_CASE("/healthz says ok without a session or protocol header") {
  rs::test::TempDir dir;
  rs::test::ServerProcess server(RS_SERVER_PATH, dir.sub("data"));
  auto r = get(server.port(), "127.0.0.1", "/healthz");
  CHECK(r.status == 200);
  CHECK(contains(r.text, "\r\n\r\nok\n"));
  // From any address: monitors run elsewhere.
  CHECK(get(server.port(), "127.0.0.2", "/healthz").status == 200);
}

TEST_CASE("/metrics counts requests by route and status, times them, and names no report") {
  rs::test::TempDir dir;
  std::string data = dir.sub("data"), log = dir.sub("server.log");
  addUser(data, "office");
  rs::test::ServerProcess server(RS_SERVER_PATH, data, {}, log);
  Cli office{dir.sub("office")};
  office.ok({"login", server.url(), "office", "--password-stdin"}, kPassword + "\n");
  CHECK(office.run({"login", server.url(), "office", "--password-stdin"}, "wrong-password\n")
            .exitCode != 0);
  std::string id = shareAndPushEdit(office);

  auto r = get(server.port(), "127.0.0.1", "/metrics");
  REQUIRE(r.status == 200);
  const std::string& m = r.text;
  INFO(m);
  CHECK(contains(m, "Content-Type: text/plain; version=0.0.4"));
  CHECK(contains(m,
                 "reportsync_requests_total{method=\"POST\",route=\"/api/v1/login\","
                 "status=\"200\"} 1\n"));
  CHECK(contains(m,
                 "reportsync_requests_total{method=\"POST\",route=\"/api/v1/login\","
                 "status=\"401\"} 1\n"));
  CHECK(contains(m, "reportsync_logins_failed_total 1\n"));
  std::smatch pushes;
  REQUIRE(std::regex_search(
      m, pushes,
      std::regex("reportsync_request_duration_seconds_count\\{method=\"POST\",route=\"/api/v1/"
                 "reports/:id/changes\"\\} ([0-9]+)")));
  CHECK(std::stoi(pushes[1]) >= 1);
  CHECK(contains(m, "route=\"/api/v1/reports/:id/changes\",le=\"+Inf\"}"));
  CHECK(contains(m, "reportsync_waiting_pulls 0\n"));
  CHECK(std::regex_search(m, std::regex("reportsync_store_bytes [1-9][0-9]*\n")));
  CHECK(contains(m, "reportsync_ready 1\n"));
  CHECK_FALSE(contains(m, id));

  // One logfmt line per request, with the route and the authenticated user; never a report
  // id, a token or a password.
  std::string lines = readFile(log);
  INFO(lines);
  CHECK(std::regex_search(lines, std::regex("remote=127\\.0\\.0\\.1 method=POST "
                                            "route=/api/v1/reports/:id/changes status=200 "
                                            "user=office ms=[0-9.]+ bytes=[0-9]+\n")));
  CHECK(contains(lines, "route=/api/v1/login status=401 user=- "));
  CHECK_FALSE(contains(lines, id));
  CHECK_FALSE(contains(lines, kPassword));
  CHECK_FALSE(contains(lines, "wrong-password"));
  CHECK_FALSE(contains(lines, "Bearer"));
}

TEST_CASE("/metrics answers only loopback and the addresses named") {
  rs::test::TempDir dir;
  rs::test::ServerProcess closed(RS_SERVER_PATH, dir.sub("a"));
  auto refused = get(closed.port(), "127.0.0.2", "/metrics");
  CHECK(refused.status == 403);
  CHECK(contains(refused.text, "--metrics-addresses"));
  CHECK_FALSE(contains(refused.text, "reportsync_requests_total"));
  rs::test::ServerProcess open(RS_SERVER_PATH, dir.sub("b"), {"--metrics-addresses", "127.0.0.2"});
  CHECK(get(open.port(), "127.0.0.2", "/metrics").status == 200);
  CHECK(get(open.port(), "127.0.0.3", "/metrics").status == 403);
}

TEST_CASE("with RS_PUSH_STAGES=1, /metrics times every push by stage") {
  rs::test::TempDir dir;
  std::string data = dir.sub("data");
  addUser(data, "office");
  // The server inherits the test's environment (issue 16: where a push's time goes).
  setenv("RS_PUSH_STAGES", "1", 1);
  rs::test::ServerProcess server(RS_SERVER_PATH, data);
  unsetenv("RS_PUSH_STAGES");
  Cli office{dir.sub("office")};
  office.ok({"login", server.url(), "office", "--password-stdin"}, kPassword + "\n");
  shareAndPushEdit(office);

  auto r = get(server.port(), "127.0.0.1", "/metrics");
  REQUIRE(r.status == 200);
  const std::string& m = r.text;
  INFO(m);
  std::smatch pushes, timed;
  REQUIRE(std::regex_search(
      m, pushes,
      std::regex("reportsync_request_duration_seconds_count\\{method=\"POST\",route=\"/api/v1/"
                 "reports/:id/changes\"\\} ([0-9]+)")));
  // Every push answered, each with every stage.
  for (const char* stage :
       {"gate", "read", "check", "queue", "write", "commit", "wake", "reply", "total"}) {
    REQUIRE(std::regex_search(m, timed,
                              std::regex(std::string("reportsync_push_stage_ms_count\\{stage=\"") +
                                         stage + "\"\\} ([0-9]+)")));
    CHECK(timed[1] == pushes[1]);
  }
  CHECK(std::regex_search(
      m,
      std::regex("reportsync_push_stage_ms\\{stage=\"total\",quantile=\"0.99\"\\} [0-9.e+-]+\n")));
  CHECK(contains(m, "reportsync_commit_batch_pushes_count "));
  // Without the variable nothing is timed or shown.
  rs::test::ServerProcess plain(RS_SERVER_PATH, dir.sub("plain"));
  CHECK_FALSE(contains(get(plain.port(), "127.0.0.1", "/metrics").text, "push_stage"));
}
