// The bureau's review (issue 17 items 3 and comments) through the real server over HTTP: the
// county's overview with its filters, a reviewer's comments on a section and a cell that
// reach the office's command line, and the templates page that publishes a template (issue 13).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "submission_fixture.h"

using namespace rs::test::submission;

namespace {

// The text between the first `from` at or after `at` and the next `to`.
std::string between(const std::string& text, const std::string& from, const std::string& to,
                    size_t at = 0) {
  size_t start = text.find(from, at);
  REQUIRE(start != std::string::npos);
  start += from.size();
  return text.substr(start, text.find(to, start) - start);
}

// The <tbody> rows of the overview table, one string each.
std::vector<std::string> rowsOf(const std::string& page) {
  std::vector<std::string> out;
  size_t at = page.find("<tbody>");
  if (at == std::string::npos) return out;
  size_t end = page.find("</tbody>", at);
  for (at = page.find("<tr>", at); at != std::string::npos && at < end;
       at = page.find("<tr>", at + 1))
    out.push_back(page.substr(at, page.find("</tr>", at) - at));
  return out;
}

// A template as a county's technician saves it after editing it with a script: as Python's
// json.dump(template, file, indent=4) writes it (every member and element on its own line,
// four spaces a level, every character beyond ASCII as \uXXXX, a surrogate pair beyond the
// BMP).
std::string savedByEditor(const std::string& json) {
  std::string out;
  int depth = 0;
  auto newline = [&] { out += "\n" + std::string(4 * depth, ' '); };
  auto escape = [&](uint32_t u) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(u));
    out += buf;
  };
  bool inString = false;
  for (size_t i = 0; i < json.size();) {
    unsigned char c = static_cast<unsigned char>(json[i]);
    if (inString) {
      if (c >= 0x80) {
        int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
        uint32_t cp = c & (0x3f >> extra);
        for (int k = 1; k <= extra; ++k)
          cp = (cp << 6) | (static_cast<unsigned char>(json[i + k]) & 0x3f);
        i += 1 + extra;
        if (cp >= 0x10000) {
          escape(0xd800 + ((cp - 0x10000) >> 10));
          escape(0xdc00 + ((cp - 0x10000) & 0x3ff));
        } else {
          escape(cp);
        }
        continue;
      }
      out += json[i++];
      if (c == '\\') out += json[i++];
      if (c == '"') inString = false;
      continue;
    }
    ++i;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    if (c == '"') inString = true;
    if (c == '{' || c == '[') {
      size_t next = json.find_first_not_of(" \n\t\r", i);
      if (next != std::string::npos && json[next] == (c == '{' ? '}' : ']')) {
        out += json.substr(i - 1, 1) + json[next];
        i = next + 1;
        continue;
      }
      out += char(c);
      ++depth;
      newline();
    } else if (c == '}' || c == ']') {
      --depth;
      newline();
      out += char(c);
    } else if (c == ',') {
      out += ',';
      newline();
    } else if (c == ':') {
      out += ": ";
    } else {
      out += char(c);
    }
  }
  return out;
}

}  // namespace

