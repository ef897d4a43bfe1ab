#include <doctest/doctest.h>

#include "report/checks.h"
#include "report/compute.h"
#include "report/new_report.h"
#include "report/table_view.h"
#include "report/template_data.h"
#include "util/errors.h"

using namespace rs::report;

namespace {

std::optional<Fixed> computed(const Template& t, const ReportContent& r, const std::string& table,
                              const std::string& row, const std::string& column) {
  auto cell = computeCell(t, r, table, row, column);
  REQUIRE(cell);
  return cell->computed;
}

void addItem(const Template& t, ReportContent& r, const std::string& group,
             const std::string& label, const std::string& amount) {
  RowContent& row = addRow(*t.table("expenditure"), *r.table("expenditure"), group);
  row.set("label", label);
  row.set("amount", amount);
}

}  // namespace

TEST_CASE("compute: a new report's computed cells fill in as figures are entered") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = newReport(t, 2025, "某某局");
  CHECK_FALSE(computed(t, r, "expenditure", "basic", "amount"));

  addItem(t, r, "wages", "基本工资", "225.42");
  CHECK(computed(t, r, "expenditure", "wages", "amount") == Fixed{22542});
  addItem(t, r, "wages", "住房公积金", "37.08");
  addItem(t, r, "goods", "办公费", "5");
  addItem(t, r, "projects", "专项资金", "100");
  CHECK(computed(t, r, "expenditure", "wages", "amount") == Fixed{26250});
  CHECK(computed(t, r, "expenditure", "basic", "amount") == Fixed{26750});
  CHECK(computed(t, r, "expenditure", "total", "amount") == Fixed{36750});

  TableContent& d = *r.table("dept-eval");
  d.row("money-total")->set("budgetFull", "813.27");
  d.row("money-total")->set("executed", "742.56");
  CHECK(computed(t, r, "dept-eval", "money-total", "rate") == Fixed{9131});
  CHECK_FALSE(computed(t, r, "dept-eval", "money-total", "score"));  // no 分值 yet
  d.row("money-total")->set("weight", "10");
  CHECK(computed(t, r, "dept-eval", "money-total", "score") == Fixed{913});

  TableContent& b = *r.table("basic-data");
  b.row("staffing")->set("authorized", "25");
  b.row("staffing")->set("actual", "23");
  auto rate = computeCell(t, r, "basic-data", "staffing", "rate");
  REQUIRE(rate);
  CHECK(rate->computed == Fixed{9200});
  CHECK(formatFigure(*rate->computed, rate->type) == "92.00%");
  CHECK_FALSE(rate->reported);
}

TEST_CASE("compute: reported beside computed, and rebuilt from the items") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = newReport(t, 2024, "某某局");
  addItem(t, r, "wages", "工资", "225.42");
  addItem(t, r, "wages", "保险", "111.77");
  r.table("expenditure")->row("wages")->set("amount", "337.20");
  r.table("expenditure")->row("goods")->set("amount", "39.13");
  r.table("expenditure")->row("basic")->set("amount", "376.33");

  auto wages = computeCell(t, r, "expenditure", "wages", "amount");
  REQUIRE(wages);
  CHECK(wages->reported == "337.20");
  CHECK(wages->reportedValue == Fixed{33720});
  CHECK(wages->computed == Fixed{33719});
  CHECK(wages->location() == "expenditure/wages/amount");

  auto basic = computeCell(t, r, "expenditure", "basic", "amount");
  REQUIRE(basic);
  CHECK(basic->computed == Fixed{37633});  // 337.20 + 39.13 as written
  CHECK(basic->rebuilt == Fixed{37632});   // 337.19 + 39.13 from the items
}

TEST_CASE("compute: indicator scores against target and direction") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = newReport(t, 2024, "某某局");
  auto tt = *t.table("dept-eval");
  TableContent& d = *r.table("dept-eval");
  auto indicator = [&](const std::string& target, const std::string& actual) {
    RowContent& row = addRow(tt, d, "indicators");
    row.set("level1", "产出指标");
    row.set("level3", "指标");
    row.set("target", target);
    row.set("actual", actual);
    row.set("weight", "10分");
    return computed(t, r, "dept-eval", row.key, "score");
  };
  CHECK(indicator("≥95%", "100%") == Fixed{1000});
  CHECK(indicator("≥95%", "90%") == Fixed{947});    // 90 / 95 × 10
  CHECK(indicator("≤100%", "125%") == Fixed{800});  // 100 / 125 × 10
  CHECK(indicator("2亿", "5000万") == Fixed{250});  // units scaled
  CHECK(indicator("11家", "11家") == Fixed{1000});
  CHECK_FALSE(indicator("效果明显", "成效明显"));  // qualitative: a person's judgement

  // 总分 = indicator scores + the execution score.
  d.row("money-total")->set("budgetFull", "100");
  d.row("money-total")->set("executed", "100");
  d.row("money-total")->set("weight", "10");
  CHECK(computed(t, r, "dept-eval", "total", "score") ==
        Fixed{1000 + 947 + 800 + 250 + 1000 + 1000});
}

