#include "report/checks.h"

#include <map>

#include "util/utf8.h"

#include "report/compute.h"
#include "report/expression.h"
#include "report/indicators.h"
#include "report/labels.h"
#include "report/prose_figures.h"

namespace rs::report {

namespace {

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

bool isFigureType(proto::ColumnType t) {
  return t != proto::ColumnType::TEXT;
}

// The one unit a figure of the column's type may be written with, besides none: a money
// column counts in 万元 (template.capnp), so "100元" or "2亿" there is not 100 or 2 of them.
// nullopt: any unit (count: 人, 个, 家; number: ㎡).
std::optional<std::string> expectedUnit(proto::ColumnType t) {
  switch (t) {
    case proto::ColumnType::MONEY:
      return "万元";
    case proto::ColumnType::PERCENT:
      return "%";
    case proto::ColumnType::SCORE:
      return "分";
    default:
      return std::nullopt;
  }
}

bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

Severity severityOf(proto::Severity s) {
  switch (s) {
    case proto::Severity::WARNING:
      return Severity::kWarning;
    case proto::Severity::INFO:
      return Severity::kInfo;
    default:
      return Severity::kError;
  }
}

class Checker {
 public:
  Checker(const Template& tmpl, const ReportContent& report)
      : tmpl_(tmpl), report_(report), eval_(tmpl, report) {
    auto options = tmpl.root().getOptions();
    tail_ = parseValue(options.getTailTolerance().cStr()).value_or(Fixed{2});
    farFactor_ = parseValue(options.getFarBeyondFactor().cStr()).value_or(Fixed::whole(3));
    lowExecution_ = parseValue(options.getLowExecution().cStr()).value_or(Fixed::whole(95));
    reasonBelow_ = parseValue(options.getReasonBelowExecution().cStr());
  }

  std::vector<Finding> run() {
    checkSections();
    checkTablesPresent();
    for (const auto& cell : computeCells(tmpl_, report_)) checkComputed(cell);
    for (const auto& [key, table] : report_.tables) {
      auto tt = tmpl_.tableOf(table);
      if (!tt) continue;
      checkFixedRows(*tt, table);
      checkCells(*tt, table);
      for (auto check : tt->getChecks()) runCheck(check, key);
      checkIndicators(*tt, table);
      checkExecutionWeight(*tt, table);
    }
    for (auto check : tmpl_.root().getChecks()) runCheck(check, "");
    for (auto agreement : tmpl_.root().getAgreements()) checkAgreement(agreement);
    for (auto dc : tmpl_.root().getDoubleCounts()) checkDoubleCount(dc);
    checkProse();
    checkProseIndicators();
    sortFindings(findings_);
    return findings_;
  }

 private:
  void add(Severity s, std::string rule, std::string location, std::string message,
           std::string expected = "", std::string actual = "") {
    findings_.push_back({s, std::move(rule), std::move(location), std::move(message),
                         std::move(expected), std::move(actual)});
  }

  // ---- names for messages ----

  std::string tableName(const TableContent& table) const {
    auto tt = tmpl_.tableOf(table);
    std::string name = tt ? fillYear(tt->getTitle().cStr(), report_.year) : table.key;
    std::string prefix = std::to_string(report_.year) + "年度";
    if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
    if (const RowContent* meta = table.row("project-name")) {
      if (auto n = meta->text("value"); n && !n->empty()) name += "（" + *n + "）";
    }
    return name;
  }

  std::string rowName(proto::TableTemplate::Reader tt, const RowContent& row) const {
    if (!row.added()) {
      auto place = findFixedRow(tt, row.key);
      return place ? str(place->row->getLabel()) : row.key;
    }
    for (const char* column : {"label", "level3"}) {
      if (auto t = row.text(column); t && !t->empty()) return labelKey(*t);
    }
    // An indicator still to name (a new project table's rows): by its 二级指标.
    if (auto t = row.text("level2"); t && !t->empty()) return labelKey(*t) + "中的一行";
    return row.key;
  }

