// add-row, delete-row: rows of a table, within the rights (core/table_rows.h).
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
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

}  // namespace

void addRowCommands(std::map<std::string, Command>& c) {
  c["add-row"] = cmdAddRow;
  c["delete-row"] = cmdDeleteRow;
}

}  // namespace rs::cli
