#include "report/table_view.h"

#include "util/json_writer.h"

#include "report/compute.h"
#include "report/findings.h"
#include "util/errors.h"

namespace rs::report {

namespace {
// Rows without a template label (indicators, projects): their most specific name cell.
constexpr const char* kNameColumns[] = {"level3", "name", "project", "indicator"};
}  // namespace

std::string rowName(const RowView& row) {
  if (!row.label.empty()) return row.label;
  for (const char* key : kNameColumns)
    for (const auto& c : row.cells)
      if (c.column == key && !c.values.empty() && !c.values[0].empty()) return c.values[0];
  return "";
}

std::string nameColumn(proto::Block::Reader block) {
  if (findColumn(block, "label")) return "label";
  for (const char* key : kNameColumns)
    if (findColumn(block, key)) return key;
  return "";
}

namespace {

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

std::string typeName(proto::ColumnType t) {
  switch (t) {
    case proto::ColumnType::MONEY:
      return "money";
    case proto::ColumnType::PERCENT:
      return "percent";
    case proto::ColumnType::COUNT:
      return "count";
    case proto::ColumnType::SCORE:
      return "score";
    case proto::ColumnType::NUMBER:
      return "number";
    default:
      return "text";
  }
}

std::string knownTables(const ReportContent& report) {
  std::string out;
  for (const auto& [key, table] : report.tables) out += (out.empty() ? "" : ", ") + key;
  return out;
}

const TableContent& requireTable(const ReportContent& report, const std::string& key) {
  const TableContent* table = report.table(key);
  require(table != nullptr, "report has no table \"" + key + "\"; its tables: " +
                                knownTables(report) + " (没有表格“" + key + "”)");
  return *table;
}

std::string quoted(const std::string& s) {
  return rs::jsonEscape(s);
}

}  // namespace

TableView viewTable(const Template& tmpl, const ReportContent& report, const std::string& key) {
  const TableContent& table = requireTable(report, key);
  auto tt = tmpl.tableOf(table);
  require(tt.has_value(), "template has no table \"" + table.templateKey + "\" (模板中没有该表格)");
  Evaluator eval(tmpl, report);

  TableView view{table.key, table.templateKey, table.title, {}};
  for (auto block : tt->getBlocks()) {
    BlockView b{str(block.getKey()), {}, {}};
    for (auto c : block.getColumns()) {
      if (c.getKey() != "label")
        b.columns.push_back({str(c.getKey()), str(c.getTitle()), typeName(c.getType())});
    }
    for (const auto& row : table.rows) {
      auto place = placeOf(*tt, row);
      if (!place || place->block.getKey() != block.getKey()) continue;
      RowView r{row.key, row.group, "", {}};
      r.label = place->row ? str(place->row->getLabel()) : row.text("label").value_or("");
      for (const auto& column : b.columns) {
        CellView cell{column.key, {}, false, std::nullopt};
        if (auto it = row.cells.find(column.key); it != row.cells.end()) {
          cell.values = it->second.values;
        }
        if (formulaOf(*place, column.key)) {
          cell.isComputed = true;
          auto value = eval.formulaValue(Evaluator::Mode::kWritten, table.key, row.key, column.key);
          auto type = findColumn(block, column.key)->getType();
          if (value) cell.computed = formatFigure(*value, type);
        }
        r.cells.push_back(std::move(cell));
      }
      b.rows.push_back(std::move(r));
    }
    view.blocks.push_back(std::move(b));
  }
  return view;
}

std::string tableViewJson(const TableView& view) {
  std::string out = "{\"key\":" + quoted(view.key) +
                    ",\"templateKey\":" + quoted(view.templateKey) +
                    ",\"title\":" + quoted(view.title) + ",\"blocks\":[";
  for (size_t b = 0; b < view.blocks.size(); ++b) {
    const BlockView& block = view.blocks[b];
    out += (b ? "," : "") + std::string("\n {\"key\":") + quoted(block.key) + ",\"columns\":[";
    for (size_t c = 0; c < block.columns.size(); ++c) {
      const ColumnView& col = block.columns[c];
      out += (c ? "," : "") + std::string("{\"key\":") + quoted(col.key) +
             ",\"title\":" + quoted(col.title) + ",\"type\":" + quoted(col.type) + "}";
    }
    out += "],\"rows\":[";
    for (size_t r = 0; r < block.rows.size(); ++r) {
      const RowView& row = block.rows[r];
      out += (r ? "," : "") + std::string("\n  {\"key\":") + quoted(row.key) +
             ",\"group\":" + quoted(row.group) + ",\"label\":" + quoted(row.label) + ",\"cells\":[";
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const CellView& cell = row.cells[i];
        out += (i ? "," : "") + std::string("{\"column\":") + quoted(cell.column) + ",\"values\":[";
        for (size_t v = 0; v < cell.values.size(); ++v) {
          out += (v ? "," : "") + quoted(cell.values[v]);
        }
        out += "]";
        if (cell.isComputed) {
          out += ",\"computed\":" + (cell.computed ? quoted(*cell.computed) : "null");
        }
        out += "}";
      }
      out += "]}";
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

std::string tableViewText(const TableView& view) {
  std::string out = view.title + "\n";
  for (const auto& block : view.blocks) {
    for (const auto& row : block.rows) {
      out += row.key + "\t" + row.label;
      for (const auto& cell : row.cells) {
        std::string written;
        for (const auto& v : cell.values) written += (written.empty() ? "" : " | ") + v;
        if (written.empty() && !cell.computed) continue;
        out += "\t" + cell.column + "=" + written;
        if (cell.computed) out += " [" + *cell.computed + "]";
      }
      out += "\n";
    }
  }
  return out;
}

void requireCell(const Template& tmpl, const ReportContent& report, const std::string& table,
                 const std::string& row, const std::string& column) {
  const TableContent& t = requireTable(report, table);
  const RowContent* r = t.row(row);
  if (!r) {
    std::string rows;
    for (const auto& x : t.rows) rows += (rows.empty() ? "" : ", ") + x.key;
    throw InputError("table \"" + table + "\" has no row \"" + row + "\"; its rows: " + rows +
                     " (表格中没有该行)");
  }
  auto tt = tmpl.tableOf(t);
  auto place = tt ? placeOf(*tt, *r) : std::nullopt;
  require(place.has_value(),
          "row \"" + row + "\" is not in the template of \"" + table + "\" (该行不在表样中)");
  if (findColumn(place->block, column)) return;
  std::string columns;
  for (auto c : place->block.getColumns())
    columns += (columns.empty() ? "" : ", ") + str(c.getKey());
  throw InputError("row \"" + row + "\" of table \"" + table + "\" has no column \"" + column +
                   "\"; its columns: " + columns + " (该行没有“" + column + "”列)");
}

}  // namespace rs::report
