// 插入行 and 删除行 in a table grid, where the template allows added rows.
#include <wx/log.h>

#include "core/content_bridge.h"
#include "gui/main_frame.h"
#include "gui/ui_text.h"
#include "report/new_report.h"
#include "report/template.h"

namespace rs::gui {

std::string MainFrame::addGroupFor(const std::string& table, const std::string& row,
                                   const std::string& group, const std::string& block) {
  if (!hasReport()) return "";
  if (!group.empty()) return group;  // beside an added row: another one of its group
  try {
    report::ReportContent content;
    {
      SharedDoc::Lock lock(doc_);
      content = core::toContent(*report_.doc);
    }
    auto tc = content.tables.find(table);
    if (tc == content.tables.end()) return "";
    report::Template tmpl = report::Template::builtin(content.templateKey);
    auto tt = tmpl.tableOf(tc->second);
    if (!tt) return "";
    if (auto fixed = report::findFixedRow(*tt, row); fixed && fixed->row->getAllowAdd()) return row;
    if (auto b = report::findBlock(*tt, block); b && b->getAllowAdd()) return block;
  } catch (const std::exception&) {
  }
  return "";
}

std::string MainFrame::addTableRow(const std::string& table, const std::string& group) {
  if (!hasReport()) return "";
  std::string key;
  try {
    SharedDoc::Lock lock(doc_);
    report::ReportContent content = core::toContent(*report_.doc);
    auto tc = content.tables.find(table);
    if (tc == content.tables.end()) throw std::runtime_error("no table " + table);
    report::Template tmpl = report::Template::builtin(content.templateKey);
    auto tt = tmpl.tableOf(tc->second);
    if (!tt) throw std::runtime_error("the template has no table " + table);
    // report::addRow names the row (group-N, unused in the group) and places it after its
    // group; the row before it in that order says where it goes in the document.
    report::TableContent copy = tc->second;
    key = report::addRow(*tt, copy, group).key;
    auto t = core::findTable(*report_.doc, table);
    if (!t) throw std::runtime_error("no table " + table);
    size_t index = 0;
    for (size_t i = 0; i < copy.rows.size(); ++i) {
      if (copy.rows[i].key != key) continue;
      if (i > 0) {
        auto prev = core::findRow(*report_.doc, *t, copy.rows[i - 1].key);
        auto pos = prev ? report_.doc->table(*t)->rows.visiblePosition(*prev) : std::nullopt;
        index = pos ? *pos + 1 : report_.doc->table(*t)->rows.size();
      }
      break;
    }
    replica_->edit(report_, [&](doc::LocalEdit& e) { e.insertRow(*t, index, key, group); });
    redo_.clear();
    localChangeCommitted();
  } catch (const std::exception& e) {
    wxLogError("%s", tr("Could not add the row: ") + wx(e.what()));
    key.clear();
  }
  requestAnalysis(0);
  updateMenus();
  updateStatus();
  return key;
}

bool MainFrame::deleteTableRow(const std::string& table, const std::string& row) {
  if (!hasReport()) return false;
  bool done = false;
  try {
    SharedDoc::Lock lock(doc_);
    report::ReportContent content = core::toContent(*report_.doc);
    auto tc = content.tables.find(table);
    const report::RowContent* rc = tc == content.tables.end() ? nullptr : tc->second.row(row);
    if (!rc) throw std::runtime_error("no row " + table + "/" + row);
    if (!rc->added()) throw std::runtime_error("only added rows can be deleted: " + row);
    auto t = core::findTable(*report_.doc, table);
    auto r = t ? core::findRow(*report_.doc, *t, row) : std::nullopt;
    if (!t || !r) throw std::runtime_error("no row " + table + "/" + row);
    replica_->edit(report_, [&](doc::LocalEdit& e) { e.deleteRow(*t, *r); });
    redo_.clear();
    localChangeCommitted();
    done = true;
  } catch (const std::exception& e) {
    wxLogError("%s", tr("Could not delete the row: ") + wx(e.what()));
  }
  requestAnalysis(0);
  updateMenus();
  updateStatus();
  return done;
}

}  // namespace rs::gui
