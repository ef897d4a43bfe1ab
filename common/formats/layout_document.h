// A report laid out as a government document (GB/T 9704), independent of the output format:
// the cover, numbered headings and prose, and the attached tables as rows of cells. The
// DOCX, PDF and HTML exports render this one layout, so the three agree.
//
// Tables carry the same cells, in the same order, as the text form (text_export.h), plus at
// most a trailing empty cell that fills the grid: the DOCX import reads a document back into
// the text form, so a table laid out here imports to the same rows. A cell merged into the
// one above is an empty cell there, as the text form writes a repeated group label. A cell the
// report leaves empty but the template computes shows the computed figure, marked `computed` (an
// import drops it again).
#pragma once

#include <string>
#include <vector>

#include "formats/layout_styles.h"
#include "report/report_content.h"
#include "report/template.h"

namespace rs::formats {

struct LayoutCell {
  std::string text;  // as shown; lines separated by '\n'
  bool computed = false;
  style::Align align = style::Align::kLeft;  // figures right, headings and short text centred
  // Bytes [padAt, padAt + padLen) of `text` were added by the layout (the second decimal of
  // "5.00" typed as "5"), not written in the report: the DOCX marks them so an import drops
  // them again.
  size_t padAt = 0, padLen = 0;
  int span = 1;         // columns of the table's grid this cell covers
  int rowSpan = 1;      // > 1: the first cell of a vertical merge over that many rows
  bool merged = false;  // covered by the merged cell above it (same columns); text empty
  bool bold = false;    // a subtotal row (a row other rows sum into), as the form prints it
  int indent = 0;       // characters: 其中 items under their total
};

struct LayoutRow {
  std::vector<LayoutCell> cells;  // their spans cover the table's grid exactly
  bool header = false;            // a block's column headings: repeated on a new page
  std::string block;              // the template block
};

struct LayoutTable {
  std::string title;
  std::string subtitle;  // "（2024年度）", "填报单位：洪江市工业和信息化局", or ""
  std::string unit;      // "单位：万元", or ""
  std::string notes;     // "说明：……", or ""
  // One grid for the whole table (every row's cells span its columns): the widest block's
  // columns, widened where another block's text needs it. Shares of the width, sum 1.
  std::vector<double> columns;
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

}  // namespace rs::formats
