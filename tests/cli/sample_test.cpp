// The real 2024 report of 洪江市工业和信息化局, through the command line as the office uses it.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "../support/run_process.h"
#include "../support/temp_dir.h"

using rs::test::runProcess;
using rs::test::TempDir;

namespace {

const std::string kSample = std::string(RS_TEST_DATA_DIR) + "/hongjiang-gxj-2024-selfeval.txt";

rs::test::ProcessResult cli(const std::string& store, std::vector<std::string> args) {
  args.insert(args.begin(), {RS_CLI_PATH, "--store", store});
  return runProcess(args);
}

std::string ok(const std::string& store, std::vector<std::string> args) {
  auto r = cli(store, args);
  INFO("stderr: " << r.err);
  REQUIRE(r.exitCode == 0);
  return r.out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("the sample imports with its prose and tables, and validate finds its mistakes") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = trimmed(ok(store, {"import", kSample}));
  REQUIRE(id.size() == 32);

  std::string shown = ok(store, {"show", id});
  for (const char* heading :
       {"一、基本情况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况",
        "四、国有资本经营预算支出情况", "五、社会保险基金预算支出情况", "六、部门整体支出绩效情况",
        "七、存在的问题及原因分析", "八、下一步改进措施", "九、绩效自评结果拟应用和公开情况",
        "十、其他需要说明的情况"})
    CHECK_MESSAGE(shown.find(heading) != std::string::npos, heading);
  CHECK(shown.find("工资福利支出337.20万元") != std::string::npos);
  CHECK(shown.find("新建5G基站100个") != std::string::npos);

  auto validate = cli(store, {"validate", id, "--json"});
  CHECK(validate.exitCode == 1);
  const std::string& v = validate.out;
  CHECK(v.find("\"expected\":\"337.19\",\"actual\":\"337.20\"") != std::string::npos);
  CHECK(v.find("\"expected\":\"39.12\",\"actual\":\"39.13\"") != std::string::npos);
  CHECK(v.find("\"expected\":\"9.13\",\"actual\":\"9.6\"") != std::string::npos);
  CHECK(v.find("\"expected\":\"99.6\",\"actual\":\"100\"") != std::string::npos);
  // Right figures raise nothing: 控制率 92%, 执行率 91.31%, 742.56, 289.64.
  CHECK(v.find("\"actual\":\"92%\"") == std::string::npos);
  CHECK(v.find("\"actual\":\"91.31%\"") == std::string::npos);
  CHECK(v.find("\"actual\":\"742.56\"") == std::string::npos);
  CHECK(v.find("\"actual\":\"289.64\"") == std::string::npos);
}

TEST_CASE("accepting the computed figures clears the score and 总分 errors") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = trimmed(ok(store, {"import", kSample}));
  CHECK(trimmed(ok(store, {"accept", id, "dept-eval/money-total/score"})) ==
        "dept-eval/money-total/score = 9.13");
  // The 总分 finding now expects the sum with 9.13.
  CHECK(trimmed(ok(store, {"accept", id, "dept-eval/total/score"})) ==
        "dept-eval/total/score = 99.13");
  auto v = cli(store, {"validate", id, "--json"});
  CHECK(v.exitCode == 0);
  CHECK(v.out.find("\"severity\":\"error\"") == std::string::npos);
  auto none = cli(store, {"accept", id, "dept-eval/money-total/score"});
  CHECK(none.exitCode == 2);
  CHECK(none.err.find("no finding") != std::string::npos);
}

TEST_CASE("export to the text form and import again gives the same document") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = trimmed(ok(store, {"import", kSample}));
  ok(store, {"export", id, "--format", "txt", "--out", dir.sub("out.txt")});
  std::string again = trimmed(ok(store, {"import", dir.sub("out.txt")}));
  CHECK(ok(store, {"show", again, "--json"}) == ok(store, {"show", id, "--json"}));
}

TEST_CASE("a file that is not a report is refused and creates nothing") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::ofstream(dir.sub("notes.txt")) << "买菜：白菜、豆腐\n明天开会\n";
  auto r = cli(store, {"import", dir.sub("notes.txt")});
  CHECK(r.exitCode == 2);
  CHECK(!r.err.empty());
  CHECK(ok(store, {"list"}).empty());
}

TEST_CASE("a new report from the template has every section and table, and totals follow entries") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = trimmed(ok(store, {"new", "--template", "hunan-dept-selfeval", "--year", "2025",
                                      "--dept", "洪江市工业和信息化局"}));
  std::string shown = ok(store, {"show", id});
  CHECK(shown.find("十、其他需要说明的情况") != std::string::npos);
  std::string table = ok(store, {"table", id, "dept-eval", "--json"});
  CHECK(table.find("\"key\":\"money-total\"") != std::string::npos);
  ok(store, {"set-cell", id, "dept-eval", "money-total", "budgetFull", "813.27"});
  ok(store, {"set-cell", id, "dept-eval", "money-total", "executed", "742.56"});
  ok(store, {"set-cell", id, "dept-eval", "money-total", "weight", "10"});
  table = ok(store, {"table", id, "dept-eval", "--json"});
  CHECK(table.find("91.31%") != std::string::npos);
  CHECK(table.find("\"9.13\"") != std::string::npos);
}

