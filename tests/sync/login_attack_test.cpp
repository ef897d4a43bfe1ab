// Issue 14, cases 2-4 and 9: logins under attack, against the real server binary on a free
// loopback port. Attackers come from other loopback addresses (127.0.0.2 and up) through
// raw sockets bound to them; the real users log in with reportsync-cli from 127.0.0.1.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "../support/department.h"
#include "../support/raw_http.h"

using rs::test::Cli;
using rs::test::contains;
using rs::test::Department;
using rs::test::kPassword;
using rs::test::Reply;
using rs::test::request;
using rs::test::webLogin;

namespace {

// Resident memory of a process at its peak so far, in MiB.
long peakRssMib(int pid) {
  return rs::test::procStatus(pid, "VmHWM:") / 1024;
}

}  // namespace

TEST_CASE("a stranger's failed logins never lock a user out of their own address") {
  Department d;
  int port = d.server->port();
  int refused = 0;
  for (int i = 0; i < 30; ++i) {
    Reply r = webLogin(port, "127.0.0.2", "zhang", "wrong-" + std::to_string(i));
    CHECK((r.status == 401 || r.status == 429));
    refused += r.status == 429;
  }
  CHECK(refused >= 25);  // the attacker's address is limited
  // zhang, at his own machine, logs in at once: on the web form (403: the pages are the
  // bureau's, but the password was taken) and through the API.
  CHECK(webLogin(port, "127.0.0.1", "zhang", kPassword).status == 403);
  auto r = d.zhang.run({"login", d.server->url(), "zhang", "--password-stdin"}, kPassword + "\n");
  INFO(r.err);
  CHECK(r.exitCode == 0);
}

TEST_CASE("simultaneous wrong logins are all counted, and API and web form share the count") {
  Department d;
  int port = d.server->port();
  std::atomic<int> checked = 0, limited = 0;
  std::vector<std::thread> tries;
  for (int i = 0; i < 24; ++i)
    tries.emplace_back([&, i] {
      Reply r = webLogin(port, "127.0.0.2", "li", "wrong-" + std::to_string(i));
      // 503: refused at once, over the connections one address may hold.
      (r.status == 429 || r.status == 503 ? limited : checked)++;
    });
  for (auto& t : tries) t.join();
  CHECK(checked <= 5);
  CHECK(limited >= 19);

  // From 127.0.0.1: three wrong through the API, then the web form is limited after two.
  for (int i = 0; i < 3; ++i)
    CHECK(d.office.run({"login", d.server->url(), "office", "--password-stdin"}, "wrong\n")
              .exitCode == 3);
  CHECK(webLogin(port, "127.0.0.1", "office", "wrong").status == 401);
  CHECK(webLogin(port, "127.0.0.1", "office", "wrong").status == 401);
  Reply r = webLogin(port, "127.0.0.1", "office", "wrong");
  CHECK(r.status == 429);
  CHECK(contains(r.text, "登录失败次数过多"));
  CHECK(contains(r.text, "Retry-After: "));
}

TEST_CASE("guessing many names from one address is limited too") {
  Department d;
  int limited = 0;
  for (int i = 0; i < 40; ++i)
    limited +=
        webLogin(d.server->port(), "127.0.0.3", "guess" + std::to_string(i), "x").status == 429;
  CHECK(limited >= 10);
}

TEST_CASE("an unknown user name takes as long to refuse as a known one") {
  Department d;
  auto time = [&](const std::string& user, int k) {
    auto start = std::chrono::steady_clock::now();
    int status =
        webLogin(d.server->port(), "127.0.0." + std::to_string(10 + k), user, "wrong").status;
    CHECK(status == 401);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  };
  std::vector<double> known, unknown;
  for (int k = 0; k < 3; ++k) {
    known.push_back(time("zhang", k));
    unknown.push_back(time("nobody-here", k + 3));
  }
  std::sort(known.begin(), known.end());
  std::sort(unknown.begin(), unknown.end());
  INFO("known " << known[1] << " ms, unknown " << unknown[1] << " ms");
  CHECK(unknown[1] * 3 > known[1]);
}

TEST_CASE("many logins at once keep the server's memory bounded and are all answered") {
  Department d;
  long before = peakRssMib(d.server->pid());
  REQUIRE(before > 0);
  std::atomic<int> ok = 0, busy = 0;
  std::vector<std::thread> logins;
  for (int i = 0; i < 24; ++i)
    logins.emplace_back([&, i] {
      const char* users[] = {"office", "zhang", "li"};
      Reply r =
          webLogin(d.server->port(), "127.0.1." + std::to_string(i + 1), users[i % 3], kPassword);
      // They are not bureau users: a right password gets 403 from the pages.
      if (r.status == 403) ++ok;
      if (r.status == 503) ++busy;
    });
  for (auto& t : logins) t.join();
  long after = peakRssMib(d.server->pid());
  INFO("peak RSS " << before << " MiB before, " << after << " MiB after");
  CHECK(ok + busy == 24);
  CHECK(after - before < 300);  // two Argon2id checks (64 MiB each) at a time, not 24
}

TEST_CASE("the bureau's pages forbid framing and sniffing") {
  Department d;
  Reply r = request(d.server->port(), "127.0.0.1", "GET /bureau/login HTTP/1.1\r\nHost: x\r\n", "");
  CHECK(r.status == 200);
  CHECK(contains(r.text, "X-Frame-Options: DENY"));
  CHECK(contains(r.text, "X-Content-Type-Options: nosniff"));
  CHECK(contains(r.text, "Referrer-Policy: no-referrer"));
}
