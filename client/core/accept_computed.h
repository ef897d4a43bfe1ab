// 采用计算值: the person takes the figure a check computed (a total, rate or score; see
// DOMAIN.md) in place of the one written. Shared by `reportsync-cli accept` and the window's
// context menus.
#pragma once

#include <string>
#include <vector>

#include "core/replica.h"
#include "report/findings.h"

namespace rs::core {

// Writes, in one change, the computed figure of every finding in `findings` that has one
// (report::acceptComputed); findings without one are skipped. Returns the writes made (in
// the findings' order; empty when none had a figure to take). Throws InputError when a
// finding names a cell that is not in the report, or one of a table the user may not
// write (core/row_rights.h); nothing is written then.
std::vector<report::CellWrite> acceptComputedFigures(Replica& replica, OpenReport& report,
                                                     const std::vector<report::Finding>& findings);

}  // namespace rs::core
