#include <doctest/doctest.h>

#include <algorithm>

#include "formats/text_import.h"
#include "report/checks.h"
#include "sample_data.h"

using namespace rs::report;

namespace {

struct Sample {
  Template tmpl = Template::builtin("hunan-dept-selfeval");
  ReportContent report = rs::formats::importText(sampleText(), tmpl);
  std::vector<Finding> findings = runChecks(tmpl, report);

  const Finding* at(const std::string& location) const {
    for (const auto& f : findings) {
      if (f.location == location) return &f;
    }
    return nullptr;
  }
};

}  // namespace

TEST_CASE("validate the sample: the mistakes DOMAIN.md lists") {
  Sample s;

  const Finding* wages = s.at("expenditure/wages/amount");
  REQUIRE(wages);
  CHECK(wages->rule == "sum-tail");  // a rounding tail: milder than a wrong total
  CHECK(wages->severity == Severity::kWarning);
  CHECK(wages->actual == "337.20");
  CHECK(wages->expected == "337.19");

  const Finding* goods = s.at("expenditure/goods/amount");
  REQUIRE(goods);
  CHECK(goods->rule == "sum-tail");
  CHECK(goods->actual == "39.13");
  CHECK(goods->expected == "39.12");

  const Finding* score = s.at("dept-eval/money-total/score");
  REQUIRE(score);
  CHECK(score->rule == "score");
  CHECK(score->severity == Severity::kError);
  CHECK(score->actual == "9.6");
  CHECK(score->expected == "9.13");

  const Finding* total = s.at("dept-eval/total/score");
  REQUIRE(total);
  CHECK(total->rule == "total");
  CHECK(total->actual == "100");
  CHECK(total->expected == "99.6");
  CHECK(total->message.find("99.13") != std::string::npos);

  // 基本支出 agrees with its written subtotals, but not with the items below them.
  const Finding* basic = s.at("expenditure/basic/amount");
  REQUIRE(basic);
  CHECK(basic->rule == "sum-rebuilt");
  CHECK(basic->severity == Severity::kInfo);
  CHECK(basic->expected == "452.90");

  // The unspent 8.69 % with full marks on 时效 and 成本, and targets set far too low.
  int fullMarks = 0, tooLow = 0;
  for (const auto& f : s.findings) {
    fullMarks += f.rule == "full-marks-low-execution";
    tooLow += f.rule == "target-too-low";
  }
  CHECK(fullMarks == 2);
  CHECK(tooLow == 2);
}

TEST_CASE("validate the sample: no finding on the figures that are right") {
  Sample s;
  CHECK_FALSE(s.at("basic-data/staffing/rate"));        // 控制率 23 / 25 = 92%
  CHECK_FALSE(s.at("dept-eval/money-total/rate"));      // 执行率 91.31%
  CHECK_FALSE(s.at("dept-eval/money-total/executed"));  // 452.92 + 289.64 = 742.56
  CHECK_FALSE(s.at("expenditure/projects/amount"));     // the projects sum to 289.64
  CHECK_FALSE(s.at("expenditure/total/amount"));
  CHECK_FALSE(s.at("expenditure/family/amount"));
  CHECK_FALSE(s.at("project-eval-1/money-total/score"));
  CHECK_FALSE(s.at("project-eval-1/total/score"));

  // The only errors are the execution score and 总分.
  std::vector<std::string> errors;
  for (const auto& f : s.findings) {
    if (f.severity == Severity::kError) errors.push_back(f.location);
  }
  CHECK(errors == std::vector<std::string>{"dept-eval/money-total/score", "dept-eval/total/score"});
}

TEST_CASE("validate the sample: accepting the computed figures") {
  Sample s;
  // As in the program: accept what the findings propose, check again, until none is left.
  // The execution score comes first; 总分 then follows from it (99.6, then 99.13).
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& f : runChecks(s.tmpl, s.report)) {
      if (auto write = acceptComputed(f)) {
        s.report.table(write->table)->row(write->row)->set(write->column, write->value);
      }
    }
  }
  // Totals, scores and rates now agree with their items; what is left is the knock-on
  // effect on figures written elsewhere: the prose of section 二 and 全年执行数 still say
  // 452.92, 337.20 and 39.13 (742.56 against 452.90 + 289.64).
  std::vector<std::string> left;
  for (const auto& f : runChecks(s.tmpl, s.report)) {
    if (f.severity == Severity::kError) left.push_back(f.rule + " " + f.location + " " + f.actual);
  }
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{"consistency dept-eval/money-total/executed 742.56",
                                         "prose 2.1 337.20", "prose 2.1 39.13",
                                         "prose 2.1 452.92"});
  CHECK(s.report.table("dept-eval")->row("money-total")->text("score") == "9.13");
  CHECK(s.report.table("dept-eval")->row("total")->text("score") == "99.13");
  CHECK(s.report.table("expenditure")->row("wages")->text("amount") == "337.19");
  CHECK(s.report.table("expenditure")->row("basic")->text("amount") == "452.90");
}

TEST_CASE("validate the sample: the JSON output is stable") {
  Sample a, b;
  CHECK(findingsJson(a.findings) == findingsJson(b.findings));
  CHECK(findingsJson(a.findings).find("\"location\":\"expenditure/wages/amount\"") !=
        std::string::npos);
}

TEST_CASE("validate the sample: the reviewer's remaining queries, and none on right figures") {
  Sample s;
  // 项目支出: the 基础数据表 lists one project of 1.21, section 二（二） 289.64.
  const Finding* across = s.at("basic-data/projects/actual");
  REQUIRE(across);
  CHECK(across->rule == "projects-across");
  CHECK(across->severity == Severity::kWarning);
  CHECK(across->message.find("本年决算数1.21") != std::string::npos);
  CHECK(across->message.find("289.64") != std::string::npos);
  // The same 1.21 (遗属生活补助) is also counted in 基本支出 under 对个人和家庭的补助.
  const Finding* twice = s.at("basic-data/projects-1/label");
  REQUIRE(twice);
  CHECK(twice->rule == "project-in-basic");
  CHECK(twice->message.find("对个人和家庭的补助") != std::string::npos);
  // 23 of 25 staff, and section 六 quoting the indicators as the table has them (11家,
  // 100个 and 5次 as targets, 168 needs): nothing.
  for (const auto& f : s.findings) {
    CHECK_MESSAGE(f.rule != "staffing-over", f.message);
    CHECK_MESSAGE(f.rule != "prose-indicator", f.message);
    CHECK_MESSAGE(f.rule != "sum-below", f.message);
    CHECK_MESSAGE(f.rule != "total-rebuilt", f.message);
  }
}

TEST_CASE("validate the sample: a 5G figure in the prose that the table does not have") {
  Sample s;
  // The table says 160个 where the prose reports 168: the warning quotes both.
  for (auto& row : s.report.table("dept-eval")->rows) {
    if (row.text("level3") == "信息化建设（5G基站）") row.set("actual", "160个");
  }
  s.report.sections[5].body += "\n全年新建5G基站168个。";
  std::vector<Finding> findings = runChecks(s.tmpl, s.report);
  auto it = std::find_if(findings.begin(), findings.end(),
                         [](const Finding& f) { return f.rule == "prose-indicator"; });
  REQUIRE(it != findings.end());
  CHECK(it->location == "6");
  CHECK(it->expected == "160个");
  CHECK(it->actual == "168个");
  CHECK(std::count_if(findings.begin(), findings.end(),
                      [](const Finding& f) { return f.rule == "prose-indicator"; }) == 1);
}
