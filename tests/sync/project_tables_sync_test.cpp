// A 项目支出绩效自评表 added or removed by the office reaches everyone through the real
// server (issue 12 item 5): the members see the new table, write it once section 六 is
// theirs, and may not add or remove one; a member's figure written while the office removed
// the table is said to both, and comes back when the office undoes the removal.
#include <doctest/doctest.h>

#include "../support/department.h"

using rs::test::Cli;
using rs::test::contains;
using rs::test::Department;

TEST_CASE("two members see the project table the office added, and its removal") {
  Department d;
  std::string id = d.setUpReport();
  d.office.ok({"assign", id, "6", "zhang"});  // 六: the 自评表s' section
  std::string key = d.office.ok({"add-project-table", id, "乡村道路养护", "--budget-full", "12"});
  CHECK(key == "project-eval-2");
  d.syncAll();
  std::string table = d.office.ok({"table", id, key, "--json"});
  CHECK(contains(table, "乡村道路养护"));
  for (Cli* c : {&d.zhang, &d.li}) {
    CHECK(c->ok({"table", id, key, "--json"}) == table);
    CHECK(contains(c->run({"validate", id}).out, "项目支出绩效自评表（乡村道路养护）"));
  }

  // Members neither add nor remove project tables; zhang writes in his section's table.
  for (Cli* c : {&d.zhang, &d.li}) {
    auto add = c->run({"add-project-table", id, "另一个项目"});
    CHECK(add.exitCode == 2);
    CHECK(contains(add.err, "只有办公室可以新增项目支出绩效自评表"));
    auto remove = c->run({"remove-project-table", id, key});
    CHECK(remove.exitCode == 2);
    CHECK(contains(remove.err, "只有办公室可以删除项目支出绩效自评表"));
  }
  d.zhang.ok({"set-cell", id, key, "current", "executed", "11.5"});
  d.syncAll();
  CHECK(contains(d.li.ok({"table", id, key, "--json"}), "\"11.5\""));

  // The office removes the table while zhang, not yet synced, writes a figure in it.
  d.office.ok({"remove-project-table", id, key});
  d.zhang.ok({"set-cell", id, key, "current", "budgetInitial", "10"});
  d.syncAll();
  std::string shown = d.office.ok({"show", id, "--json"});
  CHECK_FALSE(contains(shown, "乡村道路养护"));
  for (Cli* c : {&d.zhang, &d.li}) {
    CHECK(c->ok({"show", id, "--json"}) == shown);
    CHECK(c->run({"table", id, key}).exitCode == 2);
  }
  for (Cli* c : {&d.office, &d.zhang}) {
    std::string said = c->ok({"refused", id});
    INFO(said);
    CHECK(contains(said, "表格“项目支出绩效自评表（乡村道路养护）”已被office删除"));
    CHECK(contains(said, "zhang同时所做的修改（1个单元格）"));
  }

  // The office undoes the removal: the table is back for everyone, zhang's figure in it.
  d.office.ok({"undo", id});
  d.syncAll();
  for (Cli* c : {&d.office, &d.zhang, &d.li}) {
    std::string back = c->ok({"table", id, key, "--json"});
    CHECK(contains(back, "乡村道路养护"));
    CHECK(contains(back, "\"11.5\""));
    CHECK(contains(back, "\"10\""));
    CHECK(c->ok({"refused", id}) == "no changes that did not take effect");
  }
}

namespace {

// Which project's table each key shows, "key=name;" for every key a replica answers: the
// offices' keys ("project-eval-N") and those a concurrent add gives ("project-eval-N-2").
std::string keysShown(Cli& c, const std::string& id, const std::vector<std::string>& projects) {
  std::string shown;
  for (int n = 1; n <= 5; ++n) {
    for (const std::string& suffix : {std::string(), std::string("-2")}) {
      std::string key = "project-eval-" + std::to_string(n) + suffix;
      auto r = c.run({"table", id, key, "--json"});
      if (r.exitCode != 0) continue;
      for (const std::string& p : projects)
        if (contains(r.out, "\"" + p + "\"")) shown += key + "=" + p + " ";
    }
  }
  return shown;
}

}  // namespace

TEST_CASE("a project table's key stays when a concurrent add arrives, on two office replicas") {
  Department d;
  std::string id = d.setUpReport();
  Cli office2{d.dir.sub("office2")};  // the office's second computer
  d.login(office2, "office");
  office2.ok({"join", id});
  const std::vector<std::string> projects{"甲项目", "乙项目", "丙项目"};

  // Both add a project at once: both pick the first free key.
  CHECK(d.office.ok({"add-project-table", id, "甲项目"}) == "project-eval-2");
  CHECK(office2.ok({"add-project-table", id, "乙项目"}) == "project-eval-2");
  REQUIRE(d.office.run({"sync"}).exitCode == 0);  // sends 甲, before it has 乙
  REQUIRE(office2.run({"sync"}).exitCode == 0);   // sends 乙, takes 甲
  std::string before = keysShown(office2, id, projects);
  INFO("office2 after the first sync: " << before);
  CHECK(contains(before, "甲项目"));
  CHECK(contains(before, "乙项目"));
  // The office, not yet holding 乙, adds another: its next free key is project-eval-3.
  CHECK(d.office.ok({"add-project-table", id, "丙项目"}) == "project-eval-3");
  REQUIRE(d.office.run({"sync"}).exitCode == 0);
  REQUIRE(office2.run({"sync"}).exitCode == 0);
  REQUIRE(d.office.run({"sync"}).exitCode == 0);
  std::string after = keysShown(office2, id, projects);
  INFO("office2 after 丙项目 arrived: " << after);
  for (size_t at = 0, end; (end = before.find(' ', at)) != std::string::npos; at = end + 1)
    CHECK(contains(after, before.substr(at, end - at + 1)));  // every key shown stays
  CHECK(contains(after, "project-eval-3=丙项目"));
  // office2 writes in 乙项目's table by the key it was shown before 丙项目 came.
  size_t yi = before.find("=乙项目");
  size_t space = before.rfind(' ', yi);
  size_t start = space == std::string::npos ? 0 : space + 1;
  std::string yiKey = before.substr(start, yi - start);
  office2.ok({"set-cell", id, yiKey, "current", "executed", "7.5"});
  REQUIRE(office2.run({"sync"}).exitCode == 0);
  REQUIRE(d.office.run({"sync"}).exitCode == 0);
  std::string yiTable = d.office.ok({"table", id, yiKey, "--json"});
  CHECK(contains(yiTable, "\"乙项目\""));
  CHECK(contains(yiTable, "\"7.5\""));
  // Every key names the same table on both replicas.
  CHECK(keysShown(d.office, id, projects) == after);
  for (const std::string& p : projects) CHECK(contains(after, "=" + p));
}