  std::string cellName(const std::string& tableKey, const std::string& rowKey,
                       const std::string& column) const {
    const TableContent* table = report_.table(tableKey);
    const RowContent* row = table ? table->row(rowKey) : nullptr;
    auto tt = table ? tmpl_.tableOf(*table) : std::nullopt;
    if (!row || !tt) return tableKey + "/" + rowKey + "/" + column;
    std::string out = tableName(*table);
    std::string label = rowName(*tt, *row);
    if (!label.empty()) out += "“" + label + "”";
    if (auto place = placeOf(*tt, *row)) {
      if (auto c = findColumn(place->block, column); c && c->getTitle().size() > 0) {
        out += str(c->getTitle());
      }
    }
    return out;
  }

  proto::ColumnType typeOf(const std::string& tableKey, const std::string& rowKey,
                           const std::string& column) const {
    const TableContent* table = report_.table(tableKey);
    const RowContent* row = table ? table->row(rowKey) : nullptr;
    auto tt = table ? tmpl_.tableOf(*table) : std::nullopt;
    auto place = row && tt ? placeOf(*tt, *row) : std::nullopt;
    auto c = place ? findColumn(place->block, column) : std::nullopt;
    return c ? c->getType() : proto::ColumnType::MONEY;
  }

  // ---- sections and tables present ----

  static bool sectionEmpty(const SectionContent& s) {
    if (!s.body.empty()) return false;
    for (const auto& c : s.children) {
      if (!sectionEmpty(c)) return false;
    }
    return true;
  }

  void checkSections() {
    std::map<std::string, std::pair<const SectionContent*, std::string>> byKey;
    forEachSection(report_.sections, [&](const SectionContent& s, const std::string& number) {
      if (!s.templateKey.empty()) byKey[s.templateKey] = {&s, number};
    });
    for (const auto& place : sectionPlaces(tmpl_)) {
      std::string title = str(place.section.getTitle());
      auto it = byKey.find(str(place.section.getKey()));
      if (it == byKey.end()) {
        add(Severity::kError, "required", place.number, "缺少章节“" + title + "”");
      } else if (place.section.getRequired() && sectionEmpty(*it->second.first)) {
        add(Severity::kError, "required", it->second.second, "章节“" + title + "”未填写");
      }
    }
  }

  void checkTablesPresent() {
    for (auto tt : tmpl_.root().getTables()) {
      if (tt.getRepeatable() || report_.table(str(tt.getKey()))) continue;
      add(Severity::kError, "required", str(tt.getKey()),
          "缺少" + fillYear(tt.getTitle().cStr(), report_.year));
    }
  }

  // Every row the form fixes (总分, 合计, the fixed items) must be in the table: a report
  // missing one (deleted before rows had rights, or by an older program) is an error,
  // not a total whose check silently vanished (issue 14 case 6; DOMAIN.md "The tables").
  void checkFixedRows(proto::TableTemplate::Reader tt, const TableContent& table) {
    for (auto block : tt.getBlocks())
      for (auto row : block.getRows()) {
        if (table.row(str(row.getKey()))) continue;
        std::string label = str(row.getLabel()).empty() ? str(block.getKey()) : str(row.getLabel());
        add(Severity::kError, "template-row", table.key + "/" + str(row.getKey()),
            tableName(table) + "缺少表样固定行“" + label + "”");
      }
  }

  // ---- computed cells: reported versus computed ----

