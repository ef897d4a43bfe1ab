// Export of a report to its text form (see text_import.h). importText(exportText(r)) == r
// for every report importText() produced, and for reports built from a template whose
// texts do not themselves look like headings or table titles.
#pragma once

#include <string>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::formats {

// A conflicted cell is written with its first value.
std::string exportText(const report::ReportContent& report, const report::Template& tmpl);

}  // namespace rs::formats