TEST_CASE(
    "the county's overview: every department's report, filtered by year, state and "
    "department in the URL") {
  Setup s;
  // Three departments of 2024 in three states: 工信局 returned, 测试局 waiting, 财政局
  // accepted; 工信局 submitted twice (returned, then resubmitted and returned again).
  submitFixed(s.office, s.id);
  std::string test = importRenamed(s, "洪江市测试局");
  std::string finance = importRenamed(s, "洪江市财政局");
  submitFixed(s.office, finance);
  submitFixed(s.office, test);
  Browser bureau(s.server->url());
  REQUIRE(bureau.login("reviewer") == 303);
  auto page = bureau.get("/bureau");
  REQUIRE(page);
  std::string csrf = csrfOf(page->body);
  auto decide = [&](int id, const std::string& decision) {
    auto r = bureau.post("/bureau/submissions/" + std::to_string(id) + "/review",
                         "csrf=" + csrf + "&decision=" + decision + "&comment=%E8%AF%B7%E6%A0%B8");
    REQUIRE(r);
    CHECK(r->status == 303);
  };
  decide(1, "return");  // 工信局
  decide(2, "accept");  // 财政局
  s.office.ok({"edit", s.id, "1", "--insert", "0", "（已补充）"});
  submitFixed(s.office, s.id);  // #4, waiting
  decide(4, "return");

  page = bureau.get("/bureau");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  auto rows = rowsOf(page->body);
  INFO(page->body);
  REQUIRE(rows.size() == 3);  // one per report, from its latest submission
  // Work first: waiting, returned, accepted.
  CHECK(contains(rows[0], "洪江市测试局"));
  CHECK(contains(rows[0], "待审核"));
  CHECK(contains(rows[1], "洪江市工业和信息化局"));
  CHECK(contains(rows[1], "已退回"));
  CHECK(contains(rows[2], "洪江市财政局"));
  CHECK(contains(rows[2], "已通过"));
  // The latest submission's figures: 总分 as corrected, 执行率, no error, its explained
  // warnings, reviewer, and every submission of the report linked, newest first.
  CHECK(contains(rows[1], "<td class=\"num\">99.13</td><td class=\"num\">91.31%</td>"));
  CHECK(contains(rows[1], "<td class=\"num\">0</td>"));
  CHECK(contains(rows[1], "<td>reviewer</td>"));
  CHECK(contains(rows[1],
                 "href=\"/bureau/submissions/4\">#4</a> <a "
                 "href=\"/bureau/submissions/1\">#1</a>"));
  CHECK(contains(rows[0], "<td>—</td>"));  // no reviewer yet
  std::string explained =
      between(rows[0], "91.31%</td><td class=\"num\">0</td><td class=\"num\">", "</td>");
  CHECK(std::stoi(explained) > 0);
  CHECK(contains(page->body,
                 "<th>部门</th><th>报告</th><th>状态</th><th>总分</th><th>执行率</th>"
                 "<th>错误</th><th>已说明警告</th><th>审核人</th><th>最近提交时间</th>"));

  // Filters as query parameters; the form shows them chosen.
  auto returned = bureau.get("/bureau?status=returned");
  REQUIRE(returned);
  rows = rowsOf(returned->body);
  REQUIRE(rows.size() == 1);
  CHECK(contains(rows[0], "洪江市工业和信息化局"));
  CHECK(contains(returned->body, "<option value=\"returned\" selected>已退回</option>"));
  auto one = bureau.get(
      "/bureau?year=2024&status=&department=%E6%B4%AA%E6%B1%9F%E5%B8%82%E8%B4%A2%E6%94%BF%E5%B1%"
      "80");
  REQUIRE(one);
  rows = rowsOf(one->body);
  REQUIRE(rows.size() == 1);
  CHECK(contains(rows[0], "洪江市财政局"));
  CHECK(contains(one->body, "<option value=\"洪江市财政局\" selected>"));
  auto none = bureau.get("/bureau?year=2023");
  REQUIRE(none);
  CHECK(none->status == 200);
  CHECK(rowsOf(none->body).empty());
  CHECK(contains(none->body, "没有符合筛选条件的报告"));

  // Malformed filters: 400 with what is wrong.
  for (auto [query, message] : std::vector<std::pair<std::string, std::string>>{
           {"year=20x4", "年度应为四位数字"},
           {"status=lost", "状态应为 submitted"},
           {"department=%FF%FE", "部门名称应为不超过 200 字节的文字"},
           {"sort=name", "未知的查询参数“sort”"}}) {
    auto bad = bureau.get("/bureau?" + query);
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(contains(bad->body, message));
  }

  // Only for bureau users.
  Browser office(s.server->url());
  CHECK(office.login("office") == 403);
  auto refused = office.get("/bureau?status=returned");
  REQUIRE(refused);
  CHECK(refused->status == 303);
}

