// reportsync-cli as a user runs it: the real binary on real stores in temporary folders.
#include <doctest/doctest.h>

#include <fstream>

#include "../support/cli.h"
#include "../support/temp_dir.h"

using rs::test::runProcess;
using rs::test::TempDir;

using rs::test::Cli;

TEST_CASE("two stores exchange bundles after editing one paragraph at the same time") {
  TempDir dir;
  Cli a{dir.sub("a")}, b{dir.sub("b")};
  a.ok({"set-user", "张三"});
  b.ok({"set-user", "李四"});
  std::string id = a.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
  REQUIRE(id.size() == 32);
  a.ok({"edit", id, "1", "--insert", "0", "本局共有职工25人。"});
  a.ok({"bundle", id, "--out", dir.sub("a1.bundle")});
  b.ok({"unbundle", dir.sub("a1.bundle")});

  a.ok({"edit", id, "1", "--insert", "10", "其中行政编制10人。"});
  b.ok({"edit", id.substr(0, 8), "1", "--insert", "10", "年末实有23人。"});
  a.ok({"bundle", id, "--out", dir.sub("a2.bundle")});
  b.ok({"bundle", id, "--out", dir.sub("b2.bundle")});
  a.ok({"unbundle", dir.sub("b2.bundle")});
  b.ok({"unbundle", dir.sub("a2.bundle")});

  std::string showA = a.ok({"show", id, "--json"}), showB = b.ok({"show", id, "--json"});
  CHECK(showA == showB);
  std::string text = a.ok({"show", id, "--section", "1"});
  CHECK(text.find("其中行政编制10人。") != std::string::npos);
  CHECK(text.find("年末实有23人。") != std::string::npos);

  std::string marks = a.ok({"marks", id});
  CHECK(marks.find("mark 1:1") != std::string::npos);
  // No server has said whose the actors are: the names are labels, marked unverified.
  CHECK(marks.find("张三（未验证）: 本局共有职工25人。其中行政编制10人。") != std::string::npos);
  CHECK(marks.find("李四（未验证）: 本局共有职工25人。年末实有23人。") != std::string::npos);
  CHECK(b.ok({"marks", id}) == marks);

  a.ok({"resolve", id, "1:1", "--take", "张三"});
  CHECK(a.ok({"show", id, "--section", "1"}).find("年末实有23人") == std::string::npos);
  CHECK(a.ok({"marks", id}) == "no review marks");
  a.ok({"bundle", id, "--out", dir.sub("a3.bundle")});
  b.ok({"unbundle", dir.sub("a3.bundle")});
  CHECK(b.ok({"show", id, "--json"}) == a.ok({"show", id, "--json"}));
}

TEST_CASE("cells: write, conflict side by side, and resolve") {
  TempDir dir;
  Cli a{dir.sub("a")}, b{dir.sub("b")};
  std::string id = a.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
  a.ok({"bundle", id, "--out", dir.sub("1.bundle")});
  b.ok({"unbundle", dir.sub("1.bundle")});
  std::string table = a.ok({"table", id, "budget", "--json"});
  INFO(table);
  a.ok({"set-cell", id, "budget", "staff", "budget", "12.50"});
  b.ok({"set-cell", id, "budget", "staff", "budget", "13.00"});
  a.ok({"bundle", id, "--out", dir.sub("a.bundle")});
  b.ok({"bundle", id, "--out", dir.sub("b.bundle")});
  a.ok({"unbundle", dir.sub("b.bundle")});
  b.ok({"unbundle", dir.sub("a.bundle")});
  std::string shown = a.ok({"table", id, "budget"});
  CHECK((shown.find("budget=12.50 | 13.00") != std::string::npos ||
         shown.find("budget=13.00 | 12.50") != std::string::npos));
  CHECK(a.ok({"table", id, "budget", "--json"}) == b.ok({"table", id, "budget", "--json"}));
  a.ok({"set-cell", id, "budget", "staff", "budget", "12.80"});
  CHECK(a.ok({"table", id, "budget"}).find("budget=12.80") != std::string::npos);
}

TEST_CASE("bad arguments and files are refused with a clear message and change nothing") {
  TempDir dir;
  Cli a{dir.sub("a")};
  std::string id = a.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
  a.ok({"edit", id, "1", "--insert", "0", "原文"});
  std::string before = a.ok({"show", id, "--json"});
  std::string history = a.ok({"history", id});

  struct Bad {
    std::vector<std::string> args;
    const char* says;
  };
  std::ofstream(dir.sub("junk.bundle")) << "this is not a bundle";
  std::vector<Bad> bad = {
      {{"edit", id, "1", "--insert", "99", "x"}, "past the end"},
      {{"edit", id, "9", "--insert", "0", "x"}, "no section 9"},
      {{"edit", id, "1", "--delete", "0", "50"}, "past the end"},
      {{"edit", id, "1", "--delete", "5", "0"}, "past the end"},
      {{"edit", id, "1", "--insert", "-1", "x"}, "non-negative"},
      {{"edit", id, "1"}, "usage"},
      {{"show", "ffff"}, "no report"},
      {{"set-cell", id, "budget", "nosuchrow", "budget", "1"}, "no row"},
      {{"set-cell", id, "nosuch", "staff", "budget", "1"}, "no table"},
      {{"unbundle", dir.sub("junk.bundle")}, "bundle"},
      {{"unbundle", dir.sub("missing.bundle")}, "cannot read"},
      {{"new", "--template", "nosuch", "--year", "2025", "--dept", "x"}, "nosuch"},
      {{"new", "--template", "minimal", "--year", "20x5", "--dept", "x"}, "--year"},
      {{"frobnicate"}, "unknown command"},
      {{"list", "--bogus"}, "unknown option"},
  };
  for (const Bad& b : bad) {
    auto r = a.run(b.args);
    INFO("args: " << b.args[0] << " stderr: " << r.err);
    CHECK(r.exitCode == 2);
    CHECK(r.err.find(b.says) != std::string::npos);
  }
  CHECK(a.ok({"show", id, "--json"}) == before);
  CHECK(a.ok({"history", id}) == history);
  CHECK(a.ok({"list"}).find(id) != std::string::npos);
}