  void checkComputed(const ComputedCell& cell) {
    if (!cell.reported || !cell.reportedValue || !cell.computed) return;
    std::string name = cellName(cell.table, cell.row, cell.column);
    std::string actual = *cell.reported;
    std::string expected = formatFigure(*cell.computed, cell.type);
    Fixed diff = (*cell.reportedValue - *cell.computed).abs();
    if (diff.hundredths == 0) {
      if (cell.rule == "sum" && cell.rebuilt && *cell.rebuilt != *cell.computed) {
        std::string rebuilt = formatFigure(*cell.rebuilt, cell.type);
        add(Severity::kInfo, "sum-rebuilt", cell.location(),
            name + "与下级合计一致，但由明细重算为" + rebuilt + "（下级合计有误）", rebuilt,
            actual);
      } else if (cell.rule == "total" && cell.rebuilt && *cell.rebuilt != *cell.computed) {
        // The item scores add up to 总分 as written, but some are wrong (each has its own
        // finding): say what 总分 becomes once they are corrected (issue 13).
        std::string rebuilt = formatFigure(*cell.rebuilt, cell.type);
        add(Severity::kInfo, "total-rebuilt", cell.location(),
            name + "填写" + actual + "，与各项得分之和一致；按计算的得分，总分应为" + rebuilt,
            rebuilt, actual);
      }
      return;
    }
    if (cell.rule == "sum" && cell.rebuilt && *cell.rebuilt == *cell.reportedValue) {
      // The total agrees with the items below its subtotals: the subtotal that does not add
      // up is wrong (it has its own finding), not this total (issue 13: blame the wrong
      // figure).
      add(Severity::kInfo, "sum-below", cell.location(),
          name + "填写" + actual + "，与明细合计一致；按所填下级小计合计为" + expected +
              "，请核对下级小计");
      return;
    }
    if (cell.rule == "sum" && diff <= tail_) {
      add(Severity::kWarning, "sum-tail", cell.location(),
          name + "填写" + actual + "，各项之和为" + expected + "，尾差" + formatFixed(diff) +
              "，请调整或说明",
          expected, actual);
    } else if (cell.rule == "sum") {
      add(Severity::kError, "sum", cell.location(),
          name + "填写" + actual + "，各项之和为" + expected, expected, actual);
    } else if (cell.rule == "rate") {
      add(Severity::kError, "rate", cell.location(),
          name + "填写" + actual + "，按公式应为" + expected, expected, actual);
    } else if (cell.rule == "total") {
      std::string message = name + "填写" + actual + "，各项得分之和为" + expected;
      if (cell.rebuilt && *cell.rebuilt != *cell.computed) {
        message += "（按计算的得分应为" + formatFigure(*cell.rebuilt, cell.type) + "）";
      }
      add(Severity::kError, "total", cell.location(), message, expected, actual);
    } else {
      add(Severity::kError, cell.rule.empty() ? "score" : cell.rule, cell.location(),
          name + "填写" + actual + "，按评分规则应为" + expected, expected, actual);
    }
  }

  // ---- every cell: figures, conflicts, required ----

  void checkCells(proto::TableTemplate::Reader tt, const TableContent& table) {
    for (const auto& row : table.rows) {
      auto place = placeOf(tt, row);
      if (!place) {
        add(Severity::kWarning, "figure", table.key + "/" + row.key,
            tableName(table) + "中有模板之外的行“" + row.key + "”");
        continue;
      }
      for (const auto& [column, cell] : row.cells) {
        std::string location = table.key + "/" + row.key + "/" + column;
        if (cell.conflicted()) {
          add(Severity::kWarning, "conflict", location,
              cellName(table.key, row.key, column) + "有并发修改的不同取值，请选定一个");
          continue;
        }
        auto c = findColumn(place->block, column);
        if (!c || !isFigureType(c->getType()) || isBlankFigure(cell.values[0])) continue;
        auto figure = parseCellFigure(cell.values[0]);
        if (!figure) {
          add(Severity::kError, "figure", location,
              cellName(table.key, row.key, column) + "“" + cell.values[0] + "”不是数字");
        } else if (auto unit = expectedUnit(c->getType());
                   unit && !figure->unit.empty() && figure->unit != *unit) {
          add(Severity::kError, "figure", location,
              cellName(table.key, row.key, column) + "“" + cell.values[0] + "”的单位应为" + *unit);
        }
      }
      auto required = place->row ? place->row->getRequired() : place->block.getAddedRequired();
      for (auto column : required) {
        auto text = row.text(column.cStr());
        if (text && isBlankFigure(*text)) {
          std::string location = table.key + "/" + row.key + "/" + str(column);
          add(Severity::kError, "required", location,
              cellName(table.key, row.key, str(column)) + "未填写");
        }
      }
    }
  }

