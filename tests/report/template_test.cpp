#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "report/expression.h"
#include "report/new_report.h"
#include "report/table_order.h"
#include "report/template.h"
#include "util/errors.h"

using namespace rs::report;

TEST_CASE("template: the built-in templates decode") {
  auto keys = Template::builtinKeys();
  CHECK(std::find(keys.begin(), keys.end(), "hunan-dept-selfeval") != keys.end());
  CHECK(std::find(keys.begin(), keys.end(), "minimal") != keys.end());

  Template t = Template::builtin("hunan-dept-selfeval");
  CHECK(t.key() == "hunan-dept-selfeval");
  auto sections = t.root().getSections();
  REQUIRE(sections.size() == 10);
  CHECK(std::string(sections[0].getTitle().cStr()) == "基本情况");
  CHECK(sections[0].getChildren().size() == 2);
  CHECK(std::string(sections[1].getChildren()[0].getTitle().cStr()) == "基本支出情况");
  CHECK(std::string(sections[9].getTitle().cStr()) == "其他需要说明的情况");

  CHECK(t.table("expenditure"));
  CHECK(t.table("basic-data"));
  CHECK(t.table("dept-eval"));
  REQUIRE(t.table("project-eval"));
  CHECK(t.table("project-eval")->getRepeatable());
  CHECK(t.root().getScoreRule().getKind() == rs::proto::ScoreRule::Kind::PROPORTIONAL);
}

TEST_CASE("template: every formula and check of every built-in template parses") {
  for (const auto& key : Template::builtinKeys()) {
    Template t = Template::builtin(key);
    for (auto table : t.root().getTables()) {
      for (auto block : table.getBlocks()) {
        for (auto f : block.getAddedFormulas()) CHECK_NOTHROW(parseExpression(f.getExpr().cStr()));
        for (auto row : block.getRows()) {
          for (auto f : row.getFormulas()) CHECK_NOTHROW(parseExpression(f.getExpr().cStr()));
        }
      }
      for (auto c : table.getChecks()) {
        CHECK_NOTHROW(parseExpression(c.getLeft().cStr()));
        CHECK_NOTHROW(parseExpression(c.getRight().cStr()));
      }
    }
  }
}

TEST_CASE("template: bad templates and keys are refused clearly") {
  CHECK_THROWS_WITH_AS(Template::builtin("nope"),
                       doctest::Contains("known templates: hunan-dept-selfeval"), rs::InputError);
  CHECK_THROWS_AS(Template::fromJson("{not json"), rs::InputError);
  CHECK_THROWS_WITH_AS(Template::fromJson("{\"title\": \"x\"}"), doctest::Contains("key"),
                       rs::InputError);
  CHECK_THROWS_AS(parseExpression("rate(a)"), rs::InputError);
  CHECK_THROWS_AS(parseExpression("nosuch(a, b)"), rs::InputError);
}

TEST_CASE("template: a new report has every section and table") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = newReport(t, 2025, "某某局");
  CHECK(r.title == "2025年度某某局整体支出绩效自评报告");
  REQUIRE(r.sections.size() == 10);
  CHECK(r.sections[1].children.size() == 2);
  CHECK(r.sections[1].children[0].templateKey == "basic-spending");
  CHECK(r.tables.size() == 3);
  REQUIRE(r.table("dept-eval"));
  CHECK(r.table("dept-eval")->row("money-total"));
  CHECK(r.table("basic-data")->title == "2025年度整体支出绩效评价基础数据表");
  CHECK(findSection(r, "2.1") == &r.sections[1].children[0]);
  CHECK(findSection(r, "11") == nullptr);

  TableContent& p1 = addTableInstance(t, r, "project-eval");
  CHECK(p1.key == "project-eval-1");
  CHECK(addTableInstance(t, r, "project-eval").key == "project-eval-2");
  CHECK_THROWS_AS(addTableInstance(t, r, "dept-eval"), rs::InputError);
  // Listed in the template's order, instances by their number: -10 after -9, not after -1.
  for (int n = 3; n <= 10; ++n) addTableInstance(t, r, "project-eval");
  std::vector<std::string> tables;
  for (const TableContent* table : tablesInOrder(t, r)) tables.push_back(table->key);
  REQUIRE(tables.size() == 13);
  CHECK(std::vector<std::string>(tables.begin() + 3, tables.end()) ==
        std::vector<std::string>{"project-eval-1", "project-eval-2", "project-eval-3",
                                 "project-eval-4", "project-eval-5", "project-eval-6",
                                 "project-eval-7", "project-eval-8", "project-eval-9",
                                 "project-eval-10"});
  for (int n = 3; n <= 10; ++n) r.tables.erase("project-eval-" + std::to_string(n));

  // Added rows go after their group, keyed by it.
  auto tt = *t.table("expenditure");
  TableContent& e = *r.table("expenditure");
  RowContent& item = addRow(tt, e, "wages");
  CHECK(item.key == "wages-1");
  CHECK(addRow(tt, e, "wages").key == "wages-2");
  std::vector<std::string> order;
  for (const auto& row : e.rows) order.push_back(row.key);
  CHECK(order == std::vector<std::string>{"basic", "wages", "wages-1", "wages-2", "goods", "family",
                                          "projects", "total"});
  CHECK_THROWS_AS(addRow(tt, e, "basic"), rs::InputError);
}
