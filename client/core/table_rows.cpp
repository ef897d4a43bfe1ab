#include "core/table_rows.h"

#include "core/content_bridge.h"
#include "core/row_rights.h"
#include "report/new_report.h"
#include "report/template.h"
#include "util/errors.h"

namespace rs::core {

std::string addTableRow(Replica& replica, OpenReport& report, const std::string& tableKey,
                        const std::string& group) {
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
  size_t index = 0;
  for (size_t i = 0; i < copy.rows.size(); ++i) {
    if (copy.rows[i].key != key) continue;
    if (i > 0) {
      auto prev = findRow(d, *t, copy.rows[i - 1].key);
      auto pos = prev ? d.table(*t)->rows.visiblePosition(*prev) : std::nullopt;
      index = pos ? *pos + 1 : d.table(*t)->rows.size();
    }
    break;
  }
  replica.edit(report, [&](doc::LocalEdit& e) { e.insertRow(*t, index, key, group); });
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
