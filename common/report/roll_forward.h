// Next year's report from last year's (issue 13, item 3): the step every office takes each
// spring.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::report {

// A new report for `year` made from `last` (its template `tmpl`):
// - every section keeps last year's prose as a draft; a section with prose gets the status
//   kCarriedOver, which the outline shows until a writer changes it;
// - every table keeps its rows (indicators, projects, expenditure items), and in each cell
//   what its template column says (proto Column.carry): text is kept, figures are cleared,
//   weights (分值) are kept, this year's results (实际完成值, 偏差原因, 实际完成情况) are
//   cleared; a column with `carryFrom` takes last year's figure of that column (the
//   基础数据表's 上年决算数 from 本年决算数). Computed cells are left to their formulas.
// Tables the template does not know are dropped. Throws rs::InputError when `year` is not
// after last year's.
ReportContent rollForward(const Template& tmpl, const ReportContent& last, int year);

// The newest version held of the template of a report whose reference is `lastRef`
// ("KEY" or "KEY@N", template_library.h) when it is newer than that report's version;
// nullopt when the report's version is the newest. Next year's report keeps last year's
// version unless its maker chooses this one.
std::optional<Template> newerTemplate(std::string_view lastRef);

// "hunan-dept-selfeval 第2版": a template reference ("KEY" built in, "KEY@N") as messages
// name it. Throws rs::InputError for a malformed reference or an unknown built-in key.
std::string versionName(std::string_view ref);

}  // namespace rs::report