TEST_CASE(
    "a reviewer's comments on a section and a cell: on the page at their place, escaped, "
    "CSRF-checked, and in the office's submissions") {
  Setup s;
  submitFixed(s.office, s.id);
  Browser bureau(s.server->url());
  REQUIRE(bureau.login("reviewer") == 303);
  auto page = bureau.get("/bureau/submissions/1");
  REQUIRE(page);
  std::string csrf = csrfOf(page->body);
  // The form offers the sections and the cells of the report as submitted.
  CHECK(contains(page->body, "action=\"/bureau/submissions/1/comment\""));
  CHECK(
      contains(page->body, "<option value=\"section:1.1\">章节 1.1 部门（单位）基本情况</option>"));
  size_t at = page->body.find("/indicators-1/actual\">");
  REQUIRE(at != std::string::npos);
  std::string cell = page->body.substr(page->body.rfind("value=\"", at) + 7);
  cell = cell.substr(0, cell.find('"'));
  CHECK(cell.rfind("cell:dept-eval/", 0) == 0);

  const std::string xss = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";  // <script>alert(1)</script>
  auto post = [&](const std::string& form) {
    auto r = bureau.post("/bureau/submissions/1/comment", form);
    REQUIRE(r);
    return r->status;
  };
  // No token, a wrong token: refused, nothing stored.
  CHECK(post("place=section%3A1.1&text=" + xss) == 403);
  CHECK(post("place=section%3A1.1&text=" + xss + "&csrf=" + std::string(csrf.size(), '0')) == 403);
  // A place the report does not have, an empty comment: refused.
  CHECK(post("csrf=" + csrf + "&place=section%3A99&text=abc") == 400);
  CHECK(post("csrf=" + csrf + "&place=section%3A1.1&text=+%0A") == 400);
  CHECK(!contains(s.office.ok({"submissions", s.id}), "comment #"));

  CHECK(post("csrf=" + csrf + "&place=section%3A1.1&text=%E8%AF%B7%E8%A1%A5%E5%85%85+" + xss) ==
        303);  // 请补充 <script>…
  CHECK(post("csrf=" + csrf + "&place=" + cell + "&text=12%E5%AE%B6%E4%BD%95%E6%9D%A5%3F+%22%27") ==
        303);  // 12家何来? "'
  page = bureau.get("/bureau/submissions/1");
  REQUIRE(page);
  CHECK(!contains(page->body, "<script>"));
  CHECK(contains(page->body, "请补充 &lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(contains(page->body, "12家何来? &quot;&#39;"));
  CHECK(contains(page->body, "审核批注（2）"));
  // At its place in the report: under the section's heading, under the table's title.
  CHECK(contains(page->body,
                 "<h3>（一）部门（单位）基本情况</h3><aside class=\"comment\"><p "
                 "class=\"where\">审核批注 · 章节 1.1 部门（单位）基本情况 · reviewer"));
  size_t table = page->body.find("<h2 class=\"table-title\">部门整体支出绩效自评表</h2>");
  REQUIRE(table != std::string::npos);
  CHECK(page->body.find("审核批注 · 表格 部门整体支出绩效自评表 / 新增规模工业企业 / 实际完成值",
                        table) ==
        table + std::string("<h2 class=\"table-title\">部门整体支出绩效自评表</h2>").size() +
            std::string("<aside class=\"comment\"><p class=\"where\">").size());

  // Returned: the office reads each comment with its place.
  auto returned =
      bureau.post("/bureau/submissions/1/review",
                  "csrf=" + csrf + "&decision=return&comment=%E8%A7%81%E6%89%B9%E6%B3%A8");
  REQUIRE(returned);
  CHECK(returned->status == 303);
  auto listed = lines(s.office.ok({"submissions", s.id}));
  REQUIRE(listed.size() == 3);
  CHECK(column(listed[0], 1) == "returned");
  CHECK(listed[1] ==
        "comment #1\t章节 1.1 部门（单位）基本情况\treviewer\t请补充 <script>alert(1)</script>");
  CHECK(listed[2] ==
        "comment #1\t表格 部门整体支出绩效自评表 / 新增规模工业企业 / "
        "实际完成值\treviewer\t12家何来? \"'");
  // A decided submission takes no more comments.
  CHECK(post("csrf=" + csrf + "&place=section%3A1.1&text=late") == 409);
  // The request log names the bureau user of the page requests.
  std::ifstream log(s.log);
  std::string logged((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  CHECK(contains(logged,
                 "method=POST route=/bureau/submissions/:id/comment status=303 user=reviewer"));
}

TEST_CASE(
    "the bureau publishes a template through its web form: CSRF checked, mistakes shown with "
    "their line, the version reaches an office on sync") {
  TempDir dir;
  std::string data = dir.sub("server");
  addUser(data, "office", "member");
  addUser(data, "reviewer", "bureau");
  addUser(data, "root", "admin");
  ServerProcess server(RS_SERVER_PATH, data);
  Cli office{dir.sub("office")};
  office.ok({"login", server.url(), "office", "--password-stdin"}, kPassword + "\n");
  std::string good = office.ok({"template", "show", "hunan-dept-selfeval"});
  const std::string proportional = "\"kind\": \"proportional\"";
  good.replace(good.find(proportional), proportional.size(),
               "\"kind\": \"banded\",\n    \"bands\": [{\"from\": \"90%\", \"share\": \"100%\"},\n"
               "      {\"from\": \"95%\", \"share\": \"80%\"}]");
  std::string bad = good;  // bands[1] is above bands[0]: refused at its line
  int badLine = 1 + int(std::count(bad.begin(), bad.begin() + long(bad.find("\"95%\"")), '\n'));
  good.replace(good.find("\"95%\""), 5, "\"80%\"");

  Browser reviewer(server.url());
  REQUIRE(reviewer.login("reviewer") == 303);
  auto page = reviewer.get("/bureau/templates");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(contains(page->body, "enctype=\"multipart/form-data\""));
  CHECK(contains(page->body, "<td>hunan-dept-selfeval</td><td class=\"num\">第1版</td>"));
  std::string csrf = csrfOf(page->body);
  auto upload = [&](Browser& who, const std::string& token, const std::string& json) {
    httplib::MultipartFormDataItems items = {{"csrf", token, "", ""},
                                             {"file", json, "county.json", "application/json"}};
    auto r = who.http.Post("/bureau/templates", who.headers(), items);
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->status != 500);
    return *r;
  };
  auto held = [&] {
    auto r =
        rs::test::runProcess(rs::test::adminCommand(RS_SERVER_PATH, data, {"template", "list"}));
    REQUIRE(r.exitCode == 0);
    return r.out;
  };

  // Without the session's token: refused, nothing stored.
  CHECK(upload(reviewer, "forged", good).status == 403);
  CHECK(held().empty());
  // A mistake: the page again, with the line and field, and nothing stored.
  auto refused = upload(reviewer, csrf, bad);
  CHECK(refused.status == 400);
  CHECK(contains(refused.body, "county.json：template line " + std::to_string(badLine) +
                                   ": scoreRule.bands[1].from: bands go from the highest rate "
                                   "down"));
  CHECK(contains(refused.body, "<td>hunan-dept-selfeval</td><td class=\"num\">第1版</td>"));
  CHECK(held().empty());
  // The good file: version 2, listed on the page.
  auto published = upload(reviewer, csrf, good);
  CHECK(published.status == 303);
  auto after = reviewer.get(published.get_header_value("Location"));
  REQUIRE(after);
  CHECK(contains(after->body, "已发布：hunan-dept-selfeval 第2版"));
  CHECK(contains(after->body, "<td>hunan-dept-selfeval</td><td class=\"num\">第2版</td>"));
  CHECK(contains(after->body, "<td>服务器</td>"));
  CHECK(contains(held(), "hunan-dept-selfeval"));
  CHECK(contains(office.ok({"sync"}), "template hunan-dept-selfeval@2 fetched"));

  // An admin may publish here too; members may not log in; the admin sees no submissions.
  Browser admin(server.url());
  REQUIRE(admin.login("root") == 303);
  auto adminPage = admin.get("/bureau/templates");
  REQUIRE(adminPage);
  CHECK(adminPage->status == 200);
  CHECK(upload(admin, csrfOf(adminPage->body), good).status == 303);
  CHECK(contains(admin.get("/bureau/templates")->body, "第3版"));
  // Several score rules (the execution rule banded, and the indicators' rule in ten bands of
  // 5 %), saved as an editor saves it: over the 64 KB a web page's body may have before its
  // session is known. Read for the signed-in admin, and published.
  std::string bands = "\"kind\": \"banded\", \"bands\": [";
  for (int k = 0; k < 10; ++k)
    bands += std::string(k ? ", " : "") + "{\"from\": \"" + std::to_string(100 - 5 * k) +
             "%\", \"share\": \"" + std::to_string(100 - 10 * k) + "%\"}";
  bands += "]";
  std::string rules = good;
  const std::string scoreRule = "\"scoreRule\": {";
  rules.replace(rules.find(scoreRule), scoreRule.size(),
                "\"indicatorRule\": {" + bands + "},\n  " + scoreRule);
  std::string large = savedByEditor(rules);
  CHECK(large.size() > 64 * 1024);
  CHECK(upload(admin, csrfOf(admin.get("/bureau/templates")->body), large).status == 303);
  CHECK(contains(admin.get("/bureau/templates")->body, "第4版"));
  // Without a session the same body is refused before it is read.
  Browser stranger(server.url());
  httplib::MultipartFormDataItems items = {{"csrf", "x", "", ""},
                                           {"file", large, "county.json", "application/json"}};
  auto refusedLarge = stranger.http.Post("/bureau/templates", stranger.headers(), items);
  CHECK((!refusedLarge || refusedLarge->status == 413));
  CHECK(!contains(admin.get("/bureau/templates")->body, "第5版"));
  CHECK(admin.get("/bureau")->status == 403);
  Browser member(server.url());
  CHECK(member.login("office") == 403);
  auto memberPage = member.get("/bureau/templates");
  REQUIRE(memberPage);
  CHECK(memberPage->status == 303);
}