  // ---- the template's checks ----

  void runCheck(proto::Check::Reader check, const std::string& tableKey) {
    Expr left = parseExpression(check.getLeft().cStr());
    Expr right = parseExpression(check.getRight().cStr());
    auto l = eval_.evaluate(left, Evaluator::Mode::kWritten, tableKey, "");
    auto r = eval_.evaluate(right, Evaluator::Mode::kWritten, tableKey, "");
    if (!l || !r) return;
    bool failed = false;
    switch (check.getOp()) {
      case proto::Check::Op::EQUAL:
        failed = *l != *r;
        break;
      case proto::Check::Op::AT_MOST:
        failed = *l > *r;
        break;
      case proto::Check::Op::DIFFERS:
        failed = *l != *r;
        break;
    }
    if (!failed) return;
    auto refs = refsOf(left);
    CellRef at = refs.empty() ? CellRef{} : refs[0];
    std::string table = at.table.empty() ? tableKey : at.table;
    proto::ColumnType type = typeOf(table, at.row, at.column);
    std::string ls = figureText(left, tableKey, *l, type),
                rs = figureText(right, tableKey, *r, type);
    std::string diff = formatFigure((*l - *r).abs(), type);
    std::string message = str(check.getMessage());
    for (auto [from, to] :
         {std::pair{"{left}", ls}, std::pair{"{right}", rs}, std::pair{"{diff}", diff}}) {
      for (size_t p = message.find(from); p != std::string::npos; p = message.find(from)) {
        message.replace(p, std::string_view(from).size(), to);
      }
    }
    const TableContent* t = report_.table(table);
    if (t && table == tableKey && tmpl_.tableOf(*t)->getRepeatable()) {
      message = tableName(*t) + "：" + message;
    }
    add(severityOf(check.getSeverity()), str(check.getRule()),
        table + "/" + at.row + "/" + at.column, message, rs, ls);
  }

  // ---- one figure in several forms ----

  // A cell's written (or computed) figure with the place it stands, for messages.
  struct Stated {
    std::string place;
    std::string figure;
    Fixed value;
  };
  std::optional<Stated> stated(const CellRef& ref) {
    auto v = eval_.value(Evaluator::Mode::kWritten, ref.table, ref.row, ref.column);
    if (!v) return std::nullopt;
    return Stated{
        cellName(ref.table, ref.row, ref.column),
        figureText(Expr::cell(ref), ref.table, *v, typeOf(ref.table, ref.row, ref.column)), *v};
  }

  // A figure as the report shows it: when `e` is one cell whose written text gives `value`,
  // that text ("750", not "750.00" beside a cell showing 750: issue 12 item 2, one form of
  // one figure); else `value` in the column's form. `table`: the table of a ref naming none.
  std::string figureText(const Expr& e, const std::string& table, Fixed value,
                         proto::ColumnType type) const {
    if (e.kind == Expr::Kind::kRef) {
      const TableContent* t = report_.table(e.ref.table.empty() ? table : e.ref.table);
      const RowContent* r = t ? t->row(e.ref.row) : nullptr;
      std::optional<std::string> text = r ? r->text(e.ref.column) : std::nullopt;
      std::string written = text ? std::string(trimText(*text)) : "";
      if (auto v = parseValue(written); v && *v == value) return written;
    }
    return formatFigure(value, type);
  }

