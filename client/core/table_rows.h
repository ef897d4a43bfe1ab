// Adding and deleting table rows as the front ends do it (CLI add-row/delete-row, the
// program's 插入行/删除行): placed and named by the template, checked against the rights
// (doc/rights.cpp) before any change is made.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/replica.h"

namespace rs::core {

// Adds a row to `group` (a template row that allows added rows, e.g. "wages", or a block
// that does, e.g. "indicators") of table `tableKey` and returns its key ("wages-1").
// `after`: the row it goes right under (the group's own template row or a row of the group,
// as 插入行 where the user clicked); "" places it after its group as the template orders
// rows. `label`, when not empty, is written to the row's name cell (report::nameColumn:
// "label", indicators' 三级指标) in the same change. The block's fill-down columns
// (indicators' 一级指标 and 二级指标) take the row above's values, unless `cells` (column ->
// value, written in the same change) names them. Throws InputError, changing nothing,
// when there is no such table, the template allows no rows there, `after` is not in the
// group, a column of `cells` is not the block's, or `user` may not write the table
// (core/row_rights.h).
std::string addTableRow(Replica& replica, OpenReport& report, const std::string& tableKey,
                        const std::string& group, const std::string& after = "",
                        const std::string& label = "",
                        const std::map<std::string, std::string>& cells = {});
// The fill-down columns (indicators' 一级指标, 二级指标: "level1", "level2") with the values
// a row added to `group` under `after` takes (as addTableRow), for a dialog to offer;
// empty when the group's block has none.
std::vector<std::pair<std::string, std::string>> inheritedCells(const OpenReport& report,
                                                                const std::string& tableKey,
                                                                const std::string& group,
                                                                const std::string& after);
// Deletes row `rowKey` (a key, or a 1-based position as `table` lists it) of `tableKey`.
// Throws InputError, changing nothing, for a template row ("第N行是表样固定行，不能删除"),
// a row someone else added (unless office), or a table `user` may not write.
void deleteTableRow(Replica& replica, OpenReport& report, const std::string& tableKey,
                    const std::string& rowKey);

}  // namespace rs::core
