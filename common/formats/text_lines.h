// The text form split into its pieces: prose lines, and table chunks made of rows of cells.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/template.h"

namespace rs::formats {

struct TextRow {
  int line = 0;                    // 1-based line of the row's first cell
  std::vector<std::string> cells;  // normalized (report::normalizeCell)
};

struct TextTable {
  int line = 0;       // the title's line
  std::string title;  // as written, trimmed
  rs::proto::TableTemplate::Reader tmpl;
  std::vector<TextRow> rows;
};

struct SplitText {
  std::vector<std::string> proseLines;  // before the first table
  int firstTableLine = 0;               // 0 when there is no table
  std::vector<TextTable> tables;
};

// Splits a text-form report. Throws TextImportError on text that is not UTF-8 or a cell
// before any table title.
SplitText splitText(std::string_view text, const report::Template& tmpl);

// A table cell's lines joined when their breaks are only the width of the source's narrow
// cell ("经济效\n益指标" -> "经济效益指标", "产出指标\n(50分)" -> "产出指标(50分)"): every
// line at most 8 CJK characters wide, none but the last ending a clause (。；：，、 ...) and
// none after the first starting an enumerated item (1、 （1） ①). Otherwise, and for prose,
// the cell as it is: its breaks are the writer's.
std::string joinWrappedLines(const std::string& cell);

// The table template whose title a line holds, if the line is a title line.
std::optional<rs::proto::TableTemplate::Reader> titleOf(std::string_view line,
                                                        const report::Template& tmpl);

}  // namespace rs::formats
