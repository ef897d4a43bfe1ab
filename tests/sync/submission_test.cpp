// Submission end to end: the office submits the sample through the real server binary with
// the real command line, the bureau works on the web pages with a plain HTTP client (as a
// browser would), and the verdict comes back to the office.
#include <doctest/doctest.h>
#include <httplib.h>

#include <fstream>
#include <sstream>

#include "county_summary.h"
#include "run_store.h"
#include "submission_build.h"
#include "submission_fixture.h"

using namespace rs::test::submission;
using rs::test::runProcess;

TEST_CASE(
    "the sample through a real server: refused, fixed, submitted, returned, submitted again") {
  Setup s;

  // Errors stand: refused, with the findings in the answer.
  auto refused = s.office.run({"submit", s.id});
  CHECK(refused.exitCode == 1);
  CHECK(contains(refused.out, "error\tscore\tdept-eval/money-total/score"));
  CHECK(contains(refused.out, "error\ttotal\tdept-eval/total/score"));
  CHECK(contains(refused.err, "2 error(s) stand"));
  CHECK(s.office.ok({"submissions", s.id}) == "no submissions");

  // A member who is not the office cannot submit.
  s.office.ok({"invite", s.id, "zhang"});
  s.zhang.ok({"join", s.id});
  auto notOffice = s.zhang.run({"submit", s.id});
  CHECK(notOffice.exitCode == 3);
  CHECK(contains(notOffice.err, "only the report's owner or office"));

  // The computed figures accepted: only warnings remain, and each needs a reason.
  s.office.ok({"set-cell", s.id, "dept-eval", "money-total", "score", "9.13"});
  s.office.ok({"set-cell", s.id, "dept-eval", "total", "score", "99.13"});
  auto warnings = s.office.run({"submit", s.id});
  CHECK(warnings.exitCode == 1);
  CHECK(!contains(warnings.out, "error\t"));
  CHECK(contains(warnings.out, "warning\tsum-tail\texpenditure/wages/amount"));
  CHECK(contains(warnings.err, "--explain 'sum-tail@expenditure/wages/amount=REASON'"));
  // A reason too short, a warning the report does not have, the old flag: refused, and
  // nothing is submitted.
  auto tooShort =
      s.office.run({"submit", s.id, "--explain", "sum-tail@expenditure/wages/amount=无误"});
  CHECK(tooShort.exitCode == 2);
  CHECK(contains(tooShort.err, "too short"));
  auto unknown = s.office.run({"submit", s.id, "--explain", "sum@nowhere/row/col=说明理由足够长"});
  CHECK(unknown.exitCode == 2);
  CHECK(contains(unknown.err, "the report has no warning sum@nowhere/row/col"));
  CHECK(contains(unknown.err, "sum-tail@expenditure/wages/amount"));
  CHECK(s.office.run({"submit", s.id, "--ack-warnings"}).exitCode == 2);
  // One warning explained, not the other: refused by the server.
  auto half =
      s.office.run({"submit", s.id, "--explain", "sum-tail@expenditure/wages/amount=" + kReason});
  CHECK(half.exitCode == 1);
  CHECK(contains(half.err, "without an explanation"));
  CHECK(s.office.ok({"submissions", s.id}) == "no submissions");

  std::string out = s.office.ok(submitExplaining(s.id, warnings.out, kReason));
  CHECK(contains(out, "explained\tsum-tail@expenditure/wages/amount\t" + kReason));
  CHECK(contains(out, "submitted #1 sha256 "));
  // The fingerprint is that of the canonical JSON, as `show --json` prints it.
  std::string sha = rs::server::sha256Hex(s.office.ok({"show", s.id, "--json"}));
  CHECK(contains(out, sha));
  auto listed = lines(s.office.ok({"submissions", s.id}));
  REQUIRE(listed.size() == 1);
  CHECK(column(listed[0], 0) == "#1");
  CHECK(column(listed[0], 1) == "submitted");
  CHECK(column(listed[0], 4) == sha);
  // Waiting for review: no second submission yet.
  auto pending = s.office.run(submitExplaining(s.id, warnings.out, kReason));
  CHECK(pending.exitCode == 3);
  CHECK(contains(pending.err, "waits for the bureau's review"));

  // The bureau: list, report page, downloads.
  Browser bureau(s.server->url());
  auto toLogin = bureau.get("/bureau");
  REQUIRE(toLogin);
  CHECK(toLogin->status == 303);
  CHECK(toLogin->get_header_value("Location") == "/bureau/login");
  REQUIRE(bureau.login("reviewer") == 303);
  CHECK(contains(bureau.cookie, "rs_bureau="));
  auto list = bureau.get("/bureau");
  REQUIRE(list);
  CHECK(list->status == 200);
  CHECK(contains(list->body, "洪江市工业和信息化局"));
  CHECK(contains(list->body, "2024年度"));
  CHECK(contains(list->body, "href=\"/bureau/submissions/1\""));
  CHECK(contains(list->body, "待审核"));
  auto page = bureau.get("/bureau/submissions/1");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(contains(page->body, "整体支出绩效自评报告"));
  CHECK(contains(page->body, sha));
  CHECK(contains(page->body, "<article"));
  // Each warning as its message, with the office's reason under it; no internal key.
  CHECK(contains(page->body, "提交时说明的警告"));
  CHECK(contains(page->body, "单位说明：" + kReason));
  CHECK(contains(page->body, "工资福利支出"));
  CHECK_FALSE(contains(page->body, "sum-tail@"));
  CHECK_FALSE(contains(page->body, "@expenditure/"));
  auto docx = bureau.get("/bureau/submissions/1/report.docx");
  REQUIRE(docx);
  CHECK(docx->status == 200);
  CHECK(docx->get_header_value("Content-Type") ==
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(contains(docx->get_header_value("Content-Disposition"), "attachment; filename="));
  CHECK(docx->body.rfind("PK\x03\x04", 0) == 0);
  CHECK(contains(docx->body, "word/document.xml"));
  auto pdf = bureau.get("/bureau/submissions/1/report.pdf");
  REQUIRE(pdf);
  CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
  CHECK(pdf->body.rfind("%PDF-", 0) == 0);

  // Without the CSRF token, or with a wrong one, nothing happens.
  std::string csrf = csrfOf(page->body);
  auto forged = bureau.post("/bureau/submissions/1/review", "decision=return&comment=x");
  REQUIRE(forged);
  CHECK(forged->status == 403);
  forged = bureau.post("/bureau/submissions/1/review",
                       "decision=return&comment=x&csrf=" + std::string(csrf.size(), '0'));
  REQUIRE(forged);
  CHECK(forged->status == 403);
  CHECK(column(lines(s.office.ok({"submissions", s.id}))[0], 1) == "submitted");

  // Returned with a comment; the office sees it.
  auto returned = bureau.post("/bureau/submissions/1/review",
                              "csrf=" + csrf +
                                  "&decision=return&comment=%E8%AF%B7%E8%AF%B4%E6%98%8E%E9%A2%84"
                                  "%E7%AE%97%E8%B0%83%E6%95%B4+%3Cb%3E");
  REQUIRE(returned);
  CHECK(returned->status == 303);
  page = bureau.get("/bureau/submissions/1");
  CHECK(contains(page->body, "已退回"));
  CHECK(contains(page->body, "请说明预算调整 &lt;b&gt;"));  // escaped
  listed = lines(s.office.ok({"submissions", s.id}));
  REQUIRE(listed.size() == 1);
  CHECK(column(listed[0], 1) == "returned");
  CHECK(column(listed[0], 6) == "reviewer");
  CHECK(column(listed[0], 7) == "请说明预算调整 <b>");
  // `list` shows the verdict as last fetched, also offline.
  s.office.ok({"sync"});
  CHECK(contains(s.office.ok({"list"}), "submission #1 returned: 请说明预算调整 <b>"));

  // Edited and submitted again: a second submission; the first stays as it was. One
  // paragraph and one figure change (the figure no longer agrees with the prose: a new
  // warning, explained like the others).
  s.office.ok({"edit", s.id, "1", "--insert", "0", "（已补充说明）"});
  s.office.ok({"edit", s.id, "1.1", "--insert", "0", "（修改）"});
  s.office.ok({"set-cell", s.id, "dept-eval", "indicators-1", "actual", "12家"});
  s.office.ok({"set-cell", s.id, "expenditure", "wages-1", "amount", "225.420"});  // one figure
  auto refusedAgain = s.office.run({"submit", s.id});
  CHECK(refusedAgain.exitCode == 1);
  out = s.office.ok(submitExplaining(s.id, refusedAgain.out, kReason));
  CHECK(contains(out, "submitted #2 "));

  // What changed since the return: the paragraph with its insertion marked, the cell
  // old -> new, the warning that appeared; on the command line and on the bureau's page.
  std::string diff = s.office.ok({"submissions", s.id, "--diff", "1", "2"});
  CHECK(contains(diff, "提交 #1 → #2"));
  CHECK(contains(diff, "章节 1 基本情况"));
  CHECK(contains(diff, "  + （已补充说明）\n"));  // a paragraph added
  CHECK(contains(diff, "章节 1.1 部门（单位）基本情况"));
  CHECK(contains(diff, "  ~ {+（修改）+}洪江市工业和信息化局隶属于"));  // one changed
  CHECK(contains(diff, "表格 部门整体支出绩效自评表 / 新增规模工业企业 / 实际完成值：11家 → 12家"));
  CHECK(contains(diff, "新出现 警告："));
  CHECK_FALSE(contains(diff, "225.42"));  // "225.42" and "225.420" are one figure: no change
  CHECK(contains(s.office.run({"submissions", s.id, "--diff", "1", "9"}).err, "no submission #9"));
  listed = lines(s.office.ok({"submissions", s.id}));
  REQUIRE(listed.size() == 2);
  CHECK(column(listed[0], 0) == "#1");
  CHECK(column(listed[0], 1) == "returned");
  CHECK(column(listed[0], 4) == sha);
  CHECK(column(listed[1], 0) == "#2");
  CHECK(column(listed[1], 1) == "submitted");
  CHECK(column(listed[1], 4) != sha);
  page = bureau.get("/bureau/submissions/2");
  REQUIRE(page);
  CHECK(contains(page->body, "与<a href=\"/bureau/submissions/1\">提交 #1</a>相比的变化"));
  CHECK(contains(page->body, "<ins>（已补充说明）</ins>"));
  CHECK(contains(page->body, "<p class=\"para\"><ins>（修改）</ins>洪江市工业和信息化局隶属于"));
  CHECK(contains(page->body, "<del>11家</del>"));
  CHECK(contains(page->body, "<ins>12家</ins>"));
  CHECK(contains(page->body, "新出现的问题"));
  list = bureau.get("/bureau");
  CHECK(contains(list->body, "href=\"/bureau/submissions/2\""));
  CHECK(contains(list->body, "href=\"/bureau/submissions/1\""));
  // A decided submission is not decided again.
  auto again = bureau.post("/bureau/submissions/1/review", "csrf=" + csrf + "&decision=accept");
  REQUIRE(again);
  CHECK(again->status == 409);
  auto accepted = bureau.post("/bureau/submissions/2/review", "csrf=" + csrf + "&decision=accept");
  REQUIRE(accepted);
  CHECK(accepted->status == 303);
  CHECK(column(lines(s.office.ok({"submissions", s.id}))[1], 1) == "accepted");
}

TEST_CASE("the bureau pages are for bureau users only") {
  Setup s;
  Browser member(s.server->url());
  CHECK(member.login("zhang") == 403);
  CHECK(member.cookie.empty());
  Browser office(s.server->url());
  CHECK(office.login("office") == 403);
  auto wrong = office.post("/bureau/login", "user=reviewer&password=wrong-password");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  // A made-up cookie is no session.
  Browser forged(s.server->url());
  forged.cookie = "rs_bureau=" + std::string(64, 'a');
  auto r = forged.get("/bureau/submissions/1/report.pdf");
  REQUIRE(r);
  CHECK(r->status == 303);
}

TEST_CASE("the county's summary workbook: a row per department, figures as numbers, bureau only") {
  Setup s;
  submitFixed(s.office, s.id);
  // A second department: the sample under another name.
  std::string id2 = importRenamed(s, "洪江市测试局");
  // It spent 1.1 of its project's 1.21 万元, and says so in the project's table.
  const std::vector<std::vector<std::string>> spent{{"current", "executed", "1.1"},
                                                    {"money-total", "executed", "1.1"},
                                                    {"money-total", "rate", "90.91%"},
                                                    {"money-total", "score", "9.09"},
                                                    {"total", "score", "99.09"}};
  for (const auto& cell : spent)
    s.office.ok({"set-cell", id2, "project-eval-1", cell[0], cell[1], cell[2]});
  submitFixed(s.office, id2);

  Browser bureau(s.server->url());
  REQUIRE(bureau.login("reviewer") == 303);
  auto list = bureau.get("/bureau");
  REQUIRE(list);
  CHECK(contains(list->body, "action=\"/bureau/summary.xlsx\""));
  auto xlsx = bureau.get("/bureau/summary.xlsx?year=2024");
  REQUIRE(xlsx);
  REQUIRE(xlsx->status == 200);
  CHECK(xlsx->get_header_value("Content-Type") ==
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  std::string path = s.dir.sub("summary.xlsx");
  std::ofstream(path, std::ios::binary) << xlsx->body;

  // Read back by an independent reader (openpyxl): every cell of the summary sheet, one row a
  // line, cells tab-separated; numbers as Python prints them.
  const std::string reader =
      "import sys, openpyxl\n"
      "wb = openpyxl.load_workbook(sys.argv[1])\n"
      "print('sheets', '|'.join(wb.sheetnames))\n"
      "for row in wb.worksheets[0].iter_rows(values_only=True):\n"
      "    print('\\t'.join('' if v is None else repr(v) if isinstance(v, float) else str(v) "
      "for v in row))\n"
      "ws = wb.worksheets[2]\n"
      "print('frozen', wb.worksheets[0].freeze_panes, 'indicators', ws.max_row - 1, "
      "ws['C2'].value, "
      "ws['G2'].value)\n"
      "print('format', wb.worksheets[0]['F2'].number_format)\n";
  auto read = runProcess({"/usr/bin/python3", "-c", reader, path});
  INFO(read.err);
  REQUIRE(read.exitCode == 0);
  auto rows = lines(read.out);
  INFO(read.out);
  REQUIRE(rows.size() >= 6);
  CHECK(rows[0] == "sheets 2024年度汇总|2024年度项目得分|洪江市工业和信息化局|洪江市测试局");
  CHECK(contains(rows[1], "部门\t报告\t提交编号\t提交时间\t状态\t全年预算数（万元）"));
  // Departments in order; figures of the submitted version (总分 as corrected).
  const std::string figures = "\t813.27\t742.56\t91.31\t346.52\t1.21\t2.48\t82.67\t92\t99.13";
  CHECK(rows[2].rfind("洪江市工业和信息化局\t2024年度洪江市工业和信息化局", 0) == 0);
  CHECK(contains(rows[2], "\t1\t"));
  CHECK(contains(rows[2], "待审核" + figures));
  CHECK(rows[3].rfind("洪江市测试局\t", 0) == 0);
  CHECK(contains(rows[3], "待审核" + figures));
  CHECK(rows.size() == 6);  // the header, two departments, three summary lines
  CHECK(rows[4] == "frozen B2 indicators 14 新增规模工业企业 5");
  CHECK(rows[5] == "format 0.00");

  // Another year has no rows; a malformed year is refused.
  auto none = bureau.get("/bureau/summary.xlsx?year=2023");
  REQUIRE(none);
  CHECK(none->status == 200);
  auto bad = bureau.get("/bureau/summary.xlsx?year=20x4");
  REQUIRE(bad);
  CHECK(bad->status == 400);

  // Each department's 项目支出绩效自评表s (issue 12): project, figures and scores, read back by
  // openpyxl and compared with what the report's own table says.
  std::string table = s.office.ok({"table", s.id, "project-eval-1"});
  INFO(table);
  CHECK(contains(table, "value=遗属生活补助"));
  CHECK(contains(table, "budgetFull=1.21"));
  CHECK(contains(table, "rate=100% [100.00%]\tscore=10 [10]"));
  CHECK(contains(table, "score=100 [100]"));
  // The summary reader, on the sheet 项目得分 instead.
  std::string projectReader = reader.substr(0, reader.find("ws = wb.worksheets[2]"));
  size_t loop = projectReader.find("wb.worksheets[0]");
  projectReader.replace(loop, 16, "wb['2024年度项目得分']");
  projectReader += "print('frozen', wb['2024年度项目得分'].freeze_panes)\n";
  auto projects = runProcess({"/usr/bin/python3", "-c", projectReader, path});
  INFO(projects.err);
  auto projectRows = lines(projects.out);
  INFO(projects.out);
  REQUIRE(projectRows.size() == 5);
  CHECK(projectRows[4] == "frozen C2");
  CHECK(projectRows[0] == "sheets 2024年度汇总|2024年度项目得分|洪江市工业和信息化局|洪江市测试局");
  CHECK(projectRows[1] ==
        "部门\t项目支出名称\t实施单位\t表格\t全年预算数（万元）\t全年执行数（万元）\t执行率（%）"
        "\t预算执行得分\t总分\t按评分规则计算的总分");
  CHECK(projectRows[2] ==
        "洪江市工业和信息化局\t遗属生活补助\t洪江市工业和信息化局\tproject-eval-1"
        "\t1.21\t1.21\t100\t10\t100\t100");
  // The second department spent less on it (corrected before submitting): 1.1 / 1.21.
  CHECK(projectRows[3] ==
        "洪江市测试局\t遗属生活补助\t洪江市测试局\tproject-eval-1"
        "\t1.21\t1.1\t90.91\t9.09\t99.09\t99.09");

  // Only bureau users: the office cannot log in to the bureau pages, and without a
  // session the workbook is a redirect to the login page.
  Browser office(s.server->url());
  CHECK(office.login("office") == 403);
  auto refused = office.get("/bureau/summary.xlsx?year=2024");
  REQUIRE(refused);
  CHECK(refused->status == 303);
  CHECK(refused->body.rfind("PK", 0) != 0);

  // The same workbook from the administrator's command line.
  std::string cli = s.dir.sub("cli.xlsx");
  auto admin = runProcess(
      rs::test::adminCommand(RS_SERVER_PATH, s.data, {"summary", "--year", "2024", "--out", cli}));
  INFO(admin.err);
  CHECK(admin.exitCode == 0);
  CHECK(contains(admin.out, "2 departments of 2024"));
  auto again = runProcess({"/usr/bin/python3", "-c", reader, cli});
  CHECK(again.out == read.out);

  // Each submission's figures are computed once: submissions never change.
  // The run's store: the data folder, or its PostgreSQL database.
  auto store = rs::test::openRunStore(s.data);
  rs::server::SubmissionStore submissions(*store);
  rs::server::FiguresCache cache;
  auto first = rs::server::countySummary(*store, submissions, cache, "2024");
  auto second = rs::server::countySummary(*store, submissions, cache, "2024");
  CHECK(cache.computations() == 2);
  REQUIRE(second.size() == 2);
  CHECK(second[1].totalScore == first[1].totalScore);
  CHECK(second[1].department == "洪江市测试局");
}