  void checkAgreement(proto::Agreement::Reader agreement) {
    std::vector<Stated> compared, quoted;
    std::string location;
    for (auto ref : agreement.getRefs()) {
      CellRef at = parseRef(ref.cStr());
      if (auto s = stated(at)) {
        if (location.empty()) location = at.table + "/" + at.row + "/" + at.column;
        compared.push_back(*s);
      }
    }
    bool differ = false;
    for (const auto& s : compared) differ = differ || s.value != compared[0].value;
    if (!differ) return;
    for (auto ref : agreement.getContext()) {
      if (auto s = stated(parseRef(ref.cStr()))) quoted.push_back(*s);
    }
    std::string message = str(agreement.getMessage()) + "：";
    bool first = true;
    for (const auto* list : {&compared, &quoted}) {
      for (const auto& s : *list) {
        message += (first ? "" : "；") + s.place + s.figure;
        first = false;
      }
    }
    if (!quoted.empty()) message += str(agreement.getContextNote());
    // No expected figure: which form is right is for the office to find out.
    add(severityOf(agreement.getSeverity()), str(agreement.getRule()), location, message);
  }

  // The row that sums `row` (its parent row, or the row it was added under); "" at the top.
  std::string parentOf(proto::TableTemplate::Reader tt, const RowContent& row) const {
    if (row.added()) return row.group;
    auto place = findFixedRow(tt, row.key);
    return place && place->row ? str(place->row->getParent()) : "";
  }

  bool isBelow(proto::TableTemplate::Reader tt, const TableContent& table, const RowContent& row,
               const std::string& ancestor) const {
    const RowContent* at = &row;
    for (int depth = 0; at && depth < 16; ++depth) {
      std::string parent = parentOf(tt, *at);
      if (parent.empty()) return false;
      if (parent == ancestor) return true;
      at = table.row(parent);
    }
    return false;
  }

  void checkDoubleCount(proto::DoubleCount::Reader dc) {
    CellRef items = parseRef(dc.getItems().cStr()), within = parseRef(dc.getWithin().cStr());
    const TableContent* itemTable = report_.table(items.table);
    const TableContent* withinTable = report_.table(within.table);
    auto wt = withinTable ? tmpl_.tableOf(*withinTable) : std::nullopt;
    if (!itemTable || !wt) return;
    for (const auto& item : itemTable->rows) {
      if (item.group != items.row) continue;
      std::string label = labelKey(item.text("label").value_or(""));
      if (label.empty()) continue;
      for (const auto& other : withinTable->rows) {
        if (labelKey(other.text("label").value_or("")) != label ||
            !isBelow(*wt, *withinTable, other, within.row))
          continue;
        auto figure = stated({items.table, item.key, items.column});
        auto placeFigure = stated({within.table, other.key, within.column});
        const RowContent* heading = withinTable->row(parentOf(*wt, other));
        std::string message = str(dc.getMessage());
        for (auto [from, to] :
             {std::pair{"{item}", label}, std::pair{"{figure}", figure ? figure->figure : "—"},
              std::pair{"{place}", heading ? rowName(*wt, *heading) : ""},
              std::pair{"{placeFigure}", placeFigure ? placeFigure->figure : "—"}}) {
          for (size_t p = message.find(from); p != std::string::npos; p = message.find(from)) {
            message.replace(p, std::string_view(from).size(), to);
          }
        }
        add(severityOf(dc.getSeverity()), str(dc.getRule()),
            items.table + "/" + item.key + "/label", message);
      }
    }
  }

  // ---- indicators ----

  void checkIndicators(proto::TableTemplate::Reader tt, const TableContent& table) {
    for (auto block : tt.getBlocks()) {
      if (block.getStyle() != proto::BlockStyle::INDICATORS) continue;
      std::vector<const RowContent*> rows;
      for (const auto& row : table.rows) {
        if (row.group == str(block.getKey())) rows.push_back(&row);
      }
      if (rows.empty()) continue;
      checkWeights(block, table, rows);
      // The rate the current figures give (the written one stays as it was when 全年执行数
      // changes, and its own finding says so): warnings quote current figures (issue 12).
      auto rate = eval_.value(Evaluator::Mode::kRebuilt, table.key, "money-total", "rate");
      for (const RowContent* row : rows) checkIndicator(block, table, *row, rate);
      if (rate && reasonBelow_ && *rate < *reasonBelow_) {
        add(Severity::kWarning, "reason", table.key + "/money-total/rate",
            tableName(table) + "预算执行率为" + formatFigure(*rate, proto::ColumnType::PERCENT) +
                "，低于" + formatFigure(*reasonBelow_, proto::ColumnType::PERCENT) +
                "，需说明原因");
      }
    }
  }