TEST_CASE("compute: the tiered score rule is a template option") {
  const char* kTiered = R"json({
    "key": "tiered", "title": "x",
    "scoreRule": {"kind": "tiered", "step": "5%", "deduct": "2"},
    "tables": [{"key": "t", "title": "t", "titleMatch": "t", "blocks": [{
      "key": "b", "style": "rows", "layout": ["label", "budget", "executed", "weight", "score"],
      "columns": [{"key": "budget", "type": "money"}, {"key": "executed", "type": "money"},
                  {"key": "weight", "type": "score"}, {"key": "score", "type": "score"}],
      "rows": [{"key": "r", "label": "r", "formulas": [
        {"column": "score", "expr": "execscore(executed, budget, weight)", "rule": "score"}]}]
    }]}]})json";
  Template t = Template::fromJson(kTiered);
  ReportContent r;
  r.tables["t"] = newTable(*t.table("t"), "t", 2024);
  RowContent& row = *r.table("t")->row("r");
  row.set("budget", "100");
  row.set("weight", "10");
  row.set("executed", "100");
  CHECK(computed(t, r, "t", "r", "score") == Fixed{1000});
  row.set("executed", "91.31");  // 8.69 % below: one full step
  CHECK(computed(t, r, "t", "r", "score") == Fixed{800});
  row.set("executed", "89");  // 11 % below: two full steps
  CHECK(computed(t, r, "t", "r", "score") == Fixed{600});
  row.set("executed", "10");
  CHECK(computed(t, r, "t", "r", "score") == Fixed{0});
}

// The department template with `options` (JSON members) added; options that set
// "scoreRule" take the place of its score rule and execution weight.
Template deptWith(const std::string& options) {
  const std::string kRule =
      "  \"executionWeight\": \"10\",\n  \"scoreRule\": {\n    \"kind\": \"proportional\",\n"
      "    \"step\": \"5%\",\n    \"deduct\": \"2\"\n  },\n";
  for (const auto& e : embeddedTemplates()) {
    if (e.key != "hunan-dept-selfeval") continue;
    std::string json(e.json);
    size_t at = json.find(kRule);
    REQUIRE(at != std::string::npos);
    bool replace = options.find("\"scoreRule\"") != std::string::npos;
    return Template::fromJson(json.replace(at, replace ? kRule.size() : 0, options + ",\n"));
  }
  FAIL("no department template");
  return Template::builtin("minimal");
}

TEST_CASE("compute: stepped and banded indicator rules are template options") {
  Template linear = Template::builtin("hunan-dept-selfeval");
  Template stepped =
      deptWith(R"("indicatorRule": {"kind": "tiered", "step": "5%", "deduct": "2"})");
  Template banded =
      deptWith(R"("indicatorRule": {"kind": "banded", "bands": [{"from": "90%", "share": "70%"},)"
               R"( {"from": "50%", "share": "50%"}]})");
  ReportContent r = newReport(linear, 2024, "某某局");
  TableContent& d = *r.table("dept-eval");
  auto scores = [&](const std::string& target, const std::string& actual) {
    RowContent& row = addRow(*linear.table("dept-eval"), d, "indicators");
    row.set("level1", "产出指标");
    row.set("level3", "指标");
    row.set("target", target);
    row.set("actual", actual);
    row.set("weight", "10");
    std::vector<std::optional<Fixed>> out;
    for (const Template* t : {&linear, &stepped, &banded})
      out.push_back(computed(*t, r, "dept-eval", row.key, "score"));
    return out;
  };
  using V = std::vector<std::optional<Fixed>>;
  CHECK(scores("≥95%", "95%") == V{Fixed{1000}, Fixed{1000}, Fixed{1000}});  // met: full marks
  // 完成率 90 / 95 = 94.74 %: linear 9.47; one full 5 % step below, 10 - 2; band ≥ 90 %, 70 %.
  CHECK(scores("≥95%", "90%") == V{Fixed{947}, Fixed{800}, Fixed{700}});
  // 完成率 52.63 %: nine steps below (never below 0); band ≥ 50 %, half.
  CHECK(scores("≥95%", "50%") == V{Fixed{526}, Fixed{0}, Fixed{500}});
  // "≤": 完成率 target / actual = 80 %: four steps; band ≥ 50 %.
  CHECK(scores("≤100%", "125%") == V{Fixed{800}, Fixed{200}, Fixed{500}});
  // Below the last band: 0.
  CHECK(scores("≥95%", "40%")[2] == Fixed{0});
}

