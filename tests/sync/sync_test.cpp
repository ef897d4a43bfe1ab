// The office and two staff members, each with a real store, syncing through the real
// server binary on a free loopback port.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "../support/cli.h"
#include "../support/department.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"

using rs::test::Cli;
using rs::test::runProcess;
using rs::test::ServerProcess;
using rs::test::TempDir;

using rs::test::contains;
using rs::test::Department;
using rs::test::kPassword;
using rs::test::kSample;

TEST_CASE(
    "offline edits by three people meet on the server: nothing lost, marks and conflicts kept") {
  Department d;
  std::string id = d.setUpReport();
  // The 自评表 belongs to 六: given to both, both may write its cells.
  d.office.ok({"assign", id, "6", "zhang"});
  d.office.ok({"assign", id, "6", "li"});
  d.office.ok({"sync"});
  d.zhang.ok({"sync"});
  d.li.ok({"sync"});
  d.server->stop();

  // Offline: each edits their own section, both edit the one paragraph of 十, both write
  // one cell.
  d.zhang.ok({"edit", id, "1.1", "--insert", "0", "张三补充的基本情况。"});
  d.li.ok({"edit", id, "7", "--insert", "0", "李四补充的问题。"});
  d.zhang.ok({"edit", id, "10", "--insert", "1", "张三说明"});
  d.li.ok({"edit", id, "10", "--insert", "0", "李四说明"});
  d.zhang.ok({"set-cell", id, "dept-eval", "money-total", "weight", "10"});
  d.li.ok({"set-cell", id, "dept-eval", "money-total", "weight", "9"});
  CHECK(d.zhang.run({"sync"}).exitCode == 3);  // the server is down: retryable, work kept
  CHECK(contains(d.zhang.ok({"list"}), "unsynced 3"));

  d.server->start(d.server->port());
  for (Cli* c : {&d.zhang, &d.li, &d.office, &d.zhang, &d.li}) c->ok({"sync"});

  std::string doc = d.office.ok({"show", id, "--json"});
  CHECK(d.zhang.ok({"show", id, "--json"}) == doc);
  CHECK(d.li.ok({"show", id, "--json"}) == doc);
  for (const char* word : {"张三补充的基本情况。", "李四补充的问题。", "张三说明", "李四说明"})
    CHECK_MESSAGE(contains(doc, word), word);
  CHECK(contains(d.office.ok({"list"}), "unsynced 0"));

  std::string marks = d.office.ok({"marks", id});
  CHECK(contains(marks, "mark 10:1"));
  CHECK(contains(marks, "zhang: 无张三说明"));
  CHECK(contains(marks, "li: 李四说明无"));
  std::string cell = d.office.ok({"table", id, "dept-eval"});
  CHECK((contains(cell, "weight=10 | 9") || contains(cell, "weight=9 | 10")));

  // The office resolves both; everyone sees the same.
  d.office.ok({"resolve", id, "10:1", "--keep"});
  d.office.ok({"set-cell", id, "dept-eval", "money-total", "weight", "10"});
  d.office.ok({"sync"});
  d.zhang.ok({"sync"});
  d.li.ok({"sync"});
  CHECK(d.li.ok({"marks", id}) == "no review marks");
  CHECK(contains(d.li.ok({"table", id, "dept-eval"}), "weight=10"));
  CHECK(!contains(d.li.ok({"table", id, "dept-eval"}), "weight=10 | 9"));
  CHECK(d.li.ok({"show", id, "--json"}) == d.office.ok({"show", id, "--json"}));
}

TEST_CASE("the CLI refuses an edit of someone else's section up front and changes nothing") {
  Department d;
  std::string id = d.setUpReport();
  auto r = d.li.run({"edit", id, "1.1", "--insert", "0", "越权修改"});
  CHECK(r.exitCode == 2);
  CHECK(contains(r.err, "not assigned to li"));
  CHECK(contains(d.li.ok({"list"}), "unsynced 0"));
  CHECK(d.li.run({"sync"}).exitCode == 0);
  d.office.ok({"sync"});
  CHECK(!contains(d.office.ok({"show", id}), "越权修改"));
}

TEST_CASE("wrong passwords, expired sessions and repeated failures are refused") {
  Department d({"--session-seconds", "2"});
  auto wrong = d.zhang.run({"login", d.server->url(), "zhang", "--password-stdin"}, "nope\n");
  CHECK(wrong.exitCode == 3);
  CHECK(contains(wrong.err, "wrong user name or password"));
  auto nobody = d.zhang.run({"login", d.server->url(), "nobody", "--password-stdin"}, "x\n");
  CHECK(nobody.exitCode == 3);

  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  // A colleague logging in meanwhile (which prunes old sessions) must not turn the office's
  // "session expired" into "unknown session" (under load, the setup's own logins did).
  d.zhang.ok({"login", d.server->url(), "zhang", "--password-stdin"}, kPassword + "\n");
  auto expired = d.office.run({"sync"});
  INFO(expired.err);
  CHECK(expired.exitCode == 3);
  CHECK(contains(expired.err, "expired"));

  for (int i = 0; i < 5; ++i)
    d.li.run({"login", d.server->url(), "li", "--password-stdin"}, "wrong\n");
  auto limited = d.li.run({"login", d.server->url(), "li", "--password-stdin"}, kPassword + "\n");
  CHECK(limited.exitCode == 3);
  CHECK(contains(limited.err, "too many failed logins"));
}
