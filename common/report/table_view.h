// One table as a person reads it: blocks with their columns, rows with their labels, each
// cell with the values written and, for computed cells, the computed figure. For the
// command line (`table REPORT KEY [--json]`) and the desktop grid.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::report {

struct CellView {
  std::string column;
  std::vector<std::string> values;  // as written; two or more: a conflicted cell
  bool isComputed = false;
  std::optional<std::string> computed;  // formatted ("337.19", "91.31%", "9.13")
};

struct RowView {
  std::string key;
  std::string group;            // added rows: the row or block they were added under
  std::string label;            // the template's label, or an added row's own label cell
  std::vector<CellView> cells;  // one per column of the block, in column order
};

struct ColumnView {
  std::string key;
  std::string title;
  std::string type;  // text, money, percent, count, score, number
};

struct BlockView {
  std::string key;
  std::vector<ColumnView> columns;
  std::vector<RowView> rows;
};

struct TableView {
  std::string key;
  std::string templateKey;
  std::string title;
  std::vector<BlockView> blocks;
};

// A row as people name it: its label, or for rows without one (indicators, projects) the
// cell that names it; "" when nothing names it.
std::string rowName(const RowView& row);

// The column that names a row of `block`: "label" (rows blocks), else the first of the name
// columns rowName() reads ("level3" for indicators); "" when the block has none.
std::string nameColumn(proto::Block::Reader block);

// Throws rs::InputError when the report has no such table (the message lists its tables).
TableView viewTable(const Template& tmpl, const ReportContent& report, const std::string& key);

// {"key","templateKey","title","blocks":[{"key","columns":[...],"rows":[{"key","group",
// "label","cells":[{"column","values","computed"}]}]}]}, stable.
std::string tableViewJson(const TableView& view);

// Tab-separated lines: one per row, "key  label  column=value [computed]..." for people.
std::string tableViewText(const TableView& view);

// Checks that a cell can be written: the table, row and column exist in the report and its
// template. Throws rs::InputError naming what is unknown and what is known.
void requireCell(const Template& tmpl, const ReportContent& report, const std::string& table,
                 const std::string& row, const std::string& column);

}  // namespace rs::report
