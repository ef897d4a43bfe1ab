// Adding and removing 项目支出绩效自评表 (one per project; the template's repeatable table
// "project-eval"), as the front ends do it: `reportsync-cli add-project-table` /
// `remove-project-table` and the program's 新增 / 删除项目支出绩效自评表. Tables are the
// office's (doc/rights.cpp), so both are refused up front for anyone else.
#pragma once

#include <string>
#include <vector>

#include "core/replica.h"

namespace rs::core {

// The 项目资金 figures asked when a project table is added, in 万元 as typed ("1.21");
// "" leaves a cell empty. They go to the 当年财政拨款 row; 年度资金总额 is its computed sum.
struct ProjectMoney {
  std::string budgetInitial;  // 年初预算数
  std::string budgetFull;     // 全年预算数
  std::string executed;       // 全年执行数
};

// A project table shown in the report.
struct ProjectTable {
  std::string key;   // "project-eval-2"
  std::string name;  // 项目支出名称, "" when not filled in
};

// The report's project tables, in creation order.
std::vector<ProjectTable> projectTables(const doc::Document& doc);

// Adds a 项目支出绩效自评表 for project `name` in one change: the template's fixed rows, the
// name, `money` in 当年财政拨款, and one indicator row for each 二级指标 of the template's
// indicator groups (一级/二级指标 filled in, the rest to write). Returns its key, the first
// "project-eval-N" no table (removed ones included) has had. Throws InputError, changing
// nothing, when `name` is empty or already a project's, a figure is not a money figure
// (万元, not negative), the report's template has no project table, or `replica`'s user is
// not the office.
std::string addProjectTable(Replica& replica, OpenReport& report, const std::string& name,
                            const ProjectMoney& money = {});

// Removes project table `key` in one change (one undo step; core/undo.h copies it back).
// Returns the project's name ("" when it had none). Throws InputError, changing nothing,
// when there is no such table, it is not a project table, or the user is not the office.
std::string removeProjectTable(Replica& replica, OpenReport& report, const std::string& key);

// Edits hidden by a removal: a change that wrote into a removed table which the removal had
// not seen (made at the same time, elsewhere). Their figures stay in the removed table and
// come back when the removal is undone.
struct HiddenEdit {
  std::string table;      // the project's display name (tableDisplayName at removal)
  std::string removedBy;  // the removing change's author
  std::string author;     // who made the hidden edit
  size_t cells = 0, rows = 0;
  doc::ChangeId change;
};
// From the report's history (the causal past of each removal); empty when no table was
// removed. Linear in the history's size.
std::vector<HiddenEdit> hiddenTableEdits(Replica& replica, const OpenReport& report);

// "表格“…”已被office删除，zhang同时修改的2个单元格随之隐藏；删除者撤销删除（Ctrl+Z）即可连同这些修改恢复"
std::string describeHiddenEdit(const HiddenEdit& edit);

}  // namespace rs::core
