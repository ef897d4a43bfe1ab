// Computed figures read back from a DOCX: the export writes the figure of an empty computed
// cell in the character style docx::kComputedStyle. Someone editing the file in Word or
// WPS who types over such a figure types in that style, so the style alone cannot say the
// figure is still the program's: the figure is compared with what the cell computes.
#pragma once

#include "report/report_content.h"
#include "report/template.h"

namespace rs::formats {

// The marks around a computed-style run's text in the text the DOCX walker writes (U+E000
// and U+E001, private-use code points).
constexpr const char* kComputedOpen = "\xEE\x80\x80";
constexpr const char* kComputedClose = "\xEE\x80\x81";

// Resolves the marked cells of an imported report: a cell whose whole figure is marked is
// emptied when the figure equals (as a value: "5.00" is 5) what the cell computes once every
// marked cell is empty, and otherwise kept as a written (reported) figure, which the checks
// then compare with the computed one (report_content.h). Text typed beside a marked figure
// keeps the cell as written. Marks are removed from every cell.
void resolveComputed(report::ReportContent& report, const report::Template& tmpl);

}  // namespace rs::formats
