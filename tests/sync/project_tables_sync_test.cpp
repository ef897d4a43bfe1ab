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
