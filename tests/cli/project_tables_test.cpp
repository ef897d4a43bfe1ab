// add-project-table and remove-project-table (issue 12 item 5) as a user runs them: the real
// binary on the sample in real stores. The new table is seen by `table`, the checks, the
// exports and bundles; removing is one change that `undo` takes back; bad input changes
// nothing; a colleague's edit inside a table removed at the same time is said, and comes
// back with the table.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "../support/cli.h"
#include "../support/temp_dir.h"

using rs::test::Cli;
using rs::test::TempDir;

namespace {

const std::string kSample = std::string(RS_TEST_DATA_DIR) + "/hongjiang-gxj-2024-selfeval.txt";

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size()))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("add-project-table: a project's table with its indicator groups, seen everywhere") {
  TempDir dir;
  Cli a{dir.sub("a")};
  std::string id = a.ok({"import", kSample});
  std::string key = a.ok({"add-project-table", id, "道路维修", "--budget-initial", "20",
                          "--budget-full", "25.5", "--executed", "24"});
  CHECK(key == "project-eval-2");  // the sample has project-eval-1 (遗属生活补助)

  std::string table = a.ok({"table", id, key, "--json"});
  INFO(table);
  CHECK(has(table, "\"道路维修\""));
  CHECK(has(table, "\"25.5\""));
  // The 年度资金总额 row is computed from 当年财政拨款.
  CHECK(has(a.ok({"table", id, key}), "25.50"));
  // One indicator row for each 二级指标 of the three groups (4 + 4 + 1), 一级/二级 filled.
  CHECK(count(table, "\"group\":\"indicators\"") == 9);
  for (const char* label : {"产出指标", "数量指标", "成本指标", "效益指标", "可持续影响指标",
                            "满意度指标", "服务对象满意度指标"})
    CHECK(has(table, label));

  // Its totals are computed: 执行率 24 / 25.5, the execution score of 10 points, 总分.
  a.ok({"set-cell", id, key, "money-total", "weight", "10"});
  std::string computed = a.ok({"table", id, key});
  CHECK(has(computed, "rate= [94.12%]"));
  CHECK(has(computed, "\ntotal\t总分\tweight= [10]\tscore= [9.41]"));

  // The checks see the new table (its empty indicators, its 执行率), as do the exports.
  auto checks = a.run({"validate", id, "--json"});
  CHECK(checks.exitCode == 1);  // the sample's own errors stay
  CHECK(has(checks.out, "\"project-eval-2/"));
  CHECK(has(checks.out, "项目支出绩效自评表（道路维修）"));
  a.ok({"export", id, "--format", "html", "--out", dir.sub("r.html")});
  std::string html = readAll(dir.sub("r.html"));
  CHECK(count(html, "项目支出绩效自评表") >= 2);
  CHECK(has(html, "道路维修"));
  CHECK(has(html, "服务对象满意度指标"));
  a.ok({"export", id, "--format", "txt", "--out", dir.sub("r.txt")});
  CHECK(has(readAll(dir.sub("r.txt")), "道路维修"));
  a.ok({"export", id, "--format", "docx", "--out", dir.sub("r.docx")});
  a.ok({"export", id, "--format", "pdf", "--out", dir.sub("r.pdf")});

  // 插入行 under an indicator takes its 一级/二级指标 (issue 12: 插入行 filled only 三级指标);
  // given ones win.
  std::string row =
      a.ok({"add-row", id, key, "indicators", "--after", "indicators-2", "--label", "合格率"});
  std::string shown = a.ok({"table", id, key});
  CHECK(has(shown, "indicators-2\t\tlevel1=产出指标\tlevel2=质量指标\n" + row +
                       "\t\tlevel1=产出指标\tlevel2=质量指标\tlevel3=合格率\n"));
  table = a.ok({"table", id, key, "--json"});

  // Another store gets it by bundle.
  Cli b{dir.sub("b")};
  a.ok({"bundle", id, "--out", dir.sub("a.bundle")});
  b.ok({"unbundle", dir.sub("a.bundle")});
  CHECK(b.ok({"table", id, key, "--json"}) == table);
}

