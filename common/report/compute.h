// Computed cells: totals, rates and scores from the template's formulas, beside the figures
// the report wrote ("reported"). Computed figures are never stored; they are recomputed from
// the report whenever they are shown or checked.
//
// A computed cell has two values:
// - computed: its formula over the figures as written, so that a wrong total is pinned on
//   the row that is wrong (基本支出 = 337.20 + 39.13 + 76.59, as the report wrote them);
// - rebuilt: its formula over the entered figures only, every written total below it
//   replaced by its own computed value (基本支出 rebuilt from the items: 452.90).
// In a report that writes no totals (a new one) the two are the same.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "report/expression.h"
#include "report/figures.h"
#include "report/report_content.h"
#include "report/template.h"

namespace rs::report {

struct ComputedCell {
  std::string table;
  std::string row;
  std::string column;
  std::string rule;  // the formula's rule: sum, rate, score, total
  proto::ColumnType type = proto::ColumnType::MONEY;
  std::optional<std::string> reported;  // the text written in the cell; nullopt if none
  std::optional<Fixed> reportedValue;   // that text as a figure
  std::optional<Fixed> computed;
  std::optional<Fixed> rebuilt;

  std::string location() const { return table + "/" + row + "/" + column; }
};

// Every computed cell of the report, table by table in key order, rows in display order.
std::vector<ComputedCell> computeCells(const Template& tmpl, const ReportContent& report);

// The computed cell at table/row/column, or nullopt when that cell has no formula.
std::optional<ComputedCell> computeCell(const Template& tmpl, const ReportContent& report,
                                        const std::string& table, const std::string& row,
                                        const std::string& column);

// A figure written the way the report writes it for a column of that type: money and other
// quantities with two decimals ("337.19"), percents with two decimals and "%" ("91.31%"),
// scores and counts in their shortest form ("9.13", "9.6", "100").
std::string formatFigure(Fixed value, proto::ColumnType type);

// Evaluates formulas over one report. Values are memoized; build one per computation.
class Evaluator {
 public:
  enum class Mode {
    kWritten,  // a written figure stands for its cell, computed or not
    kRebuilt,  // a computed cell is always its formula (written figure only as a fallback)
  };

  Evaluator(const Template& tmpl, const ReportContent& report);

  // The value a cell contributes to the formulas that use it.
  std::optional<Fixed> value(Mode mode, const std::string& table, const std::string& row,
                             const std::string& column);
  // An expression evaluated for the cell table/row (a check's context when row is "").
  std::optional<Fixed> evaluate(const Expr& e, Mode mode, const std::string& table,
                                const std::string& row);
  // The cell's formula over its operands' values in `mode`; nullopt without a formula.
  std::optional<Fixed> formulaValue(Mode mode, const std::string& table, const std::string& row,
                                    const std::string& column);

  const Template& tmpl() const { return tmpl_; }
  const ReportContent& report() const { return report_; }

 private:
  using Key = std::tuple<Mode, std::string, std::string, std::string>;

  const Expr& parsed(const std::string& formula);
  std::optional<Fixed> sumRows(Mode mode, const TableContent& table, const std::string& column,
                               const std::string& parent, const std::string& block);
  std::optional<Fixed> indicatorScore(Mode mode, const std::string& table, const std::string& row);

  const Template& tmpl_;
  const ReportContent& report_;
  std::map<Key, std::optional<Fixed>> memo_;
  std::set<Key> inProgress_;
  std::map<std::string, Expr> exprs_;
};

}  // namespace rs::report