TEST_CASE("compute: banded 预算执行率 and a fixed execution weight score the report") {
  Template linear = Template::builtin("hunan-dept-selfeval");
  Template banded =
      deptWith(R"("scoreRule": {"kind": "banded", "bands": [{"from": "100%", "share": "100%"},)"
               R"( {"from": "90%", "share": "80%"}, {"from": "80%", "share": "60%"}]},)"
               R"( "executionWeight": "10")");
  ReportContent r = newReport(linear, 2024, "某某局");
  RowContent& money = *r.table("dept-eval")->row("money-total");
  money.set("budgetFull", "813.27");
  money.set("executed", "742.56");  // 91.31 %
  money.set("weight", "10");
  CHECK(computed(linear, r, "dept-eval", "money-total", "score") == Fixed{913});
  CHECK(computed(banded, r, "dept-eval", "money-total", "score") == Fixed{800});
  money.set("executed", "650");  // 79.92 %: below the last band
  CHECK(computed(banded, r, "dept-eval", "money-total", "score") == Fixed{0});
  money.set("executed", "742.56");

  // A 分值 other than the template's: the score is by the template's 10, and the cell is
  // a "weights" error.
  money.set("weight", "20");
  CHECK(computed(banded, r, "dept-eval", "money-total", "score") == Fixed{800});
  CHECK(computed(linear, r, "dept-eval", "money-total", "score") == Fixed{913});
  auto weightFinding = [](const Template& t, const ReportContent& report) {
    for (const Finding& f : runChecks(t, report))
      if (f.location == "dept-eval/money-total/weight") return f.message;
    return std::string();
  };
  CHECK(weightFinding(banded, r) == "预算执行率的分值为20，应为10");
  CHECK(weightFinding(linear, r) == "预算执行率的分值为20，应为10");  // the built-in fixes 10
  money.set("weight", "10");
  CHECK(weightFinding(banded, r) == "");
}

TEST_CASE("compute: the minimal template's total fills in") {
  Template t = Template::builtin("minimal");
  ReportContent r = newReport(t, 2025, "测试科");
  CHECK(r.sections.size() == 3);
  TableContent& b = *r.table("budget");
  b.row("staff")->set("budget", "100");
  b.row("staff")->set("actual", "90");
  b.row("office")->set("budget", "50");
  CHECK(computed(t, r, "budget", "total", "budget") == Fixed{15000});
  CHECK(computed(t, r, "budget", "total", "actual") == Fixed{9000});
  CHECK(computed(t, r, "budget", "total", "rate") == Fixed{6000});
  CHECK(computed(t, r, "budget", "staff", "rate") == Fixed{9000});
  CHECK(computeCells(t, r).size() >= 4);
}

TEST_CASE("compute: a table as people read it, with computed cells") {
  Template t = Template::builtin("minimal");
  ReportContent r = newReport(t, 2025, "测试科");
  r.table("budget")->row("staff")->set("budget", "100");
  r.table("budget")->row("staff")->set("actual", "90");
  TableView view = viewTable(t, r, "budget");
  REQUIRE(view.blocks.size() == 1);
  const RowView& total = view.blocks[0].rows.back();
  CHECK(total.key == "total");
  CHECK(total.label == "合计");
  REQUIRE(total.cells.size() == 3);
  CHECK(total.cells[0].column == "budget");
  CHECK(total.cells[0].isComputed);
  CHECK(total.cells[0].computed == "100.00");
  CHECK(total.cells[2].computed == "90.00%");
  std::string json = tableViewJson(view);
  CHECK(json.find("{\"column\":\"rate\",\"values\":[],\"computed\":\"90.00%\"}") !=
        std::string::npos);
  CHECK(tableViewText(view).find("total\t合计\tbudget= [100.00]") != std::string::npos);

  CHECK_THROWS_WITH_AS(viewTable(t, r, "nope"), doctest::Contains("its tables: budget"),
                       rs::InputError);
  CHECK_NOTHROW(requireCell(t, r, "budget", "staff", "actual"));
  CHECK_THROWS_WITH_AS(requireCell(t, r, "budget", "nope", "actual"),
                       doctest::Contains("its rows: staff, office, projects, total"),
                       rs::InputError);
  CHECK_THROWS_WITH_AS(requireCell(t, r, "budget", "staff", "nope"),
                       doctest::Contains("its columns: label, budget, actual, rate"),
                       rs::InputError);
}