// Issue 13 item 3: the office starts 2025's report from 2024's, in one step.
TEST_CASE("new --from: 2025's report from the sample, a report of its own") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string last = trimmed(ok(store, {"import", kSample}));
  std::string before = ok(store, {"show", last, "--json"});

  // A year that is not after 2024's is refused, and nothing is made.
  auto same = cli(store, {"new", "--from", last, "--year", "2024"});
  CHECK(same.exitCode == 2);
  CHECK(same.err.find("must come after") != std::string::npos);
  CHECK(trimmed(ok(store, {"list"})).find('\n') == std::string::npos);

  std::string next = trimmed(ok(store, {"new", "--from", last, "--year", "2025"}));
  REQUIRE(next.size() == 32);
  CHECK(next != last);
  CHECK(ok(store, {"show", last, "--json"}) == before);  // last year's report untouched
  std::string listed = ok(store, {"list"});
  CHECK(listed.find(next + "  2025  洪江市工业和信息化局") != std::string::npos);

  // The outline shows the carried-over sections; the prose is last year's draft.
  std::string shown = ok(store, {"show", next});
  CHECK(shown.find("2025年度洪江市工业和信息化局整体支出绩效自评报告") == 0);
  CHECK(shown.find("（一）基本支出情况  （上年沿用）\n2024年度基本支出452.92万元") !=
        std::string::npos);
  CHECK(shown.find("十、其他需要说明的情况  （上年沿用）") != std::string::npos);

  // 上年决算数 = 2024's 决算; no 2024 figure is left in this year's columns.
  std::string basic = ok(store, {"table", next, "basic-data"});
  CHECK(basic.find("reception\t公务接待\tprev=2.48\n") != std::string::npos);
  CHECK(basic.find("projects-1\t1、遗属生活补助\tprev=1.21\n") != std::string::npos);
  CHECK(basic.find("actual=") == std::string::npos);
  CHECK(basic.find("budget=") == std::string::npos);
  std::string eval = ok(store, {"table", next, "dept-eval"});
  CHECK(eval.find("新增规模工业企业") != std::string::npos);
  CHECK(eval.find("11家") != std::string::npos);  // the target stays
  CHECK(eval.find("742.56") == std::string::npos);
  CHECK(eval.find("9.6") == std::string::npos);

  // Once revised, the writer clears the status; the outline stops showing it.
  ok(store, {"status", next, "10", "--clear"});
  CHECK(ok(store, {"show", next, "--section", "10"}).find("上年沿用") == std::string::npos);
  CHECK(ok(store, {"show", next, "--section", "9"}).find("上年沿用") != std::string::npos);
}

// Issue 13 item 2 (a first step): the templates as data, a file's mistakes by line and field.
TEST_CASE("template list, show and check") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string listed = ok(store, {"template", "list"});
  CHECK(listed.find("hunan-dept-selfeval\t1\t") != std::string::npos);
  CHECK(listed.find("minimal\t1\tbuilt-in\t工作报告\n") != std::string::npos);

  std::string file = std::string(RS_TEST_DATA_DIR) + "/../../common/report/templates/minimal.json";
  std::ifstream in(file, std::ios::binary);
  std::stringstream json;
  json << in.rdbuf();
  CHECK(ok(store, {"template", "show", "minimal"}) == json.str());
  CHECK(trimmed(ok(store, {"template", "check", file})) == "ok\tminimal\t1");

  std::string text = json.str();
  size_t at = text.find("\"type\": \"money\"");
  REQUIRE(at != std::string::npos);
  int line = 1 + int(std::count(text.begin(), text.begin() + long(at), '\n'));
  text.replace(at, 15, "\"type\": \"mony\"");
  std::string broken = dir.sub("broken.json");
  std::ofstream(broken, std::ios::binary) << text;
  auto refused = cli(store, {"template", "check", broken});
  CHECK(refused.exitCode == 2);
  CHECK(refused.err.find("template line " + std::to_string(line) +
                         ": tables[0].blocks[0].columns[") != std::string::npos);
  CHECK(refused.err.find("\"mony\" is not one of text, money") != std::string::npos);
  CHECK(cli(store, {"template", "show", "no-such"}).exitCode == 2);
}

// Issue 12 item 5: 插入行 where the user clicked, with the name they typed.
TEST_CASE("add-row --after --label: the row right under the chosen row, named, and others refused") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = trimmed(ok(store, {"import", kSample}));
  auto keys = [&] {  // "key label" of each row of the expenditure table, in order
    std::vector<std::string> out;
    std::istringstream in(ok(store, {"table", id, "expenditure"}));
    std::string line;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      auto end = line.find('\t', tab + 1);
      out.push_back(line.substr(0, tab) + " " + line.substr(tab + 1, end - tab - 1));
    }
    return out;
  };
  std::vector<std::string> before = keys();
  // A row outside the group: refused, nothing made.
  auto refused = cli(store, {"add-row", id, "expenditure", "wages", "--after", "goods-1"});
  CHECK(refused.exitCode != 0);
  CHECK(refused.err.find("not in the group") != std::string::npos);
  CHECK(keys() == before);

  std::string key = trimmed(ok(
      store, {"add-row", id, "expenditure", "wages", "--after", "wages-2", "--label", "新增行"}));
  std::vector<std::string> after = keys();
  auto at = std::find(after.begin(), after.end(), key + " 新增行");
  REQUIRE(at != after.end());
  REQUIRE(at != after.begin());
  CHECK(std::prev(at)->rfind("wages-2 ", 0) == 0);
  // Under the group's own row: the first of its rows.
  std::string first =
      trimmed(ok(store, {"add-row", id, "expenditure", "wages", "--after", "wages"}));
  after = keys();
  at = std::find_if(after.begin(), after.end(),
                    [&](const std::string& k) { return k.rfind(first + " ", 0) == 0; });
  REQUIRE(at != after.end());
  CHECK(std::prev(at)->rfind("wages ", 0) == 0);
}
