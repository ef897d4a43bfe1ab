// Export of a report to PDF with the layout of the DOCX export (layout_document.h,
// layout_styles.h), drawn by cairo and pango, every font embedded (cairo subsets them).
//
// The government fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体) are used when the
// machine has them; otherwise fontconfig's choice among the fallbacks, normally the Noto
// Serif CJK SC / Noto Sans CJK SC of fonts-noto-cjk. The PDF says which in its Subject.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::formats {

std::string exportPdf(const report::ReportContent& report, const report::Template& tmpl);

// For each font of the form, the family this machine draws it with:
// {"仿宋_GB2312", "Noto Serif CJK SC"}, ...
std::vector<std::pair<std::string, std::string>> pdfFonts();

}  // namespace rs::formats
