#include <doctest/doctest.h>

#include "formats/text_export.h"
#include "formats/text_import.h"
#include "report/new_report.h"
#include "sample_data.h"

using namespace rs::report;
using rs::formats::exportText;
using rs::formats::importText;

TEST_CASE("round trip: the sample, exported and imported again, is the same report") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = importText(sampleText(), t);
  std::string text = exportText(r, t);
  ReportContent again = importText(text, t);
  CHECK(again.sections == r.sections);
  for (const auto& [key, table] : r.tables) {
    REQUIRE(again.table(key));
    CHECK_MESSAGE(*again.table(key) == table, key);
  }
  CHECK(again == r);
  CHECK(exportText(again, t) == text);  // and the text form is a fixed point
}

TEST_CASE("round trip: a new report, empty and then partly filled") {
  Template t = Template::builtin("hunan-dept-selfeval");
  ReportContent r = newReport(t, 2025, "某某局");
  CHECK(importText(exportText(r, t), t) == r);

  r.sections[0].children[0].body = "第一段。\n第二段，有“引号”。";
  r.sections[6].children.push_back({"", "新增的小节", "小节正文。", {}});
  TableContent& e = *r.table("expenditure");
  RowContent& item = addRow(*t.table("expenditure"), e, "goods");
  item.set("label", "办公费");
  item.set("amount", "5");
  r.table("dept-eval")->row("goal")->set("expected", "目标一；\n目标二。");
  TableContent& p = addTableInstance(t, r, "project-eval");
  p.row("project-name")->set("value", "项目甲");
  TableContent& q = addTableInstance(t, r, "project-eval");
  q.row("project-name")->set("value", "项目乙");
  RowContent& indicator = addRow(*t.table("project-eval"), q, "indicators");
  indicator.set("level1", "产出指标");
  indicator.set("level2", "数量指标");
  indicator.set("level3", "补助人数");
  indicator.set("target", "2人");

  ReportContent again = importText(exportText(r, t), t);
  CHECK(again.sections == r.sections);
  CHECK(*again.table("expenditure") == e);
  CHECK(*again.table("project-eval-2") == q);
  CHECK(again == r);
}

TEST_CASE("round trip: the minimal template") {
  Template t = Template::builtin("minimal");
  ReportContent r = newReport(t, 2025, "测试科");
  r.sections[0].body = "概述正文。";
  r.table("budget")->row("staff")->set("budget", "100");
  RowContent& added = addRow(*t.table("budget"), *r.table("budget"), "projects");
  added.set("label", "信息化项目");
  added.set("actual", "20");
  ReportContent again = importText(exportText(r, t), t);
  CHECK(again == r);
}
