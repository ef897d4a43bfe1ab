// Issue 14, case 5: passwords changed, users removed, sessions listed and revoked, and a
// password change ending the user's other sessions. The real server binary and CLI.
#include <doctest/doctest.h>

#include "../support/department.h"

using rs::test::Cli;
using rs::test::contains;
using rs::test::Department;
using rs::test::kPassword;
using rs::test::runProcess;

namespace {

rs::test::ProcessResult admin(const Department& d, std::vector<std::string> args,
                              const std::string& input = "") {
  return runProcess(rs::test::adminCommand(RS_SERVER_PATH, d.data, args), input);
}

}  // namespace

TEST_CASE("a user's own password change ends their other sessions, not this one") {
  Department d;
  Cli laptop{d.dir.sub("zhang-laptop")};
  d.login(laptop, "zhang");
  CHECK(d.zhang.run({"passwd", "--password-stdin"}, "wrong-password\nnew-password-1\n").exitCode == 3);
  d.zhang.ok({"passwd", "--password-stdin"}, kPassword + "\nnew-password-1\n");
  d.zhang.ok({"list"});
  d.zhang.ok({"sync"});  // this session stays
  auto r = laptop.run({"sync"});
  CHECK(r.exitCode == 3);  // the laptop logs in again
  CHECK(contains(r.err, "log in again"));
  CHECK(laptop.run({"login", d.server->url(), "zhang", "--password-stdin"}, kPassword + "\n")
            .exitCode == 3);
  laptop.ok({"login", d.server->url(), "zhang", "--password-stdin"}, "new-password-1\n");
  laptop.ok({"sync"});
}

TEST_CASE("the administrator changes passwords, lists and revokes sessions, removes users") {
  Department d;
  std::string listed = admin(d, {"sessions"}).out;
  CHECK(contains(listed, "office\texpires "));
  CHECK(contains(listed, "zhang\texpires "));
  CHECK(admin(d, {"sessions", "li"}).out.find("zhang") == std::string::npos);

  auto r = admin(d, {"passwd", "zhang", "--password-stdin"}, "admin-set-pass-1\n");
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(d.zhang.run({"sync"}).exitCode == 3);
  d.zhang.ok({"login", d.server->url(), "zhang", "--password-stdin"}, "admin-set-pass-1\n");
  d.zhang.ok({"sync"});

  r = admin(d, {"revoke", "li"});
  CHECK(r.exitCode == 0);
  CHECK(contains(r.out, "1 sessions of li ended"));
  CHECK(d.li.run({"sync"}).exitCode == 3);

  CHECK(admin(d, {"remove-user", "li"}).exitCode == 0);
  CHECK(d.li.run({"login", d.server->url(), "li", "--password-stdin"}, kPassword + "\n").exitCode == 3);
  CHECK(admin(d, {"remove-user", "li"}).exitCode == 2);  // no such user any more
  CHECK(admin(d, {"passwd", "nobody", "--password-stdin"}, "whatever-123\n").exitCode == 2);
  CHECK(admin(d, {"frobnicate"}).exitCode == 2);
  d.office.ok({"sync"});  // others carry on
}

TEST_CASE("a change's name is its login's: set-user is refused while logged in, and another "
          "user on the same profile writes under a fresh actor, stranding nothing") {
  Department d;
  std::string id = d.setUpReport();
  // zhang would label his edits as the office's: refused, nothing changes.
  auto r = d.zhang.run({"set-user", "office"});
  CHECK(r.exitCode == 2);
  CHECK(contains(r.err, "logged in as zhang"));
  d.zhang.ok({"edit", id, "1.1", "--insert", "0", "张三写的"});
  d.zhang.ok({"sync"});
  // li logs in on zhang's machine and writes in her section: accepted, and zhang's later
  // work (after logging back in) too.
  d.login(d.zhang, "li");
  d.zhang.ok({"edit", id, "7", "--insert", "0", "李四写的"});
  d.zhang.ok({"sync"});
  d.login(d.zhang, "zhang");
  d.zhang.ok({"edit", id, "1.1", "--insert", "0", "张三又写"});
  auto s = d.zhang.run({"sync"});
  INFO(s.err);
  CHECK(s.exitCode == 0);
  d.office.ok({"sync"});
  std::string history = d.office.ok({"history", id});
  CHECK(contains(history, "  li  "));
  CHECK(d.office.ok({"show", id, "--section", "7"}).find("李四写的") != std::string::npos);
  CHECK(d.office.ok({"show", id, "--section", "1.1"}).find("张三又写") != std::string::npos);
}
