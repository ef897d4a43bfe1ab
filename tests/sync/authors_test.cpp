// Issue 14, case 7: an author's name is bound to its login. The history shows the
// server-verified user of each change's actor; the name a change carries (set-user) is only
// a label beside it, and a name no server has vouched for is marked 未验证. The real server
// binary and CLI, with real stores.
#include <doctest/doctest.h>

#include <regex>

#include "../support/department.h"

using rs::test::Cli;
using rs::test::contains;
using rs::test::Department;

namespace {

// The history line of change `name` ("0123abcd/7"), or "" when there is none.
std::string lineOf(const std::string& history, const std::string& name) {
  size_t at = history.find("  " + name + "  ");
  if (at == std::string::npos) return "";
  size_t start = history.rfind('\n', at);
  size_t end = history.find('\n', at);
  return history.substr(start == std::string::npos ? 0 : start + 1,
                        end == std::string::npos
                            ? std::string::npos
                            : end - (start == std::string::npos ? 0 : start + 1));
}

// The name ("0123abcd/7") of the newest change in a history (its last line).
std::string lastChange(const std::string& history) {
  std::string last = history.substr(history.rfind('\n') + 1);
  std::smatch m;
  REQUIRE(std::regex_search(last, m, std::regex("  ([0-9a-f]{8}/[0-9]+)  ")));
  return m[1];
}

// A profile in `folder` that has never logged in gets the report from the office on a USB
// stick, is named "office" (set-user is refused only while logged in as someone else) and
// inserts `text` in section 1.1. Returns the name of that change.
std::string editLabelledOffice(Department& d, const std::string& id, const Cli& profile,
                               const std::string& text) {
  std::string bundle = d.dir.sub("office.bundle");
  d.office.ok({"bundle", id, "--out", bundle});
  profile.ok({"unbundle", bundle});
  profile.ok({"set-user", "office"});
  profile.ok({"edit", id, "1.1", "--insert", "0", text});
  std::string change = lastChange(profile.ok({"history", id}));
  // Not synced: no server has said whose it is.
  CHECK(contains(lineOf(profile.ok({"history", id}), change), "  office（未验证）  "));
  return change;
}

}  // namespace

TEST_CASE(
    "a member's edits labelled as the office's show as the member's in everyone's "
    "history with the label beside and his later edits are not refused") {
  Department d;
  std::string id = d.setUpReport();
  // zhang's laptop, before he logs in there.
  Cli laptop{d.dir.sub("zhang-laptop")};
  std::string forged = editLabelledOffice(d, id, laptop, "冒名写的一段话");
  d.login(laptop, "zhang");
  auto s = laptop.run({"sync"});
  INFO(s.err);
  CHECK(s.exitCode == 0);
  // His next edit, now under his login's name, is taken too (the actor is his).
  laptop.ok({"edit", id, "1.1", "--insert", "0", "张三自己写的"});
  std::string own = lastChange(laptop.ok({"history", id}));
  s = laptop.run({"sync"});
  INFO(s.err);
  CHECK(s.exitCode == 0);

  for (const Cli* who : {&d.li, &d.office, &laptop}) {
    who->ok({"sync"});
    std::string history = who->ok({"history", id});
    INFO(history);
    CHECK(contains(lineOf(history, forged), "  zhang（署名：office）  "));
    CHECK(contains(lineOf(history, own), "  zhang  "));
    CHECK(!contains(history, "未验证"));  // every change has been through the server
  }
  CHECK(contains(d.li.ok({"show", id, "--section", "1.1"}), "张三自己写的冒名写的一段话"));
}

TEST_CASE(
    "a change labelled office that another profile forwards stays unverified even "
    "when the office itself forwards it until its own profile sends it") {
  Department d;
  std::string id = d.setUpReport();
  // li's home computer, not logged in, labels its change "office" and hands over a bundle.
  Cli stick{d.dir.sub("li-home")};
  std::string change = editLabelledOffice(d, id, stick, "谁写的");
  std::string back = d.dir.sub("back.bundle");
  stick.ok({"bundle", id, "--out", back});

  d.office.ok({"unbundle", back});
  d.office.ok({"sync"});  // the office's program sends it on: it is not the office's own
  for (const Cli* who : {&d.office, &d.li}) {
    who->ok({"sync"});
    std::string history = who->ok({"history", id});
    INFO(history);
    CHECK(contains(lineOf(history, change), "  office（未验证）  "));
    // The office's own changes are verified as the office's.
    CHECK(contains(history, "  office  "));
  }

  // li logs in on that computer at last and syncs: the server already holds the change,
  // which is now known as hers, and the others learn it though no new change comes.
  d.login(stick, "li");
  stick.ok({"sync"});
  for (const Cli* who : {&d.office, &d.li}) {
    who->ok({"sync"});
    std::string history = who->ok({"history", id});
    INFO(history);
    CHECK(contains(lineOf(history, change), "  li（署名：office）  "));
  }
}