  void checkWeights(proto::Block::Reader block, const TableContent& table,
                    const std::vector<const RowContent*>& rows) {
    std::map<std::string, Fixed> sums;
    std::string location = table.key + "/" + str(block.getKey()) + "/weight";
    for (const RowContent* row : rows) {
      std::string level1 = labelKey(row->text("level1").value_or(""));
      bool known = false;
      for (auto g : block.getGroups()) known = known || labelKey(g.getLabel().cStr()) == level1;
      if (!known) {
        add(Severity::kWarning, "weights", table.key + "/" + row->key + "/level1",
            tableName(table) + "中的一级指标“" + level1 + "”不在模板之列");
        continue;
      }
      auto weight = eval_.value(Evaluator::Mode::kWritten, table.key, row->key, "weight");
      sums[level1] += weight.value_or(Fixed{});
    }
    for (auto g : block.getGroups()) {
      std::string label = labelKey(g.getLabel().cStr());
      Fixed expected = parseValue(g.getWeight().cStr()).value_or(Fixed{});
      Fixed actual = sums.count(label) ? sums[label] : Fixed{};
      if (actual != expected) {
        add(Severity::kError, "weights", location,
            tableName(table) + "一级指标“" + label + "”的分值合计为" + formatCompact(actual) +
                "，应为" + formatCompact(expected),
            formatCompact(expected), formatCompact(actual));
      }
    }
  }

  // 预算执行率's 分值 where the template fixes it (Template.executionWeight): the weight
  // written in each row scored by execscore must say it.
  void checkExecutionWeight(proto::TableTemplate::Reader tt, const TableContent& table) {
    auto fixed = parseValue(tmpl_.root().getExecutionWeight().cStr());
    if (!fixed) return;
    for (const auto& row : table.rows) {
      auto place = placeOf(tt, row);
      if (!place || !place->row) continue;
      for (auto f : place->row->getFormulas()) {
        Expr e = parseExpression(str(f.getExpr()));
        if (e.kind != Expr::Kind::kExecScore || !e.args[2].ref.row.empty()) continue;
        const std::string& column = e.args[2].ref.column;
        auto written = parseValue(row.text(column).value_or(""));
        if (!written || *written == *fixed) continue;
        // Worded as the templates' own checks word it (a repeated table is named).
        std::string message =
            "预算执行率的分值为" + formatCompact(*written) + "，应为" + formatCompact(*fixed);
        if (tt.getRepeatable()) message = tableName(table) + "：" + message;
        add(Severity::kError, "weights", table.key + "/" + row.key + "/" + column, message,
            formatCompact(*fixed), formatCompact(*written));
      }
    }
  }

  std::string groupOf(proto::Block::Reader block, const RowContent& row, bool& watched) const {
    std::string level2 = labelKey(row.text("level2").value_or(""));
    watched = false;
    for (auto g : block.getGroups()) {
      for (auto w : g.getWatchSubgroups()) watched = watched || labelKey(w.cStr()) == level2;
    }
    return level2;
  }

