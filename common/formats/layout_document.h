// A report laid out as a government document (GB/T 9704), independent of the output format:
// the cover, numbered headings and prose, and the attached tables as rows of cells. The
// DOCX, PDF and HTML exports render this one layout, so the three agree.
//
// Tables carry the same cells, in the same order, as the text form (text_export.h): the
// DOCX import reads a document back into the text form, so a table laid out here imports
// to the same rows. A cell the report leaves empty but the template computes shows the
// computed figure, marked `computed` (an import drops it again).
#pragma once

#include <string>
#include <vector>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::formats {

struct LayoutCell {
  std::string text;  // lines separated by '\n'
  bool computed = false;
  bool centred = false;  // column headings, and columns of short figures; else left-aligned
};

struct LayoutRow {
  std::vector<LayoutCell> cells;
  std::vector<double> widths;  // each cell's share of the table's width; they sum to 1
  bool header = false;         // a block's column headings
  std::string block;           // the template block: its rows of one length share columns
};

struct LayoutTable {
  std::string title;
  std::string unit;   // "单位：万元", or ""
  std::string notes;  // "说明：……", or ""
  std::vector<LayoutRow> rows;
};

struct LayoutParagraph {
  int level = 0;       // 0: prose; 1..4: a heading of that outline level
  std::string number;  // a heading's number: "一、" "（一）" "1." "（1）"
  std::string text;    // a heading's title without its number, or one paragraph
};

struct LayoutDocument {
  std::string title;                    // one line, as the report names itself
  std::vector<std::string> titleLines;  // the title as printed on the cover
  std::vector<std::string> coverLines;  // "单位名称（盖章）：洪江市工业和信息化局"
  std::vector<LayoutParagraph> body;
  std::vector<LayoutTable> tables;  // template order, one page each
};

LayoutDocument layoutReport(const report::ReportContent& report, const report::Template& tmpl);

// The number printed before a heading: 一、 （一） 1. （1） (GB/T 9704 §7.3.3).
std::string headingNumber(int level, int position);

// The tables of a report, laid out (see above). Exposed for tests.
std::vector<LayoutTable> layoutTables(const report::ReportContent& report,
                                      const report::Template& tmpl);

// A table's shared column grid: every row's cell boundaries merged, for formats whose
// tables need one grid (DOCX, HTML). `columns` are shares of the width (sum 1); `spans`
// holds, per row, how many grid columns each cell covers.
struct TableGrid {
  std::vector<double> columns;
  std::vector<std::vector<int>> spans;
};
TableGrid tableGrid(const LayoutTable& table);

}  // namespace rs::formats
