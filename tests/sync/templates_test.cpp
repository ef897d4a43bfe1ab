// The bureau's templates end to end (issue 13 item 2): published on the real server binary
// (admin command and POST), fetched by clients on sync into their real LMDB stores, used
// offline by `new`, and a report kept on the version it was made with.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "../support/cli.h"
#include "../support/department.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "run_store.h"
#include "store/template_shelf.h"

namespace rs::test {

namespace {

std::string replaceOnce(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

// The built-in "minimal" template as the bureau's "county-plan"; `otherRequired` makes the
// section 其他 required (what version 2 changes).
std::string countyPlan(const Cli& any, bool otherRequired) {
  std::string json = any.ok({"template", "show", "minimal"});
  json = replaceOnce(json, "\"key\": \"minimal\"", "\"key\": \"county-plan\"");
  json = replaceOnce(json, "\"title\": \"工作报告\"", "\"title\": \"县级工作计划\"");
  if (otherRequired)
    json =
        replaceOnce(json, "\"title\": \"其他\"", "\"title\": \"其他\",\n      \"required\": true");
  return json;
}

std::string writeFile(const TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir.sub(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// `reportsync-server admin ARGS...` on the run's store (the data folder `data`, or its
// PostgreSQL database).
ProcessResult admin(const std::string& data, const std::vector<std::string>& args,
                    const std::string& input = "") {
  return runProcess(adminCommand(RS_SERVER_PATH, data, args), input);
}

void login(const Cli& who, const ServerProcess& server, const std::string& user) {
  who.ok({"login", server.url(), user, "--password-stdin"}, kPassword + "\n");
}

}  // namespace

TEST_CASE(
    "a template the bureau publishes reaches a client on sync, and reports keep their version") {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")}, zhang{dir.sub("zhang")}, bureau{dir.sub("bureau")};
  addUser(data, "office", "member");
  addUser(data, "zhang", "member");
  addUser(data, "bureau", "bureau");

  // Published before the server runs, by the admin command.
  std::string v1 = writeFile(dir, "county-plan.json", countyPlan(office, false));
  auto published = admin(data, {"template", "publish", v1});
  INFO(published.err);
  REQUIRE(published.exitCode == 0);
  CHECK(contains(published.out, "published county-plan version 1"));

  auto server = std::make_unique<ServerProcess>(RS_SERVER_PATH, data);
  login(office, *server, "office");
  login(zhang, *server, "zhang");
  login(bureau, *server, "bureau");
  CHECK(office.run({"template", "list"}).out.find("county-plan") == std::string::npos);
  CHECK(contains(office.ok({"sync"}), "template county-plan@1 fetched"));
  CHECK(contains(office.ok({"template", "list"}), "county-plan\t1\t服务器\t县级工作计划"));

  // Offline: the fetched template makes reports, which record its version.
  int port = server->port();
  server->stop();
  std::string first =
      office.ok({"new", "--template", "county-plan", "--year", "2025", "--dept", "测试局"});
  CHECK(contains(office.ok({"list"}), "county-plan@1"));
  CHECK(office.run({"validate", first}).out.find("其他") == std::string::npos);

  // Version 2 (其他 required), published by a bureau user through the API.
  server->start(port);  // the same address: every profile's login stays good
  std::string v2 = writeFile(dir, "county-plan-2.json", countyPlan(office, true));
  CHECK(bureau.ok({"template", "publish", v2}) == "published\tcounty-plan\t2");
  // A member may not publish.
  auto refused = office.run({"template", "publish", v2});
  CHECK(refused.exitCode != 0);
  CHECK(contains(refused.err, "only bureau and admin users publish templates"));

  office.ok({"share", first});
  office.ok({"invite", first, "zhang"});
  CHECK(contains(office.ok({"sync"}), "template county-plan@2 fetched"));
  // The report made with version 1 is still checked with version 1; a new one gets 2.
  CHECK(office.run({"validate", first}).out.find("其他") == std::string::npos);
  std::string second =
      office.ok({"new", "--template", "county-plan", "--year", "2025", "--dept", "测试局"});
  auto secondFindings = office.run({"validate", second});
  CHECK(contains(secondFindings.out, "其他"));
  office.ok({"share", second});
  office.ok({"invite", second, "zhang"});

  // zhang joins before fetching the templates: a clear message, nothing shown wrongly.
  zhang.ok({"join", first});
  auto lacking = zhang.run({"validate", first});
  CHECK(lacking.exitCode == 2);
  CHECK(contains(lacking.err, "需要更新模板"));
  CHECK(contains(lacking.err, "county-plan 第1版"));
  CHECK(lacking.out.empty());
  auto lackingExport = zhang.run({"export", first, "--format", "txt", "--out", dir.sub("x.txt")});
  CHECK(lackingExport.exitCode == 2);
  CHECK(contains(lackingExport.err, "需要更新模板"));
  zhang.ok({"sync"});
  CHECK(contains(zhang.ok({"template", "list"}), "county-plan\t2\t服务器"));
  CHECK(zhang.run({"validate", first}).out.find("其他") == std::string::npos);
  zhang.ok({"join", second});
  CHECK(contains(zhang.run({"validate", second}).out, "其他"));
}

TEST_CASE("a template with a mistake is refused by publish with its line, and nothing is stored") {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")};
  std::string good = countyPlan(office, false);
  std::string bad = replaceOnce(good, "\"type\": \"money\"", "\"type\": \"mony\"");
  std::string path = writeFile(dir, "bad.json", bad);
  auto r = admin(data, {"template", "publish", path});
  CHECK(r.exitCode == 2);
  CHECK(contains(r.err, "line "));
  CHECK(contains(r.err, "\"mony\""));
  CHECK(contains(r.err, "nothing published"));
  auto list = admin(data, {"template", "list"});
  CHECK(list.exitCode == 0);
  CHECK(list.out.empty());

  // Over the API too: 400 with the line, exit 2, nothing stored.
  addUser(data, "bureau", "bureau");
  ServerProcess server(RS_SERVER_PATH, data);
  Cli bureau{dir.sub("bureau")};
  login(bureau, server, "bureau");
  auto api = bureau.run({"template", "publish", path});
  CHECK(api.exitCode == 2);
  CHECK(contains(api.err, "line "));
  CHECK(admin(data, {"template", "list"}).out.empty());
}

TEST_CASE("a malformed template from the server is refused, and the client keeps what it has") {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")};
  addUser(data, "office", "member");
  std::string v1 = writeFile(dir, "v1.json", countyPlan(office, false));
  REQUIRE(admin(data, {"template", "publish", v1}).exitCode == 0);
  {
    // Version 2 written into the server's store past the checks (a damaged or foreign
    // store): the server hands it out as it is.
    auto held = openRunStore(data);
    store::TemplateShelf shelf = store::TemplateShelf::open(held->db());
    store::kv::Txn txn(held->db(), store::kv::Txn::kWrite);
    std::string broken =
        replaceOnce(countyPlan(office, true), "\"type\": \"money\"", "\"type\": 7");
    shelf.add(txn, {"county-plan", 2, "服务器", broken});
    txn.commit();
  }
  ServerProcess server(RS_SERVER_PATH, data);
  login(office, server, "office");
  auto r = office.run({"sync"});
  CHECK(r.exitCode == 4);
  CHECK(contains(r.out, "template county-plan@1 fetched"));
  CHECK(contains(r.err, "模板 county-plan@2 有误，未采用"));
  CHECK(contains(r.err, "line "));
  std::string list = office.ok({"template", "list"});
  CHECK(contains(list, "county-plan\t1\t服务器"));
  CHECK(!contains(list, "county-plan\t2"));
  // New reports use the newest good version.
  std::string id =
      office.ok({"new", "--template", "county-plan", "--year", "2025", "--dept", "局"});
  CHECK(contains(office.ok({"list"}), "county-plan@1"));
  (void)id;
}

// The 部门整体 template with 预算执行率 scored in bands (≥95 % full marks, ≥90 % 80 %, ≥80 %
// 60 %) instead of 执行率 × 分值.
std::string bandedDept(const Cli& any) {
  return replaceOnce(any.ok({"template", "show", "hunan-dept-selfeval"}),
                     "\"kind\": \"proportional\"",
                     "\"kind\": \"banded\",\n    \"bands\": [{\"from\": \"95%\", \"share\": "
                     "\"100%\"}, {\"from\": \"90%\", \"share\": \"80%\"}, {\"from\": \"80%\", "
                     "\"share\": \"60%\"}]");
}

// The line of `validate` about the cell `location`.
std::string findingAt(const std::string& findings, const std::string& location) {
  std::istringstream lines(findings);
  for (std::string line; std::getline(lines, line);)
    if (contains(line, location)) return line;
  return "";
}

TEST_CASE(
    "a version with other score bands scores its reports by them, older reports keep "
    "their findings, and next year's report keeps last year's version unless asked") {
  TempDir dir;
  std::string data = dir.sub("server");
  Cli office{dir.sub("office")}, bureau{dir.sub("bureau")};
  addUser(data, "office", "member");
  addUser(data, "bureau", "bureau");
  ServerProcess server(RS_SERVER_PATH, data);
  login(office, server, "office");
  login(bureau, server, "bureau");

  // The sample (执行率 91.31 %, 分值 10, 得分 written 9.6) on the built-in version.
  std::string before = office.ok({"import", kSample});
  std::string oldFindings = office.run({"validate", before}).out;

  std::string banded = writeFile(dir, "banded.json", bandedDept(office));
  CHECK(bureau.ok({"template", "publish", banded}) == "published\thunan-dept-selfeval\t2");
  CHECK(contains(office.ok({"sync"}), "template hunan-dept-selfeval@2 fetched"));

  // The old report: the same findings, word for word.
  CHECK(office.run({"validate", before}).out == oldFindings);
  // The same figures on version 2: 91.31 % is in the 90 % band, 8 points, and 总分 follows.
  std::string after = office.ok({"import", kSample});
  CHECK(contains(office.ok({"list"}), "hunan-dept-selfeval@2"));
  std::string newFindings = office.run({"validate", after}).out;
  CHECK(contains(findingAt(oldFindings, "dept-eval/money-total/score"), "按评分规则应为9.13"));
  CHECK(contains(findingAt(newFindings, "dept-eval/money-total/score"),
                 "按评分规则应为8（应为 8，实为 9.6）"));
  CHECK(contains(findingAt(oldFindings, "dept-eval/total/score"), "按计算的得分应为99.13"));
  CHECK(contains(findingAt(newFindings, "dept-eval/total/score"), "按计算的得分应为98"));

  // Next year's report from the old one keeps its version and says so; asked, it takes 2.
  auto kept = office.run({"new", "--from", before, "--year", "2025"});
  INFO(kept.err);
  REQUIRE(kept.exitCode == 0);
  CHECK(contains(kept.err,
                 "模板：hunan-dept-selfeval 第1版（上年报告所用版本；已有 "
                 "hunan-dept-selfeval 第2版，加 --template-newest 采用）"));
  auto newest = office.run({"new", "--from", before, "--year", "2025", "--template-newest"});
  REQUIRE(newest.exitCode == 0);
  CHECK(contains(newest.err,
                 "模板：hunan-dept-selfeval 第2版（最新版本；上年报告用 "
                 "hunan-dept-selfeval 第1版）"));
  auto fromNew = office.run({"new", "--from", after, "--year", "2025"});
  REQUIRE(fromNew.exitCode == 0);
  CHECK(contains(fromNew.err, "模板：hunan-dept-selfeval 第2版（上年报告所用版本，即最新版本）"));
  std::string listed = office.ok({"list"});
  auto templateOf = [&](const std::string& out) {
    std::string id = out.substr(0, out.find('\n'));
    return findingAt(listed, id);
  };
  CHECK(contains(templateOf(kept.out), "  hunan-dept-selfeval  "));
  CHECK(contains(templateOf(newest.out), "hunan-dept-selfeval@2"));
  CHECK(contains(templateOf(fromNew.out), "hunan-dept-selfeval@2"));
}

TEST_CASE("template install: a department without a server stores a checked template") {
  TempDir dir;
  Cli office{dir.sub("office")};
  std::string path = writeFile(dir, "plan.json", countyPlan(office, false));
  CHECK(office.ok({"template", "install", path}) == "installed\tcounty-plan\t1");
  CHECK(office.ok({"template", "install", path}) == "installed\tcounty-plan\t2");
  CHECK(contains(office.ok({"template", "list"}), "county-plan\t2\t本机安装\t县级工作计划"));
  std::string id =
      office.ok({"new", "--template", "county-plan", "--year", "2025", "--dept", "测试局"});
  CHECK(contains(office.ok({"list"}), "county-plan@2"));
  CHECK(contains(office.ok({"template", "show", "county-plan", "--version", "1"}),
                 "\"county-plan\""));

  std::string bad = writeFile(
      dir, "bad.json",
      replaceOnce(countyPlan(office, false), "\"required\": true", "\"required\": \"yes\""));
  auto r = office.run({"template", "install", bad});
  CHECK(r.exitCode == 2);
  CHECK(contains(r.err, "line "));
  CHECK(contains(r.err, "nothing installed"));
  CHECK(!contains(office.ok({"template", "list"}), "county-plan\t3"));
  // A built-in key gets the version after the built-in one.
  std::string minimal = writeFile(dir, "minimal.json", office.ok({"template", "show", "minimal"}));
  CHECK(office.ok({"template", "install", minimal}) == "installed\tminimal\t2");
  (void)id;
}

}  // namespace rs::test
