// 2025's report made from the sample, 2024's (issue 13 item 3).
#include <doctest/doctest.h>

#include "formats/text_import.h"
#include "report/checks.h"
#include "report/compute.h"
#include "report/roll_forward.h"
#include "sample_data.h"
#include "util/errors.h"

using namespace rs::report;

namespace {

struct RolledSample {
  Template tmpl = Template::builtin("hunan-dept-selfeval");
  ReportContent last = rs::formats::importText(sampleText(), tmpl);
  ReportContent next = rollForward(tmpl, last, 2025);

  std::string cell(const ReportContent& r, const std::string& table, const std::string& row,
                   const std::string& column) const {
    const TableContent* t = r.table(table);
    REQUIRE(t);
    const RowContent* rc = t->row(row);
    REQUIRE(rc);
    return rc->text(column).value_or("<conflict>");
  }
};

// Every indicator row of a table: (level3, target, weight).
std::vector<std::tuple<std::string, std::string, std::string>> indicators(const TableContent& t) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& r : t.rows) {
    if (r.group == "indicators")
      out.emplace_back(*r.text("level3"), *r.text("target"), *r.text("weight"));
  }
  return out;
}

}  // namespace

TEST_CASE("roll forward: 2025 from the sample keeps prose as a draft, clears 2024's figures") {
  RolledSample s;
  CHECK(s.next.year == 2025);
  CHECK(s.next.title == "2025年度洪江市工业和信息化局整体支出绩效自评报告");
  CHECK(s.next.dept == s.last.dept);

  // Prose kept, marked carried over; an empty section is not.
  REQUIRE(s.next.sections.size() == s.last.sections.size());
  const SectionContent& basic = s.next.sections[1].children[0];
  CHECK(basic.body == s.last.sections[1].children[0].body);
  CHECK(basic.status == kCarriedOver);
  CHECK(s.next.sections[5].status == "上年沿用");
  CHECK(s.next.sections[1].status.empty());  // 二 has only subsections
  CHECK(s.last.sections[5].status.empty());

  // 上年决算数 = 2024's 本年决算数, row by row; 2025's columns empty.
  for (const auto& row : s.last.table("basic-data")->rows) {
    auto actual = row.text("actual");
    if (!actual || actual->empty() || row.key == "staffing") continue;
    INFO(row.key);
    CHECK(s.cell(s.next, "basic-data", row.key, "prev") == *actual);
    CHECK(s.cell(s.next, "basic-data", row.key, "actual") == "");
    CHECK(s.cell(s.next, "basic-data", row.key, "budget") == "");
  }
  CHECK(s.cell(s.next, "basic-data", "projects-1", "prev") == "1.21");
  CHECK(s.cell(s.next, "basic-data", "projects-1", "label") ==
        s.cell(s.last, "basic-data", "projects-1", "label"));
  CHECK(s.cell(s.next, "basic-data", "reception", "prev") == "2.48");
  CHECK(s.cell(s.next, "basic-data", "office", "prev") == "5");
  CHECK(s.cell(s.next, "basic-data", "staffing", "actual") == "");
  // The 上年决算数 of a total is its formula over the items: 公用经费 2024 决算 39.12.
  auto publicPrev = computeCell(s.tmpl, s.next, "basic-data", "public", "prev");
  REQUIRE(publicPrev);
  CHECK(formatFigure(*publicPrev->computed, publicPrev->type) == "39.12");

  // Indicators keep names, targets and weights; actuals, scores and reasons are cleared.
  for (const char* key : {"dept-eval", "project-eval-1"}) {
    INFO(key);
    const TableContent& before = *s.last.table(key);
    const TableContent& after = *s.next.table(key);
    CHECK(indicators(after) == indicators(before));
    CHECK(indicators(after).size() >= 8);
    for (const auto& r : after.rows) {
      for (const char* column : {"actual", "score", "reason", "executed", "budgetFull",
                                 "budgetInitial", "rate", "amount"}) {
        CHECK_MESSAGE(r.text(column).value_or("") == "", (r.key + "/" + column));
      }
    }
    CHECK(after.row("money-total")->text("weight") == "10");
  }
  // The project is listed again, under its name.
  CHECK(s.cell(s.next, "project-eval-1", "project-name", "value") == "遗属生活补助");
  CHECK(s.cell(s.next, "dept-eval", "goal", "expected") ==
        s.cell(s.last, "dept-eval", "goal", "expected"));
  CHECK(s.cell(s.next, "dept-eval", "goal", "actual") == "");

  // Expenditure items are listed again, their amounts cleared.
  size_t items = 0;
  for (const auto& r : s.next.table("expenditure")->rows) {
    CHECK(r.text("amount").value_or("") == "");
    items += r.added();
  }
  size_t lastItems = 0;
  for (const auto& r : s.last.table("expenditure")->rows) lastItems += r.added();
  CHECK(items == lastItems);

  // Not a single 2024 figure is left to be checked against: no sum, rate or score finding.
  for (const auto& f : runChecks(s.tmpl, s.next)) {
    CHECK_MESSAGE(f.rule != "sum", f.message);
    CHECK_MESSAGE(f.rule != "score", f.message);
    CHECK_MESSAGE(f.rule != "total", f.message);
  }
}

TEST_CASE("roll forward: a year that is not after last year's is refused") {
  RolledSample s;
  CHECK_THROWS_AS(rollForward(s.tmpl, s.last, 2024), rs::InputError);
  CHECK_THROWS_AS(rollForward(s.tmpl, s.last, 2023), rs::InputError);
}