TEST_CASE("bad input to add-project-table and remove-project-table changes nothing") {
  TempDir dir;
  Cli a{dir.sub("a")};
  std::string id = a.ok({"import", kSample});
  std::string before = a.ok({"show", id, "--json"});
  std::string history = a.ok({"history", id});
  struct Bad {
    std::vector<std::string> args;
    const char* says;
  };
  std::vector<Bad> bad = {
      {{"add-project-table", id}, "usage"},
      {{"add-project-table", id, "  "}, "请填写项目支出名称"},
      {{"add-project-table", id, "遗属生活补助"}, "已有项目“遗属生活补助”"},
      {{"add-project-table", id, "新项目", "--executed", "很多"}, "全年执行数应为以万元计的金额"},
      {{"add-project-table", id, "新项目", "--budget-full", "-3"}, "全年预算数"},
      {{"add-project-table", id, "新项目", "--budget-full", "95%"}, "全年预算数"},
      {{"add-project-table", id, "新项目", "--budget"}, "unknown option"},
      {{"remove-project-table", id, "project-eval-9"}, "no table project-eval-9"},
      {{"remove-project-table", id, "dept-eval"}, "只能删除项目支出绩效自评表"},
      {{"remove-project-table", id}, "usage"},
  };
  for (const Bad& b : bad) {
    auto r = a.run(b.args);
    INFO("args: " << b.args[0] << " " << (b.args.size() > 2 ? b.args[2] : "")
                  << " stderr: " << r.err);
    CHECK(r.exitCode == 2);
    CHECK(has(r.err, b.says));
  }
  CHECK(a.ok({"show", id, "--json"}) == before);
  CHECK(a.ok({"history", id}) == history);

  auto help = a.run({"add-project-table", "--help"});
  CHECK(help.exitCode == 0);
  CHECK(has(help.out, "usage: reportsync-cli add-project-table REPORT NAME"));
  help = a.run({"remove-project-table", "--help"});
  CHECK(help.exitCode == 0);
  CHECK(has(help.out, "undo"));
}

TEST_CASE("remove-project-table is one change, and undo brings the table back with its content") {
  TempDir dir;
  Cli a{dir.sub("a")};
  std::string id = a.ok({"import", kSample});
  a.ok({"set-cell", id, "project-eval-1", "total", "score", "99"});  // 总分 is 100
  CHECK(has(a.run({"validate", id}).out, "project-eval-1/total/score"));
  std::string table = a.ok({"table", id, "project-eval-1", "--json"});
  std::string changes = a.ok({"history", id});
  CHECK(a.ok({"remove-project-table", id, "project-eval-1"}) ==
        "removed project-eval-1 (遗属生活补助)");
  CHECK(count(a.ok({"history", id}), "\n") == count(changes, "\n") + 1);
  auto gone = a.run({"table", id, "project-eval-1"});
  CHECK(gone.exitCode == 2);
  CHECK_FALSE(has(a.ok({"show", id, "--json"}), "\"project-eval-1\""));
  CHECK_FALSE(has(a.run({"validate", id}).out, "project-eval-1/"));

  a.ok({"undo", id});
  CHECK(a.ok({"table", id, "project-eval-1", "--json"}) == table);
  CHECK(has(a.run({"validate", id}).out, "project-eval-1/total/score"));

  // Undoing an add removes the table again.
  std::string key = a.ok({"add-project-table", id, "道路维修"});
  a.ok({"undo", id});
  CHECK(a.run({"table", id, key}).exitCode == 2);
  CHECK(a.ok({"table", id, "project-eval-1", "--json"}) == table);
}

TEST_CASE("edits meeting a table's removal are said, and come back with the table") {
  TempDir dir;
  Cli a{dir.sub("a")}, b{dir.sub("b")};
  a.ok({"set-user", "office"});
  b.ok({"set-user", "zhang"});
  std::string id = a.ok({"import", kSample});
  a.ok({"bundle", id, "--out", dir.sub("0.bundle")});
  b.ok({"unbundle", dir.sub("0.bundle")});

  // At the same time: the office removes 遗属生活补助's table, zhang writes in it.
  a.ok({"remove-project-table", id, "project-eval-1"});
  b.ok({"set-cell", id, "project-eval-1", "current", "executed", "1.30"});
  a.ok({"bundle", id, "--out", dir.sub("a.bundle")});
  b.ok({"bundle", id, "--out", dir.sub("b.bundle")});
  a.ok({"unbundle", dir.sub("b.bundle")});
  b.ok({"unbundle", dir.sub("a.bundle")});
  CHECK(a.ok({"show", id, "--json"}) == b.ok({"show", id, "--json"}));
  CHECK(a.run({"table", id, "project-eval-1"}).exitCode == 2);
  for (Cli* c : {&a, &b}) {
    std::string said = c->ok({"refused", id});
    INFO(said);
    CHECK(has(said, "表格“项目支出绩效自评表（遗属生活补助）”已被office删除"));
    CHECK(has(said, "zhang同时所做的修改（1个单元格）"));
  }
  // Concurrent adds of two projects both stay, under two keys.
  CHECK(a.ok({"add-project-table", id, "甲项目"}) == "project-eval-2");
  CHECK(b.ok({"add-project-table", id, "乙项目"}) == "project-eval-2");
  a.ok({"bundle", id, "--out", dir.sub("a2.bundle")});
  b.ok({"bundle", id, "--out", dir.sub("b2.bundle")});
  a.ok({"unbundle", dir.sub("b2.bundle")});
  b.ok({"unbundle", dir.sub("a2.bundle")});
  CHECK(a.ok({"show", id, "--json"}) == b.ok({"show", id, "--json"}));
  // The later of the two (in the document's order) takes "project-eval-2-2": a key no add
  // makes, so no other concurrent add can move it again.
  std::string both =
      a.ok({"table", id, "project-eval-2"}) + a.ok({"table", id, "project-eval-2-2"});
  CHECK(has(both, "甲项目"));
  CHECK(has(both, "乙项目"));

  // The office takes its add back, then its removal: 遗属生活补助's table returns with
  // zhang's figure, and nothing is said any more.
  a.ok({"undo", id});
  a.ok({"undo", id});
  CHECK(has(a.ok({"table", id, "project-eval-1", "--json"}), "\"1.30\""));
  CHECK(a.ok({"refused", id}) == "no changes that did not take effect");
}

