// Template files with mistakes are refused with their line and field (issue 13 item 2).
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>

#include "report/checks.h"
#include "report/new_report.h"
#include "report/template.h"
#include "report/template_check.h"
#include "report/template_data.h"
#include "util/errors.h"

using namespace rs::report;

namespace {

std::string builtinJson(std::string_view key) {
  for (const auto& t : embeddedTemplates())
    if (t.key == key) return std::string(t.json);
  FAIL("no template " << key);
  return "";
}

// The JSON of the minimal template with the first `from` after line `line` replaced.
std::string broken(int line, const std::string& from, const std::string& to) {
  std::string json = builtinJson("minimal");
  size_t at = 0;
  for (int l = 1; l < line; ++l) at = json.find('\n', at) + 1;
  size_t p = json.find(from, at);
  REQUIRE(p != std::string::npos);
  REQUIRE(json.substr(at, json.find('\n', at) - at).find(from) != std::string::npos);
  return json.replace(p, from.size(), to);
}

std::string refusal(const std::string& json) {
  try {
    checkTemplateJson(json);
  } catch (const rs::InputError& e) {
    return e.what();
  }
  return "";
}

int lineOf(const std::string& json, const std::string& text) {
  size_t p = json.find(text);
  REQUIRE(p != std::string::npos);
  return 1 + int(std::count(json.begin(), json.begin() + long(p), '\n'));
}

}  // namespace

TEST_CASE("template check: the shipped templates pass") {
  for (const auto& key : Template::builtinKeys()) {
    INFO(key);
    CHECK(refusal(builtinJson(key)) == "");
  }
}

TEST_CASE("template check: each mistake is named by its line and field") {
  std::string json = builtinJson("minimal");
  int type = lineOf(json, "\"type\": \"text\"");
  std::string wrongEnum = broken(type, "\"text\"", "\"txet\"");
  CHECK(refusal(wrongEnum) == "template line " + std::to_string(type) +
                                  ": tables[0].blocks[0].columns[0].type: \"txet\" is not one of "
                                  "text, money, percent, count, score, number");
  CHECK_THROWS_WITH_AS(Template::fromJson(wrongEnum),
                       doctest::Contains(("line " + std::to_string(type)).c_str()), rs::InputError);

  int title = lineOf(json, "\"title\": \"工作报告\"");
  CHECK(refusal(broken(title, "\"title\"", "\"titel\"")) ==
        "template line " + std::to_string(title) + ": titel: no such field in the template schema");
  CHECK(refusal(broken(title, "\"工作报告\"", "12")) ==
        "template line " + std::to_string(title) + ": title: expected text, not a number");

  int required = lineOf(json, "\"required\": true");
  CHECK(refusal(broken(required, "true", "\"yes\"")) ==
        "template line " + std::to_string(required) +
            ": sections[0].required: expected true or false, not text");

  // A formula that does not parse, at its own line.
  size_t exprAt = json.find("\"expr\": \"");
  REQUIRE(exprAt != std::string::npos);
  int expr = lineOf(json, "\"expr\": \"");
  std::string badFormula = broken(expr, "\"expr\": \"", "\"expr\": \"rate(");
  std::string message = refusal(badFormula);
  CHECK(message.find("template line " + std::to_string(expr) + ": tables[0].blocks[0].rows[") == 0);
  CHECK(message.find(".expr: template formula") != std::string::npos);

  // Not JSON at all: a missing comma, at the line where the next field starts.
  int version = lineOf(json, "\"version\": 1,");
  CHECK(refusal(broken(version, "\"version\": 1,", "\"version\": 1")) ==
        "template line " + std::to_string(version + 1) + ": expected '}'");

  // No key.
  CHECK(refusal(broken(2, "\"key\": \"minimal\"", "\"key\": \"\"")) ==
        "template line 2: key: the template's key is empty");
  CHECK(refusal("{\n  \"title\": \"x\"\n}") == "template line 1: key: the template has no key");
}

