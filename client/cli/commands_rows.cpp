// add-row, delete-row: rows of a table, within the rights (core/table_rows.h);
// add-project-table, remove-project-table: a project's 项目支出绩效自评表
// (core/project_tables.h).
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/project_tables.h"
#include "core/table_rows.h"

namespace rs::cli {

namespace {

int cmdAddRow(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--after", "--label"}, {});
  a.expectCount(3,
                "add-row REPORT KEY GROUP [--after ROW] [--label TEXT]   (GROUP: a row or "
                "block that allows added rows)");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  std::cout << core::addTableRow(replica, r, a.at(1, "KEY"), a.at(2, "GROUP"),
                                 a.get("--after").value_or(""), a.get("--label").value_or(""))
            << "\n";
  return 0;
}

int cmdDeleteRow(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(3, "delete-row REPORT KEY ROW   (ROW: its key, or its number as `table` lists it)");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  core::deleteTableRow(replica, r, a.at(1, "KEY"), a.at(2, "ROW"));
  return 0;
}

const char kAddProjectUsage[] =
    "add-project-table REPORT NAME [--budget-initial AMOUNT] [--budget-full AMOUNT] "
    "[--executed AMOUNT]\n"
    "  office only: add a 项目支出绩效自评表 for project NAME (项目支出名称), with the form's\n"
    "  indicator groups as rows; the amounts (万元) go to 当年财政拨款 (年初预算数, 全年预算数,\n"
    "  全年执行数), empty when not given. Prints the new table's key (project-eval-N).\n";
const char kRemoveProjectUsage[] =
    "remove-project-table REPORT KEY\n"
    "  office only: remove project table KEY (as `show` lists it: project-eval-N) in one\n"
    "  change; `undo` brings it back with its content. Only 项目支出绩效自评表 can be removed.\n";

int cmdAddProjectTable(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--budget-initial", "--budget-full", "--executed"}, {"--help"});
  if (a.has("--help")) {
    std::cout << "usage: reportsync-cli " << kAddProjectUsage;
    return 0;
  }
  a.expectCount(2, kAddProjectUsage);
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  core::ProjectMoney money{a.get("--budget-initial").value_or(""),
                           a.get("--budget-full").value_or(""), a.get("--executed").value_or("")};
  std::cout << core::addProjectTable(replica, r, a.at(1, "NAME"), money) << "\n";
  return 0;
}

int cmdRemoveProjectTable(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--help"});
  if (a.has("--help")) {
    std::cout << "usage: reportsync-cli " << kRemoveProjectUsage;
    return 0;
  }
  a.expectCount(2, kRemoveProjectUsage);
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  std::string name = core::removeProjectTable(replica, r, a.at(1, "KEY"));
  std::cout << "removed " << a.at(1, "KEY") << (name.empty() ? "" : " (" + name + ")") << "\n";
  return 0;
}

}  // namespace

void addRowCommands(std::map<std::string, Command>& c) {
  c["add-row"] = cmdAddRow;
  c["delete-row"] = cmdDeleteRow;
  c["add-project-table"] = cmdAddProjectTable;
  c["remove-project-table"] = cmdRemoveProjectTable;
}

}  // namespace rs::cli
