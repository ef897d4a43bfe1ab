#include "core/accept_computed.h"

#include "core/row_rights.h"
#include "docreport/content_bridge.h"
#include "util/errors.h"

namespace rs::core {

std::vector<report::CellWrite> acceptComputedFigures(Replica& replica, OpenReport& report,
                                                     const std::vector<report::Finding>& findings) {
  struct Target {
    doc::OpId table, row;
    report::CellWrite write;
  };
  std::vector<Target> targets;
  for (const report::Finding& f : findings) {
    std::optional<report::CellWrite> write = report::acceptComputed(f);
    if (!write) continue;
    auto table = findTable(*report.doc, write->table);
    auto row = table ? findRow(*report.doc, *table, write->row) : std::nullopt;
    require(table && row, "the finding names a cell that is not in the report: " + f.location +
                              " (报告中没有该单元格：" + f.location + ")");
    requireMayWriteTable(*report.doc, *table, replica.userName());
    targets.push_back({*table, *row, *write});
  }
  if (!targets.empty())
    replica.edit(report, [&](doc::LocalEdit& e) {
      for (const Target& t : targets) e.setCell(t.table, t.row, t.write.column, t.write.value);
    });
  std::vector<report::CellWrite> writes;
  for (const Target& t : targets) writes.push_back(t.write);
  return writes;
}

}  // namespace rs::core