TEST_CASE("template check: score rules and weights are checked with their line and field") {
  std::string json = builtinJson("hunan-dept-selfeval");
  int rule = lineOf(json, "\"kind\": \"proportional\"");
  auto withRule = [&](const std::string& to) {
    std::string j = json;
    size_t at = j.find("\"kind\": \"proportional\"");
    return j.replace(at, std::string("\"kind\": \"proportional\"").size(), to);
  };
  CHECK(refusal(withRule("\"kind\": \"banded\"")) ==
        "template line " + std::to_string(rule - 1) +
            ": scoreRule.bands: a banded rule needs its bands");
  CHECK(refusal(withRule("\"kind\": \"banded\", \"bands\": [{\"from\": \"90%\", \"share\": "
                         "\"80%\"},\n{\"from\": \"95%\", \"share\": \"60%\"}]")) ==
        "template line " + std::to_string(rule + 1) +
            ": scoreRule.bands[1].from: bands go from the highest rate down; this one is not "
            "below the one before");
  CHECK(refusal(withRule("\"kind\": \"banded\", \"bands\": [{\"from\": \"90%\", \"share\": "
                         "\"八成\"}]")) ==
        "template line " + std::to_string(rule) +
            ": scoreRule.bands[0].share: \"八成\" is not a figure");
  CHECK(refusal(withRule("\"kind\": \"banded\", \"bands\": [{\"from\": \"90%\", \"share\": "
                         "\"120%\"}]")) ==
        "template line " + std::to_string(rule) +
            ": scoreRule.bands[0].share: a share (percent) is between 0 and 100");
  CHECK(refusal(withRule("\"kind\": \"banded\", \"bands\": [{\"from\": \"90%\", \"share\": "
                         "\"80%\"}]")) == "");
  // A stepped rule with a step of 0 would never deduct.
  int step = lineOf(json, "\"step\": \"5%\"");
  std::string zeroStep = withRule("\"kind\": \"tiered\"");
  zeroStep.replace(zeroStep.find("\"step\": \"5%\""), 12, "\"step\": \"0%\"");
  CHECK(refusal(zeroStep) ==
        "template line " + std::to_string(step) + ": scoreRule.step: the step must be above 0");

  // Weights per 一级指标, with 预算执行率 fixed, add up to 100.
  std::string heavy = json;
  heavy.insert(heavy.find('{') + 1, "\n  \"executionWeight\": \"20\",");
  int groups = lineOf(heavy, "\"groups\": [");
  CHECK(refusal(heavy) == "template line " + std::to_string(groups) +
                              ": tables[2].blocks[4].groups: the 一级指标 weigh 90 and 预算执行率 "
                              "(executionWeight) 20: together 110, not 100");
  std::string weightText = json;
  weightText.replace(weightText.find("\"weight\": \"50\""), 14, "\"weight\": \"五十\"");
  int fifty = lineOf(weightText, "\"weight\": \"五十\"");
  CHECK(refusal(weightText).find("template line " + std::to_string(fifty) + ": tables[") == 0);
  CHECK(refusal(weightText).find(".groups[0].weight: \"五十\" is not a figure") !=
        std::string::npos);
  // Weights are bounded (总分 100), so that their sums stay small.
  std::string huge = json;
  huge.replace(huge.find("\"weight\": \"50\""), 14, "\"weight\": \"999999999999\"");
  CHECK(refusal(huge).find(".groups[0].weight: a weight is between 0 and 100") !=
        std::string::npos);
}

// The second template shipped: the project-level report that major projects file, with its
// own sections and one 项目支出绩效自评表. A document type is data, not code.
TEST_CASE("the 项目支出绩效自评报告 template: a filled report validates, a wrong 总分 does not") {
  Template t = Template::builtin("hunan-project-selfeval");
  CHECK(t.root().getSections().size() == 7);
  ReportContent r = newReport(t, 2024, "洪江市工业和信息化局");
  CHECK(r.title == "2024年度洪江市工业和信息化局项目支出绩效自评报告");
  std::function<void(std::vector<SectionContent>&)> fill = [&](std::vector<SectionContent>& ss) {
    for (auto& s : ss) {
      s.body = "本项目按计划实施。";
      fill(s.children);
    }
  };
  fill(r.sections);
  REQUIRE(r.table("project-eval"));
  TableContent& p = *r.table("project-eval");
  p.row("project-name")->set("value", "遗属生活补助");
  p.row("implementer")->set("value", "洪江市工业和信息化局");
  p.row("current")->set("budgetInitial", "1.21");
  p.row("current")->set("budgetFull", "1.21");
  p.row("current")->set("executed", "1.21");
  RowContent& money = *p.row("money-total");
  money.set("budgetFull", "1.21");
  money.set("executed", "1.21");
  money.set("weight", "10");
  p.row("goal")->set("expected", "按标准发放，保障遗属基本生活。");
  p.row("goal")->set("actual", "按季度发放到位。");
  auto indicator = [&](const char* l1, const char* l2, const char* l3, const char* target,
                       const char* actual, const char* weight) {
    RowContent& row = addRow(*t.table("project-eval"), p, "indicators");
    row.set("level1", l1);
    row.set("level2", l2);
    row.set("level3", l3);
    row.set("target", target);
    row.set("actual", actual);
    row.set("weight", weight);
    row.set("score", weight);
  };
  indicator("产出指标", "数量指标", "保障人数", "2人", "2人", "25");
  indicator("产出指标", "时效指标", "发放及时率", "100%", "100%", "25");
  indicator("效益指标", "社会效益指标", "保障遗属基本生活", "达标", "达标", "30");
  indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%", "≥95%", "10");

  auto findings = runChecks(t, r);
  INFO(findingsText(findings));
  CHECK(findings.empty());

  p.row("total")->set("score", "95");
  findings = runChecks(t, r);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "total");
  CHECK(findings[0].location == "project-eval/total/score");
  CHECK(findings[0].expected == "100");
}

TEST_CASE("template check: a JSON syntax mistake is named by the field path it is in") {
  CHECK(refusal(R"({"tables": [{"blocks": [1, {"x": tru}]}]})") ==
        "template line 1: tables[0].blocks[1].x: not a JSON value");
  CHECK(refusal("{\"key\": \"a\nb\"}") == "template line 1: key: a line break inside a string");
  CHECK(refusal(R"({"sections": [{"title": "ab)") ==
        "template line 1: sections[0].title: a string that is never closed");
  CHECK(refusal("{\n\"sections\": [\n{} {}]}") == "template line 3: sections: expected ']'");
  // Escapes are read over, the quote they escape included; an empty name adds no dot.
  CHECK(refusal(R"({"tit\"el": "a\"b\\"})") ==
        R"(template line 1: tit\"el: no such field in the template schema)");
  CHECK(refusal(R"({"": [tru]})") == "template line 1: [0]: not a JSON value");
}
