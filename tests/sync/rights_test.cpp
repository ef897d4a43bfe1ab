// Issue 9, cases 1 and 2, through the real server binary and real stores: a change its
// author may not make is held everywhere but takes no effect (shown as 未生效 with its text)
// and strands nothing after it; a colleague's changes merged from a bundle are sent on.
#include <doctest/doctest.h>

#include "../support/cli.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "core/replica.h"
#include "util/utf8.h"

using rs::test::Cli;
using rs::test::runProcess;
using rs::test::ServerProcess;
using rs::test::TempDir;

namespace {

const std::string kSample = std::string(RS_TEST_DATA_DIR) + "/hongjiang-gxj-2024-selfeval.txt";
const std::string kPassword = "correct-horse-1";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A server with users office, zhang and li; office imports the sample, shares it, gives
// 一 to zhang and 七 to li; both join.
struct Department {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")}, zhang{dir.sub("zhang")}, li{dir.sub("li")};
  std::unique_ptr<ServerProcess> server;
  std::string id;

  Department() {
    for (const char* u : {"office", "zhang", "li"}) {
      auto r = runProcess(
          rs::test::adminCommand(RS_SERVER_PATH, data,
                                 {"add-user", u, "--role", "member", "--password-stdin"}),
          kPassword + "\n");
      REQUIRE(r.exitCode == 0);
    }
    server = std::make_unique<ServerProcess>(RS_SERVER_PATH, data);
    for (Cli* c : {&office, &zhang, &li}) {
      std::string user = c == &office ? "office" : c == &zhang ? "zhang" : "li";
      c->ok({"login", server->url(), user, "--password-stdin"}, kPassword + "\n");
    }
    id = office.ok({"import", kSample});
    office.ok({"share", id});
    office.ok({"assign", id, "1", "zhang"});
    office.ok({"assign", id, "7", "li"});
    zhang.ok({"join", id});
    li.ok({"join", id});
  }
};

// An edit made through client/core without the front ends' up-front check: what an older
// program, or one that had not yet heard of an assignment, would send.
void uncheckedInsert(const std::string& store, const std::string& id, const std::string& number,
                     const std::string& text) {
  rs::core::Replica replica(store);
  rs::core::OpenReport r = replica.open(id);
  std::vector<int> n;
  for (char c : number)
    if (c != '.') n.push_back(c - '0');
  auto section = r.doc->sectionByNumber(n);
  REQUIRE(section.has_value());
  replica.edit(r, [&](rs::doc::LocalEdit& e) { e.insertText(*section, 0, rs::utf8ToU32(text)); });
}

}  // namespace

TEST_CASE("a change in an unassigned section takes no effect, is shown, and strands nothing") {
  Department d;
  // The CLI stops it up front.
  auto refused = d.li.run({"edit", d.id, "6", "--insert", "0", "李四越权"});
  CHECK(refused.exitCode == 2);
  CHECK(contains(refused.err, "not assigned to li"));
  CHECK(contains(refused.err, "第六节未分配给你"));

  // An unchecked program makes it anyway; the sync is not refused.
  uncheckedInsert(d.li.store, d.id, "6", "李四写在第六节的话");
  auto first = d.li.run({"sync"});
  INFO(first.err);
  CHECK(first.exitCode == 0);
  // li's next change, in her own section, reaches the server and the others.
  d.li.ok({"edit", d.id, "7", "--insert", "0", "李四第七节"});
  auto second = d.li.run({"sync"});
  INFO(second.err);
  CHECK(second.exitCode == 0);
  CHECK(contains(d.li.ok({"list"}), "unsynced 0"));
  d.office.ok({"sync"});
  d.zhang.ok({"sync"});

  std::string doc = d.office.ok({"show", d.id, "--json"});
  CHECK(contains(doc, "李四第七节"));
  CHECK(!contains(doc, "李四写在第六节的话"));
  CHECK(d.zhang.ok({"show", d.id, "--json"}) == doc);
  CHECK(d.li.ok({"show", d.id, "--json"}) == doc);
  // Shown as 未生效 with its text on every replica.
  std::string mine = d.li.ok({"refused", d.id});
  CHECK(contains(mine, "未生效：第六节未分配给你"));
  CHECK(contains(mine, "李四写在第六节的话"));
  for (Cli* c : {&d.office, &d.zhang}) {
    std::string theirs = c->ok({"refused", d.id});
    CHECK(contains(theirs, "未生效：第六节未分配给li"));
    CHECK(contains(theirs, "李四写在第六节的话"));
  }

  // The office adopts it: the text now stands in the report, everywhere.
  std::string label = mine.substr(0, mine.find('\t'));
  CHECK(d.zhang.run({"adopt", d.id, label}).exitCode == 2);  // not the office
  d.office.ok({"adopt", d.id, label});
  d.office.ok({"sync"});
  d.li.ok({"sync"});
  CHECK(contains(d.li.ok({"show", d.id, "--section", "6"}), "李四写在第六节的话"));
  CHECK(d.li.ok({"show", d.id, "--json"}) == d.office.ok({"show", d.id, "--json"}));

  // Undo passes over the change that took no effect: li's edit of 七 is undone.
  d.li.ok({"undo", d.id});
  CHECK(!contains(d.li.ok({"show", d.id, "--section", "7"}), "李四第七节"));
  CHECK(contains(d.li.ok({"show", d.id, "--section", "6"}), "李四写在第六节的话"));
}

TEST_CASE("a colleague's work merged from a bundle is sent on, and later edits are accepted") {
  Department d;
  // li works air-gapped and hands zhang a bundle.
  d.li.ok({"edit", d.id, "7", "--insert", "0", "李四离线写的"});
  std::string bundle = d.dir.sub("li.bundle");
  d.li.ok({"bundle", d.id, "--out", bundle});
  d.zhang.ok({"unbundle", bundle});
  auto sync = d.zhang.run({"sync"});
  INFO(sync.err);
  CHECK(sync.exitCode == 0);
  d.zhang.ok({"edit", d.id, "1", "--insert", "0", "张三之后写的"});
  auto later = d.zhang.run({"sync"});
  INFO(later.err);
  CHECK(later.exitCode == 0);
  CHECK(contains(d.zhang.ok({"list"}), "unsynced 0"));

  d.office.ok({"sync"});
  std::string doc = d.office.ok({"show", d.id, "--json"});
  CHECK(contains(doc, "李四离线写的"));
  CHECK(contains(doc, "张三之后写的"));
  CHECK(d.office.ok({"refused", d.id}) == "no changes that did not take effect");
  // li comes back online: her change is already there; nothing is refused.
  auto back = d.li.run({"sync"});
  INFO(back.err);
  CHECK(back.exitCode == 0);
  CHECK(d.li.ok({"show", d.id, "--json"}) == doc);

  // Made office (in the document's rights too), zhang may write every section.
  CHECK(d.zhang.run({"edit", d.id, "6", "--insert", "0", "张三"}).exitCode == 2);
  d.office.ok({"invite", d.id, "zhang", "--role", "office"});
  d.zhang.ok({"sync"});
  d.zhang.ok({"edit", d.id, "6", "--insert", "0", "张三作为办公室写的"});
  d.zhang.ok({"sync"});
  d.li.ok({"sync"});
  CHECK(contains(d.li.ok({"show", d.id, "--section", "6"}), "张三作为办公室写的"));
  CHECK(d.li.ok({"refused", d.id}) == "no changes that did not take effect");
}
