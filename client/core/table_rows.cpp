#include "core/table_rows.h"

#include <algorithm>

#include "core/row_rights.h"
#include "docreport/content_bridge.h"
#include "report/new_report.h"
#include "report/table_view.h"
#include "report/template.h"
#include "util/errors.h"

namespace rs::core {

std::string addTableRow(Replica& replica, OpenReport& report, const std::string& tableKey,
                        const std::string& group, const std::string& after,
                        const std::string& label) {
  const doc::Document& d = *report.doc;
  auto t = findTable(d, tableKey);
  require(t.has_value(), "no table " + tableKey);
  requireMayWriteTable(d, *t, replica.userName());
  report::ReportContent content = toContent(d);
  report::Template tmpl = report::Template::forReport(content.templateKey);
  report::TableContent copy = content.tables.at(tableKey);
  auto tt = tmpl.tableOf(copy);
  require(tt.has_value(), "the template has no table " + tableKey);
  // report::addRow names the row (group-N, unused in the group) and places it after its
  // group; the row before it in that order says where it goes in the document.
  std::string key = report::addRow(*tt, copy, group).key;
  std::string labelColumn;
  if (!label.empty()) {
    auto place = report::placeOf(*tt, *copy.row(key));
    labelColumn = place ? report::nameColumn(place->block) : "";
    require(!labelColumn.empty(), "rows added under \"" + group + "\" have no name to write");
  }
  std::string before = after;  // the row the new one goes right under; "" = first
  if (!after.empty()) {
    // Where the user chose: the group's own row or one of its rows.
    const report::RowContent* a = copy.row(after);
    require(a && (a->key == group || a->group == group),
            "row \"" + after + "\" is not in the group \"" + group + "\" of " + tableKey);
  } else {
    auto it = std::find_if(copy.rows.begin(), copy.rows.end(),
                           [&](const report::RowContent& r) { return r.key == key; });
    if (it != copy.rows.begin()) before = std::prev(it)->key;
  }
  size_t index = 0;
  if (!before.empty()) {
    auto prev = findRow(d, *t, before);
    auto pos = prev ? d.table(*t)->rows.visiblePosition(*prev) : std::nullopt;
    index = pos ? *pos + 1 : d.table(*t)->rows.size();
  }
  replica.edit(report, [&](doc::LocalEdit& e) {
    doc::OpId row = e.insertRow(*t, index, key, group);
    if (!labelColumn.empty()) e.setCell(*t, row, labelColumn, label);
  });
  return key;
}

void deleteTableRow(Replica& replica, OpenReport& report, const std::string& tableKey,
                    const std::string& rowKey) {
  const doc::Document& d = *report.doc;
  auto t = findTable(d, tableKey);
  require(t.has_value(), "no table " + tableKey);
  auto r = findRow(d, *t, rowKey);
  require(r.has_value(), "no row " + rowKey + " in table " + tableKey);
  size_t number = d.table(*t)->rows.visiblePosition(*r).value_or(0) + 1;
  requireMayDeleteRow(d, *t, *r, replica.userName(), number);
  replica.edit(report, [&](doc::LocalEdit& e) { e.deleteRow(*t, *r); });
}

}  // namespace rs::core
