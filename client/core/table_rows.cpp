#include "core/table_rows.h"

#include <algorithm>
#include <optional>

#include "core/row_rights.h"
#include "docreport/content_bridge.h"
#include "report/new_report.h"
#include "report/table_view.h"
#include "report/template.h"
#include "util/errors.h"

namespace rs::core {

namespace {

// A row about to be added: the table with it (as report::addRow placed it), its key, the
// row it goes right under ("" = first), and the values it inherits from that row.
struct NewRow {
  report::Template tmpl;  // kept: `place` reads into it
  report::TableContent copy;
  std::string key, before;
  std::optional<report::RowPlace> place;
  std::vector<std::pair<std::string, std::string>> inherited;
};

NewRow planRow(const doc::Document& d, const std::string& tableKey, const std::string& group,
               const std::string& after) {
  report::ReportContent content = toContent(d);
  auto found = content.tables.find(tableKey);
  require(found != content.tables.end(), "no table " + tableKey + " (没有表格“" + tableKey + "”)");
  NewRow n{report::Template::forReport(content.templateKey), found->second, {}, {}, {}, {}};
  auto tt = n.tmpl.tableOf(n.copy);
  require(tt.has_value(), "the template has no table " + tableKey + " (模板中没有该表格)");
  // report::addRow names the row (group-N, unused in the group) and places it after its
  // group; the row before it in that order says where it goes in the document.
  n.key = report::addRow(*tt, n.copy, group).key;
  n.place = report::placeOf(*tt, *n.copy.row(n.key));
  n.before = after;
  if (!after.empty()) {
    // Where the user chose: the group's own row or one of its rows.
    const report::RowContent* a = n.copy.row(after);
    require(a && (a->key == group || a->group == group),
            "row \"" + after + "\" is not in the group \"" + group + "\" of " + tableKey +
                " (该行不在“" + group + "”之下)");
  } else {
    auto it = std::find_if(n.copy.rows.begin(), n.copy.rows.end(),
                           [&](const report::RowContent& r) { return r.key == n.key; });
    if (it != n.copy.rows.begin()) n.before = std::prev(it)->key;
  }
  // Indicators: 一级/二级指标 as the row above (the text form fills them down the same way).
  const report::RowContent* above = n.before.empty() ? nullptr : n.copy.row(n.before);
  if (n.place && above) {
    for (auto column : n.place->block.getFillDown()) {
      std::string c(column.cStr(), column.size());
      n.inherited.emplace_back(c, above->text(c).value_or(""));
    }
  }
  return n;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> inheritedCells(const OpenReport& report,
                                                                const std::string& tableKey,
                                                                const std::string& group,
                                                                const std::string& after) {
  return planRow(*report.doc, tableKey, group, after).inherited;
}

std::string addTableRow(Replica& replica, OpenReport& report, const std::string& tableKey,
                        const std::string& group, const std::string& after,
                        const std::string& label, const std::map<std::string, std::string>& cells) {
  const doc::Document& d = *report.doc;
  auto t = findTable(d, tableKey);
  require(t.has_value(), "no table " + tableKey + " (没有表格“" + tableKey + "”)");
  requireMayWriteTable(d, *t, replica.userName());
  NewRow n = planRow(d, tableKey, group, after);
  const std::string& key = n.key;
  const std::string& before = n.before;
  std::map<std::string, std::string> writes;
  for (const auto& [column, value] : n.inherited)
    if (!value.empty()) writes[column] = value;
  for (const auto& [column, value] : cells) {
    require(n.place && report::findColumn(n.place->block, column),
            "rows added under \"" + group + "\" have no column \"" + column + "\" (“" + group +
                "”下新增的行没有“" + column + "”列)");
    writes[column] = value;
  }
  if (!label.empty()) {
    std::string labelColumn = n.place ? report::nameColumn(n.place->block) : "";
    require(!labelColumn.empty(), "rows added under \"" + group + "\" have no name to write (“" +
                                      group + "”下新增的行没有名称列)");
    writes[labelColumn] = label;
  }
  size_t index = 0;
  if (!before.empty()) {
    auto prev = findRow(d, *t, before);
    auto pos = prev ? d.table(*t)->rows.visiblePosition(*prev) : std::nullopt;
    index = pos ? *pos + 1 : d.table(*t)->rows.size();
  }
  replica.edit(report, [&](doc::LocalEdit& e) {
    doc::OpId row = e.insertRow(*t, index, key, group);
    for (const auto& [column, value] : writes)
      if (!value.empty()) e.setCell(*t, row, column, value);
  });
  return key;
}

void deleteTableRow(Replica& replica, OpenReport& report, const std::string& tableKey,
                    const std::string& rowKey) {
  const doc::Document& d = *report.doc;
  auto t = findTable(d, tableKey);
  require(t.has_value(), "no table " + tableKey + " (没有表格“" + tableKey + "”)");
  auto r = findRow(d, *t, rowKey);
  require(r.has_value(), "no row " + rowKey + " in table " + tableKey + " (表格中没有该行)");
  size_t number = d.table(*t)->rows.visiblePosition(*r).value_or(0) + 1;
  requireMayDeleteRow(d, *t, *r, replica.userName(), number);
  replica.edit(report, [&](doc::LocalEdit& e) { e.deleteRow(*t, *r); });
}

}  // namespace rs::core
