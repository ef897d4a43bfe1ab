// Issue 9, cases 3, 7 and 8: one profile used by two processes at once, reader slots of
// killed processes, values that are not UTF-8, and undo at the report's creation. The real
// reportsync-cli on real stores in temporary folders.
#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "../support/cli.h"
#include "../support/temp_dir.h"

using rs::test::Cli;
using rs::test::runProcess;
using rs::test::TempDir;

namespace {

std::string newReport(const Cli& cli) {
  return cli.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
}

size_t count(const std::string& text, char c) { return std::count(text.begin(), text.end(), c); }

}  // namespace

TEST_CASE("two processes editing one profile at once lose no edit") {
  TempDir dir;
  Cli cli{dir.sub("store")};
  std::string id = newReport(cli);
  constexpr int kEach = 60;
  auto typist = [&](const char* text, int* failures) {
    for (int i = 0; i < kEach; ++i)
      if (cli.run({"edit", id, "1", "--insert", "0", text}).exitCode != 0) ++*failures;
  };
  int failuresA = 0, failuresB = 0;
  std::thread a(typist, "a", &failuresA), b(typist, "b", &failuresB);
  a.join();
  b.join();
  CHECK(failuresA == 0);
  CHECK(failuresB == 0);
  std::string text = cli.ok({"show", id, "--section", "1"});
  CHECK(count(text, 'a') == kEach);
  CHECK(count(text, 'b') == kEach);
  // Every edit is a change of its own in the history, none overwritten.
  std::string history = cli.ok({"history", id});
  CHECK(std::count(history.begin(), history.end(), '\n') + 1 == 2 * kEach + 1);
}

TEST_CASE("reader slots of killed processes are cleared when the store opens") {
  TempDir dir;
  Cli cli{dir.sub("store")};
  std::string id = newReport(cli);
  // The desktop program keeps the store open meanwhile, so LMDB keeps the reader table.
  int holder = rs::test::spawnDetached({RS_DYING_READER_PATH, cli.store, "--hold"});
  for (int i = 0; i < 100 && !std::filesystem::exists(cli.store + "/holding"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(std::filesystem::exists(cli.store + "/holding"));
  // All of LMDB's 126 reader slots (its default) die taken.
  for (int i = 0; i < 126; ++i) {
    auto r = runProcess({RS_DYING_READER_PATH, cli.store});
    REQUIRE(r.exitCode == 128 + 9);
  }
  CHECK(cli.ok({"list"}).find(id) != std::string::npos);
  cli.ok({"edit", id, "1", "--insert", "0", "仍可编辑"});
  kill(holder, SIGKILL);
  rs::test::waitProcess(holder);
}

TEST_CASE("values that are not UTF-8 are refused at every entry and the store stays readable") {
  TempDir dir;
  Cli cli{dir.sub("store")}, peer{dir.sub("peer")};
  std::string id = newReport(cli);
  std::string before = cli.ok({"show", id, "--json"});
  const std::string surrogate = "\xED\xA0\xBD", ff = "\xFF";
  for (const std::string& bad : {surrogate, ff, "12" + ff}) {
    auto cell = cli.run({"set-cell", id, "budget", "staff", "budget", bad});
    CHECK(cell.exitCode != 0);
    CHECK(cell.err.find("UTF-8") != std::string::npos);
    CHECK(cli.run({"set-user", bad}).exitCode != 0);
    CHECK(cli.run({"edit", id, "1", "--insert", "0", bad}).exitCode != 0);
    CHECK(cli.run({"new", "--template", "minimal", "--year", "2025", "--dept", bad}).exitCode != 0);
  }
  CHECK(cli.ok({"show", id, "--json"}) == before);
  CHECK(cli.ok({"list"}).find(id) != std::string::npos);
  CHECK(cli.ok({"list"}).find('\n') == std::string::npos);  // no second report was made
  // History, marks and undo still read every change; a peer takes a later bundle.
  cli.ok({"set-cell", id, "budget", "staff", "budget", "12.50"});
  cli.ok({"history", id});
  cli.ok({"marks", id});
  cli.ok({"undo", id});
  cli.ok({"bundle", id, "--out", dir.sub("b.bundle")});
  peer.ok({"unbundle", dir.sub("b.bundle")});
  CHECK(peer.ok({"show", id, "--json"}) == cli.ok({"show", id, "--json"}));
}

TEST_CASE("undo never reaches the report's creation") {
  TempDir dir;
  Cli cli{dir.sub("store")};
  std::string id = newReport(cli);
  std::string created = cli.ok({"show", id, "--json"});
  auto r = cli.run({"undo", id});
  CHECK(r.exitCode != 0);
  CHECK(r.err.find("nothing to undo") != std::string::npos);
  CHECK(cli.ok({"show", id, "--json"}) == created);

  cli.ok({"edit", id, "1", "--insert", "0", "本局"});
  cli.ok({"set-cell", id, "budget", "staff", "budget", "3.00"});
  cli.ok({"undo", id});
  cli.ok({"undo", id});
  std::string undone = cli.ok({"show", id, "--json"});
  r = cli.run({"undo", id});
  CHECK(r.exitCode != 0);
  CHECK(r.err.find("nothing to undo") != std::string::npos);
  CHECK(cli.ok({"show", id, "--json"}) == undone);
  // Title, department, year, template and the template's sections are all still there.
  CHECK(cli.ok({"show", id, "--section", "1"}) == "一、概述");
  CHECK(undone.find(R"("title":["2025年度测试局工作报告"],"department":["测试局"],"year":["2025"],)"
                    R"("template":["minimal"])") != std::string::npos);
  CHECK(undone.find(R"("title":["支出情况"])") != std::string::npos);
}
