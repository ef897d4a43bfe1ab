// The order a report's tables are listed, printed and exported in.
#pragma once

#include <vector>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::report {

// The report's tables in the template's order (each table of Template::tableOf), the
// instances of a repeatable table ("project-eval-2", new_report.h) by their number, so that
// -10 follows -9 (the report holds its tables by key, in text order). Tables of no template
// table are left out. The pointers are valid while `report` is unchanged.
std::vector<const TableContent*> tablesInOrder(const Template& tmpl, const ReportContent& report);

}  // namespace rs::report