TEST_CASE("redo brings back what undo took: a table's add and removal, text and cells") {
  TempDir dir;
  Cli a{dir.sub("a")};
  std::string id = a.ok({"import", kSample});
  auto nothing = a.run({"redo", id});
  CHECK(nothing.exitCode == 2);
  CHECK(has(nothing.err, "没有可重做的操作"));

  // An add, undone and redone: the table is back under its key, with what was written in it.
  std::string key = a.ok({"add-project-table", id, "道路维修", "--budget-full", "25.5"});
  a.ok({"set-cell", id, key, "current", "executed", "24"});
  std::string table = a.ok({"table", id, key, "--json"});
  a.ok({"undo", id});  // the figure
  a.ok({"undo", id});  // the add
  CHECK(a.run({"table", id, key}).exitCode == 2);
  a.ok({"redo", id});
  CHECK(has(a.ok({"table", id, key, "--json"}), "\"道路维修\""));
  CHECK_FALSE(has(a.ok({"table", id, key, "--json"}), "\"24\""));
  a.ok({"redo", id});
  CHECK(a.ok({"table", id, key, "--json"}) == table);
  CHECK(a.run({"redo", id}).exitCode == 2);

  // A removal, undone and redone, and undone again.
  a.ok({"remove-project-table", id, key});
  a.ok({"undo", id});
  CHECK(a.ok({"table", id, key, "--json"}) == table);
  a.ok({"redo", id});
  CHECK(a.run({"table", id, key}).exitCode == 2);
  CHECK_FALSE(has(a.ok({"show", id, "--json"}), "道路维修"));
  a.ok({"undo", id});
  CHECK(a.ok({"table", id, key, "--json"}) == table);

  // Undoing the add now (the table was removed and brought back meanwhile) removes the copy
  // that holds its key; redo brings it back once more.
  a.ok({"undo", id});  // the figure 24
  a.ok({"undo", id});  // the add
  CHECK(a.run({"table", id, key}).exitCode == 2);
  CHECK_FALSE(has(a.ok({"show", id, "--json"}), "道路维修"));
  a.ok({"redo", id});
  CHECK(has(a.ok({"table", id, key, "--json"}), "\"道路维修\""));

  // A new edit of one's own ends the redo, as in every editor.
  a.ok({"undo", id});
  a.ok({"set-cell", id, "project-eval-1", "total", "score", "99"});
  CHECK(a.run({"redo", id}).exitCode == 2);
  CHECK(a.run({"table", id, key}).exitCode == 2);
}

TEST_CASE("undo of delete-row brings the row back with its figures, and older edits stay") {
  // Before, a row's deletion was not undoable: undo passed over it and took back the edit
  // before it (here the text XY), leaving the row deleted.
  TempDir dir;
  Cli a{dir.sub("a")};
  std::string id = a.ok({"import", kSample});
  a.ok({"edit", id, "3", "--insert", "0", "XY"});
  const std::string before = a.ok({"table", id, "expenditure"});
  REQUIRE(has(before, "wages-3"));
  a.ok({"delete-row", id, "expenditure", "wages-3"});
  CHECK_FALSE(has(a.ok({"table", id, "expenditure"}), "wages-3"));

  a.ok({"undo", id});
  CHECK(a.ok({"table", id, "expenditure"}) == before);
  CHECK(has(a.ok({"show", id, "--section", "3"}), "XY"));

  a.ok({"redo", id});  // the deletion again
  CHECK_FALSE(has(a.ok({"table", id, "expenditure"}), "wages-3"));
  CHECK(has(a.ok({"show", id, "--section", "3"}), "XY"));
  a.ok({"undo", id});
  CHECK(a.ok({"table", id, "expenditure"}) == before);
}
