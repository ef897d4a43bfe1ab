// A report table as the command line shows it: every row with its cells, the figure each
// computed cell should hold, and where the written figure differs.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "report/compute.h"
#include "report/template.h"

namespace rs::core {

using ComputedByCell = std::map<std::pair<std::string, std::string>, report::ComputedCell>;

std::string renderTable(const report::Template& tmpl, const report::TableContent& table,
                        const ComputedByCell& computed, bool json);

// Throws InputError unless the template gives row `rowKey` of `table` a column `column`.
void requireWritableCell(const report::Template& tmpl, const report::TableContent& table,
                         const std::string& rowKey, const std::string& column);

}  // namespace rs::core
