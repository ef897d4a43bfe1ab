#include "core/table_view.h"

#include "util/errors.h"
#include "util/json_writer.h"

namespace rs::core {

namespace {

std::string joined(const report::CellContent& cell) {
  std::string s;
  for (const std::string& v : cell.values) s += (s.empty() ? "" : " | ") + v;
  return s;
}

std::string computedText(const report::ComputedCell& c) {
  if (!c.computed) return "";
  return report::formatFigure(*c.computed, c.type);
}

std::string rowLabel(proto::TableTemplate::Reader tt, const report::RowContent& row) {
  if (auto label = row.text("label"); label && !label->empty()) return *label;
  if (auto place = report::placeOf(tt, row); place && place->row)
    return std::string(place->row->getLabel().cStr());
  return "";
}

}  // namespace

std::string renderTable(const report::Template& tmpl, const report::TableContent& table,
                        const ComputedByCell& computed, bool json) {
  auto tt = tmpl.tableOf(table);
  require(tt.has_value(), "the template has no table " + table.templateKey);
  JsonWriter w;
  std::string text;
  if (json) {
    w.beginObject().key("key").value(table.key).key("title").value(tt->getTitle().cStr());
    w.key("rows").beginArray();
  } else {
    text += std::string(tt->getTitle().cStr()) + "  (" + table.key + ")\n";
  }
  for (const report::RowContent& row : table.rows) {
    auto place = report::placeOf(*tt, row);
    if (json) {
      w.beginObject().key("key").value(row.key).key("group").value(row.group);
      w.key("label").value(rowLabel(*tt, row)).key("cells").beginObject();
    } else {
      text += row.key + "  " + rowLabel(*tt, row) + "\n";
    }
    if (!place) {
      if (json) w.endObject().endObject();
      continue;
    }
    for (auto col : place->block.getColumns()) {
      std::string key = col.getKey().cStr();
      if (key == "label") continue;
      auto cellIt = row.cells.find(key);
      auto compIt = computed.find({row.key, key});
      bool hasCell = cellIt != row.cells.end() && !cellIt->second.empty();
      bool hasComputed = compIt != computed.end() && compIt->second.computed;
      if (!hasCell && !hasComputed) continue;
      if (json) {
        w.key(key).beginObject().key("values").beginArray();
        if (hasCell)
          for (const auto& v : cellIt->second.values) w.value(v);
        w.endArray();
        if (compIt != computed.end()) {
          w.key("computed").value(computedText(compIt->second));
          w.key("rule").value(compIt->second.rule);
        }
        w.endObject();
      } else {
        text += "    " + std::string(col.getTitle().cStr()) + " [" + key + "]: ";
        if (hasCell) text += joined(cellIt->second);
        if (cellIt != row.cells.end() && cellIt->second.conflicted()) text += "  (冲突, 待选择)";
        if (hasComputed) {
          std::string c = computedText(compIt->second);
          if (!hasCell) text += c + "  (计算)";
          else if (compIt->second.reportedValue != compIt->second.computed)
            text += "  (计算值 " + c + ")";
        }
        text += "\n";
      }
    }
    if (json) w.endObject().endObject();
  }
  if (json) return w.endArray().endObject().str() + "\n";
  return text;
}

void requireWritableCell(const report::Template& tmpl, const report::TableContent& table,
                         const std::string& rowKey, const std::string& column) {
  auto tt = tmpl.tableOf(table);
  require(tt.has_value(), "the template has no table " + table.templateKey);
  const report::RowContent* row = table.row(rowKey);
  if (!row) {  // a 1-based position
    size_t n = std::stoul(rowKey);
    row = &table.rows.at(n - 1);
  }
  auto place = report::placeOf(*tt, *row);
  require(place.has_value(), "row " + rowKey + " does not belong to the table's template");
  require(report::findColumn(place->block, column).has_value(),
          "table " + table.key + " has no column " + column + " in row " + rowKey);
}

}  // namespace rs::core