  void checkIndicator(proto::Block::Reader block, const TableContent& table, const RowContent& row,
                      std::optional<Fixed> rate) {
    std::string name = tableName(table) + "指标“" + labelKey(row.text("level3").value_or("")) + "”";
    std::string target = row.text("target").value_or(""), actual = row.text("actual").value_or("");
    auto weight = eval_.value(Evaluator::Mode::kWritten, table.key, row.key, "weight");
    auto score = eval_.value(Evaluator::Mode::kWritten, table.key, row.key, "score");
    if (!weight || !score) return;
    std::string at = table.key + "/" + row.key;
    if (*score > *weight) {
      add(Severity::kError, "score", at + "/score",
          name + "得分" + formatCompact(*score) + "超过分值" + formatCompact(*weight),
          formatCompact(*weight), formatCompact(*score));
    }
    auto q = assessIndicator(target, actual, *weight, tmpl_.root().getIndicatorRule());
    bool short_ = (q && !q->met) || *score < *weight;
    if (short_ && row.text("reason").value_or("").empty()) {
      add(Severity::kWarning, "reason", at + "/reason",
          name + "未达到目标值或未得满分，需填写偏差原因分析及改进措施");
    }
    if (q && beatsTargetFar(*q, farFactor_)) {
      add(Severity::kWarning, "target-too-low", at + "/target",
          name + "年度指标值" + target + "，实际完成" + actual + "，目标设定可能偏低", target,
          actual);
    }
    bool watched = false;
    std::string level2 = groupOf(block, row, watched);
    if (watched && *score == *weight && rate && *rate < lowExecution_) {
      add(Severity::kWarning, "full-marks-low-execution", at + "/score",
          name + "（" + level2 + "）得满分，但预算执行率仅为" +
              formatFigure(*rate, proto::ColumnType::PERCENT) + "，需说明");
    }
    if (!q) checkQualitativeBand(name, actual, *score, *weight, at);
  }

  // Qualitative indicators: 达成 100–80 %, 部分达成 80–60 %, 未达成 60–0 % of the points.
  void checkQualitativeBand(const std::string& name, const std::string& actual, Fixed score,
                            Fixed weight, const std::string& at) {
    Fixed cap = weight;
    if (contains(actual, "未达成") || contains(actual, "未完成") || contains(actual, "未达到")) {
      cap = percentOf(weight, Fixed::whole(60));
    } else if (contains(actual, "部分")) {
      cap = percentOf(weight, Fixed::whole(80));
    }
    if (score > cap) {
      add(Severity::kWarning, "qualitative-band", at + "/score",
          name + "实际完成情况为“" + actual + "”，得分" + formatCompact(score) + "高于该档上限" +
              formatCompact(cap),
          formatCompact(cap), formatCompact(score));
    }
  }

  // ---- figures quoted in the prose ----

  void checkProse() {
    forEachSection(report_.sections, [&](const SectionContent& s, const std::string& number) {
      for (const auto& m : extractMentions(s.body)) checkMention(m, number);
    });
  }

  void checkMention(const ProseMention& m, const std::string& number) {
    for (auto pf : tmpl_.root().getProseFigures()) {
      if (pf.getUnit() != m.unit) continue;
      bool named = false;
      for (auto l : pf.getLabels()) named = named || mentionNames(m.label, l.cStr());
      if (!named) continue;
      CellRef ref = parseRef(pf.getRef().cStr());
      auto value = eval_.value(Evaluator::Mode::kWritten, ref.table, ref.row, ref.column);
      if (!value || *value == m.value) return;
      std::string expected = formatFigure(*value, typeOf(ref.table, ref.row, ref.column));
      if (m.unit == "%" && !expected.empty() && expected.back() == '%') expected.pop_back();
      add(Severity::kError, "prose", number,
          "正文“" + m.quote + "”与" + cellName(ref.table, ref.row, ref.column) + "的" + expected +
              m.unit + "不一致",
          expected, m.figure);
      return;
    }
  }

  // ---- figures in the prose against the indicator table ----

