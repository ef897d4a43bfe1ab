// Issue 14 case 6, through the real server binary and real stores: members change what only
// the office should. A template row (总分) can be deleted by nobody; rows the office added
// only the office removes; members write cells and add rows only in the tables of their
// sections. An op made past the front ends' checks syncs, takes no effect on any replica,
// and its author sees it as 未生效.
#include <doctest/doctest.h>

#include <functional>

#include "../support/department.h"
#include "core/replica.h"
#include "docreport/content_bridge.h"

using rs::test::Cli;
using rs::test::contains;
using rs::test::Department;

namespace {

// An edit made through client/core without the front ends' up-front check: what an older
// or a modified program would send.
void unchecked(const Cli& cli, const std::string& id,
               const std::function<void(rs::doc::LocalEdit&, const rs::doc::Document&)>& build) {
  rs::core::Replica replica(cli.store);
  rs::core::OpenReport r = replica.open(id);
  replica.edit(r, [&](rs::doc::LocalEdit& e) { build(e, *r.doc); });
}

rs::doc::OpId tableOf(const rs::doc::Document& d, const std::string& key) {
  auto t = rs::core::findTable(d, key);
  REQUIRE(t.has_value());
  return *t;
}
rs::doc::OpId rowOf(const rs::doc::Document& d, const std::string& table, const std::string& key) {
  auto r = rs::core::findRow(d, tableOf(d, table), key);
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

TEST_CASE("a member's deletion of the 总分 row and rows outside their rights take no effect") {
  Department d;
  std::string id = d.setUpReport();  // 一 zhang, 七 li, 十 both; 六 (the 自评表's) no one
  auto base = d.office.run({"validate", id, "--json"});
  CHECK(base.exitCode == 1);
  CHECK(contains(base.out, "dept-eval/total/score"));  // 总分 100 vs 99.6

  // The front ends refuse up front, the office included for a template row.
  for (Cli* c : {&d.zhang, &d.office}) {
    auto r = c->run({"delete-row", id, "dept-eval", "total"});
    CHECK(r.exitCode == 2);
    CHECK(contains(r.err, "行是表样固定行，不能删除"));
  }
  auto add = d.zhang.run({"add-row", id, "dept-eval", "indicators"});
  CHECK(add.exitCode == 2);
  CHECK(contains(add.err, "第六节未分配给你"));
  auto cell = d.li.run({"set-cell", id, "dept-eval", "total", "score", "99.60"});
  CHECK(cell.exitCode == 2);
  CHECK(contains(cell.err, "第六节未分配给你"));

  // Made anyway: zhang deletes 总分 and 年度资金总额, li adds an indicator row and writes 总分.
  unchecked(d.zhang, id, [](rs::doc::LocalEdit& e, const rs::doc::Document& doc) {
    e.deleteRow(tableOf(doc, "dept-eval"), rowOf(doc, "dept-eval", "total"));
    e.deleteRow(tableOf(doc, "dept-eval"), rowOf(doc, "dept-eval", "money-total"));
  });
  unchecked(d.li, id, [](rs::doc::LocalEdit& e, const rs::doc::Document& doc) {
    rs::doc::OpId t = tableOf(doc, "dept-eval");
    e.insertRow(t, doc.rows(t).size(), "indicators-99", "indicators");
    e.setCell(t, rowOf(doc, "dept-eval", "total"), "score", "99.60");
  });
  // zhang's own store already shows his deletion as not taking effect.
  CHECK(contains(d.zhang.ok({"table", id, "dept-eval"}), "总分"));
  d.syncAll();

  std::string doc = d.office.ok({"show", id, "--json"});
  for (Cli* c : {&d.office, &d.zhang, &d.li}) {
    CAPTURE(c->store);
    CHECK(c->ok({"show", id, "--json"}) == doc);
    std::string table = c->ok({"table", id, "dept-eval"});
    CHECK(contains(table, "总分"));
    CHECK(contains(table, "年度资金总额"));
    CHECK(!contains(table, "indicators-99"));
    auto now = c->run({"validate", id, "--json"});
    CHECK(now.exitCode == 1);
    CHECK(now.out == base.out);  // the total's error is still reported, nothing else changed
  }
  std::string zhangSees = d.zhang.ok({"refused", id, "--mine"});
  CHECK(contains(zhangSees, "未生效"));
  CHECK(contains(zhangSees, "表样固定行不能删除"));
  std::string liSees = d.li.ok({"refused", id, "--mine"});
  CHECK(contains(liSees, "未生效"));
  CHECK(contains(liSees, "第六节未分配给你"));
  CHECK(contains(d.office.ok({"refused", id}), "第六节未分配给li"));
}

TEST_CASE(
    "rows the office added only the office removes, and a member removes the rows they added") {
  Department d;
  std::string id = d.setUpReport();
  std::string officeRow = d.office.ok({"add-row", id, "expenditure", "wages"});
  CHECK(officeRow.rfind("wages-", 0) == 0);
  d.syncAll();
  CHECK(contains(d.li.ok({"table", id, "expenditure"}), officeRow));

  // zhang, not assigned 二 (the table's section), may not add; past the check, his delete
  // of the office's row takes no effect.
  CHECK(d.zhang.run({"add-row", id, "expenditure", "wages"}).exitCode == 2);
  auto refused = d.zhang.run({"delete-row", id, "expenditure", officeRow});
  CHECK(refused.exitCode == 2);
  unchecked(d.zhang, id, [&](rs::doc::LocalEdit& e, const rs::doc::Document& doc) {
    e.deleteRow(tableOf(doc, "expenditure"), rowOf(doc, "expenditure", officeRow));
  });
  d.syncAll();
  for (Cli* c : {&d.office, &d.zhang, &d.li})
    CHECK(contains(c->ok({"table", id, "expenditure"}), officeRow));
  CHECK(contains(d.zhang.ok({"refused", id, "--mine"}), "别人添加的行只有添加者或办公室可以删除"));

  // Given 二 (with li), zhang adds a row: li may not remove it, zhang may; the office's row
  // is still not his to remove.
  d.office.ok({"assign", id, "2", "zhang"});
  d.office.ok({"assign", id, "2", "li"});
  d.office.ok({"sync"});
  d.syncAll();
  std::string zhangRow = d.zhang.ok({"add-row", id, "expenditure", "goods"});
  d.zhang.ok({"set-cell", id, "expenditure", zhangRow, "amount", "1.00"});
  d.syncAll();
  auto liDelete = d.li.run({"delete-row", id, "expenditure", zhangRow});
  CHECK(liDelete.exitCode == 2);
  CHECK(contains(liDelete.err, "不是你添加的"));
  CHECK(d.zhang.run({"delete-row", id, "expenditure", officeRow}).exitCode == 2);
  d.zhang.ok({"delete-row", id, "expenditure", zhangRow});
  // The office removes the row it added.
  d.office.ok({"delete-row", id, "expenditure", officeRow});
  d.syncAll();
  std::string doc = d.office.ok({"show", id, "--json"});
  for (Cli* c : {&d.office, &d.zhang, &d.li}) {
    std::string table = c->ok({"table", id, "expenditure"});
    CHECK(!contains(table, officeRow));
    CHECK(!contains(table, zhangRow));
    CHECK(c->ok({"show", id, "--json"}) == doc);
  }
  CHECK(d.office.ok({"refused", id}).find(zhangRow) == std::string::npos);
}
