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

// The table template whose title a line holds, if the line is a title line.
std::optional<rs::proto::TableTemplate::Reader> titleOf(std::string_view line,
                                                        const report::Template& tmpl);

}  // namespace rs::formats