  // What the prose calls an indicator: "信息化建设（5G基站）" is named by "5G基站" or
  // "信息化建设"; "维护用电秩序次数" by "维护用电秩序". Words under three characters name
  // too much to be matched.
  static std::vector<std::string> indicatorKeywords(std::string_view level3) {
    std::string label = labelKey(level3);
    std::vector<std::string> out;
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"（", "）"},
                               std::pair<std::string_view, std::string_view>{"(", ")"}}) {
      size_t a = label.find(open);
      size_t b = a == std::string::npos ? a : label.find(close, a);
      if (b == std::string::npos) continue;
      out.push_back(label.substr(a + open.size(), b - a - open.size()));
      label = label.substr(0, a) + label.substr(b + close.size());
    }
    for (std::string_view suffix : {"次数", "人数", "个数", "数量"}) {
      bool ends = label.size() > suffix.size() &&
                  std::string_view(label).substr(label.size() - suffix.size()) == suffix;
      if (ends && utf8ToU32(label).size() >= 6) label.resize(label.size() - suffix.size());
    }
    out.push_back(label);
    std::erase_if(out, [](const std::string& k) { return utf8ToU32(k).size() < 3; });
    return out;
  }

  // True when a mention's label ends with the indicator's keyword, or with it and a word
  // of counting ("全年新建5G基站", "维护用电秩序次数"): "新增就业困难人员" does not name
  // "新增就业", and "5G需求" does not name "5G基站".
  static bool namesIndicator(std::string_view label, std::string_view keyword) {
    for (std::string_view tail : {"", "次数", "人数", "个数", "数量", "数"}) {
      size_t n = keyword.size() + tail.size();
      if (label.size() >= n && label.substr(label.size() - n, keyword.size()) == keyword &&
          label.substr(label.size() - tail.size()) == tail)
        return true;
    }
    return false;
  }

  // The prose of the section a table belongs to (六 for the 自评表) quotes indicator results:
  // a figure there naming an indicator, in its unit, must equal its 实际完成值 (its 年度指标值
  // when the clause states the 目标). Issue 13.
  void checkProseIndicators() {
    for (const auto& [key, table] : report_.tables) {
      auto tt = tmpl_.tableOf(table);
      if (!tt || tt->getSection().size() == 0) continue;
      std::vector<std::pair<const SectionContent*, std::string>> prose;
      forEachSection(report_.sections, [&](const SectionContent& s, const std::string& number) {
        if (s.templateKey != sv(tt->getSection())) return;
        prose.emplace_back(&s, number);
        forEachSection(
            s.children,
            [&](const SectionContent& c, const std::string& n) { prose.emplace_back(&c, n); },
            number + ".");
      });
      for (auto block : tt->getBlocks()) {
        if (block.getStyle() != proto::BlockStyle::INDICATORS) continue;
        for (const auto& row : table.rows) {
          if (row.group != str(block.getKey())) continue;
          for (const auto& [section, number] : prose)
            checkIndicatorProse(table, row, *section, number);
        }
      }
    }
  }

  void checkIndicatorProse(const TableContent& table, const RowContent& row,
                           const SectionContent& section, const std::string& number) {
    std::string actualText = row.text("actual").value_or("");
    std::string targetText = row.text("target").value_or("");
    auto actual = parseFigure(actualText);
    auto target = parseFigure(targetText);
    if (!actual || actual->unit.empty() || actual->unit == "分") return;
    std::vector<std::string> units{actual->unit};
    if (actual->unit == "%") units.push_back("％");
    auto keywords = indicatorKeywords(row.text("level3").value_or(""));
    std::string indicator = labelKey(row.text("level3").value_or(""));
    for (const auto& m : extractMentions(section.body, units)) {
      std::string label = labelKey(m.label);
      bool named = false;
      for (const auto& k : keywords) named = named || namesIndicator(label, k);
      if (!named) continue;
      bool aboutTarget = contains(m.clause, "目标") && target;
      const ParsedFigure& figure = aboutTarget ? *target : *actual;
      if (figure.unit != m.unit || figure.value == m.value) continue;
      const std::string& text = aboutTarget ? targetText : actualText;
      add(Severity::kWarning, "prose-indicator", number,
          "正文“" + m.quote + "”与" + tableName(table) + "指标“" + indicator + "”的" +
              (aboutTarget ? "年度指标值" : "实际完成值") + text + "不一致",
          text, m.figure + m.unit);
    }
  }

  const Template& tmpl_;
  const ReportContent& report_;
  Evaluator eval_;
  Fixed tail_, farFactor_, lowExecution_;
  std::optional<Fixed> reasonBelow_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> runChecks(const Template& tmpl, const ReportContent& report) {
  return Checker(tmpl, report).run();
}

}  // namespace rs::report
