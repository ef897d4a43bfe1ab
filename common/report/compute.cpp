#include "report/compute.h"

#include <cassert>

#include "report/indicators.h"
#include "util/errors.h"

namespace rs::report {

namespace {

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

std::optional<Fixed> addOptional(std::optional<Fixed> a, std::optional<Fixed> b, int sign) {
  if (!a && !b) return std::nullopt;
  Fixed right = b.value_or(Fixed{});
  return a.value_or(Fixed{}) + (sign > 0 ? right : Fixed{0} - right);
}

proto::ColumnType columnType(const RowPlace& place, std::string_view column) {
  auto c = findColumn(place.block, column);
  return c ? c->getType() : proto::ColumnType::TEXT;
}

}  // namespace

std::string formatFigure(Fixed value, proto::ColumnType type) {
  switch (type) {
    case proto::ColumnType::PERCENT:
      return formatFixed(value) + "%";
    case proto::ColumnType::SCORE:
    case proto::ColumnType::COUNT:
      return formatCompact(value);
    default:
      return formatFixed(value);
  }
}

Evaluator::Evaluator(const Template& tmpl, const ReportContent& report)
    : tmpl_(tmpl), report_(report) {}

const Expr& Evaluator::parsed(const std::string& formula) {
  auto it = exprs_.find(formula);
  if (it == exprs_.end()) it = exprs_.emplace(formula, parseExpression(formula)).first;
  return it->second;
}

std::optional<Fixed> Evaluator::value(Mode mode, const std::string& table, const std::string& row,
                                      const std::string& column) {
  Key key{mode, table, row, column};
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  require(inProgress_.insert(key).second, "template formulas form a cycle at " + table + "/" + row +
                                              "/" + column + " (模板公式循环引用)");

  std::optional<Fixed> result;
  const TableContent* t = report_.table(table);
  const RowContent* r = t ? t->row(row) : nullptr;
  if (r) {
    auto text = r->text(column);
    std::optional<Fixed> written = text ? parseCellValue(*text) : std::nullopt;
    if (mode == Mode::kWritten && written) {
      result = written;
    } else {
      result = formulaValue(mode, table, row, column);
      if (!result && text) result = written;
    }
  }
  inProgress_.erase(key);
  memo_[key] = result;
  return result;
}

std::optional<Fixed> Evaluator::formulaValue(Mode mode, const std::string& table,
                                             const std::string& row, const std::string& column) {
  const TableContent* t = report_.table(table);
  const RowContent* r = t ? t->row(row) : nullptr;
  auto tt = t ? tmpl_.tableOf(*t) : std::nullopt;
  if (!r || !tt) return std::nullopt;
  auto place = placeOf(*tt, *r);
  if (!place) return std::nullopt;
  auto formula = formulaOf(*place, column);
  if (!formula) return std::nullopt;
  const Expr& e = parsed(str(formula->getExpr()));
  if (e.kind == Expr::Kind::kChildren) {
    return sumRows(mode, *t, column, row, "");
  }
  return evaluate(e, mode, table, row);
}

std::optional<Fixed> Evaluator::evaluate(const Expr& e, Mode mode, const std::string& table,
                                         const std::string& row) {
  auto arg = [&](size_t i) { return evaluate(e.args[i], mode, table, row); };
  switch (e.kind) {
    case Expr::Kind::kLiteral:
      return e.value;
    case Expr::Kind::kRef: {
      std::string t = e.ref.table.empty() ? table : e.ref.table;
      std::string r = e.ref.row.empty() ? row : e.ref.row;
      return value(mode, t, r, e.ref.column);
    }
    case Expr::Kind::kChildren:
      assert(false && "children is a whole formula, handled by formulaValue");
      return std::nullopt;
    case Expr::Kind::kBlockSum: {
      const TableContent* t = report_.table(table);
      return t ? sumRows(mode, *t, e.column, "", e.block) : std::nullopt;
    }
    case Expr::Kind::kRate: {
      auto a = arg(0), b = arg(1);
      if (!a || !b) return std::nullopt;
      return ratePercent(*a, *b);
    }
    case Expr::Kind::kExecScore: {
      auto executed = arg(0), budget = arg(1), weight = arg(2);
      // Once a 分值 is written, the weight the template fixes scores the report, whatever
      // the cell says (a different 分值 is the checks' "weights" finding).
      auto fixed = parseValue(tmpl_.root().getExecutionWeight().cStr());
      if (weight && fixed) weight = fixed;
      if (!executed || !budget || !weight) return std::nullopt;
      return executionScore(tmpl_.root().getScoreRule(), *executed, *budget, *weight);
    }
    case Expr::Kind::kIndicatorScore:
      return indicatorScore(mode, table, row);
    case Expr::Kind::kAdd:
      return addOptional(arg(0), arg(1), e.sign);
  }
  return std::nullopt;
}

std::optional<Fixed> Evaluator::sumRows(Mode mode, const TableContent& table,
                                        const std::string& column, const std::string& parent,
                                        const std::string& block) {
  auto tt = tmpl_.tableOf(table);
  if (!tt) return std::nullopt;
  std::optional<Fixed> total;
  for (const auto& r : table.rows) {
    auto place = placeOf(*tt, r);
    if (!place) continue;
    bool included = block.empty()
                        ? (r.added() ? r.group == parent : place->row->getParent() == parent)
                        : place->block.getKey() == block;
    if (!included) continue;
    if (auto v = value(mode, table.key, r.key, column)) total = total.value_or(Fixed{}) + *v;
  }
  return total;
}

std::optional<Fixed> Evaluator::indicatorScore(Mode mode, const std::string& table,
                                               const std::string& row) {
  const RowContent* r = report_.table(table)->row(row);
  auto target = r->text("target"), actual = r->text("actual");
  auto weight = value(mode, table, row, "weight");
  if (!target || !actual || !weight) return std::nullopt;
  auto q = assessIndicator(*target, *actual, *weight, tmpl_.root().getIndicatorRule());
  if (!q) return std::nullopt;
  return q->score;
}

namespace {

std::optional<ComputedCell> makeCell(Evaluator& eval, const std::string& table,
                                     const std::string& row, const std::string& column) {
  const TableContent* t = eval.report().table(table);
  const RowContent* r = t ? t->row(row) : nullptr;
  auto tt = t ? eval.tmpl().tableOf(*t) : std::nullopt;
  if (!r || !tt) return std::nullopt;
  auto place = placeOf(*tt, *r);
  if (!place) return std::nullopt;
  auto formula = formulaOf(*place, column);
  if (!formula) return std::nullopt;

  ComputedCell cell;
  cell.table = table;
  cell.row = row;
  cell.column = column;
  cell.rule = str(formula->getRule());
  cell.type = columnType(*place, column);
  auto text = r->text(column);
  if (text && !text->empty()) {
    cell.reported = text;
    cell.reportedValue = parseCellValue(*text);
  }
  cell.computed = eval.formulaValue(Evaluator::Mode::kWritten, table, row, column);
  cell.rebuilt = eval.formulaValue(Evaluator::Mode::kRebuilt, table, row, column);
  return cell;
}

}  // namespace

std::optional<ComputedCell> computeCell(const Template& tmpl, const ReportContent& report,
                                        const std::string& table, const std::string& row,
                                        const std::string& column) {
  Evaluator eval(tmpl, report);
  return makeCell(eval, table, row, column);
}

std::vector<ComputedCell> computeCells(const Template& tmpl, const ReportContent& report) {
  std::vector<ComputedCell> out;
  Evaluator eval(tmpl, report);  // one memo for the whole report
  for (const auto& [key, table] : report.tables) {
    auto tt = tmpl.tableOf(table);
    if (!tt) continue;
    for (const auto& row : table.rows) {
      auto place = placeOf(*tt, row);
      if (!place) continue;
      auto formulas = place->row ? place->row->getFormulas() : place->block.getAddedFormulas();
      for (auto f : formulas) {
        if (auto cell = makeCell(eval, key, row.key, str(f.getColumn()))) {
          out.push_back(std::move(*cell));
        }
      }
    }
  }
  return out;
}

}  // namespace rs::report
