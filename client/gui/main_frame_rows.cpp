// 插入行 and 删除行 in a table grid, where the template allows added rows and the rights
// (doc/rights.cpp) allow the user. An indicator row takes 一级/二级指标 from the row above,
// shown in 插入行's dialog to keep or change.
#include <wx/log.h>
#include <wx/textdlg.h>

#include "core/table_rows.h"
#include "docreport/content_bridge.h"
#include "gui/fields_dialog.h"
#include "gui/main_frame.h"
#include "gui/ui_text.h"
#include "report/new_report.h"
#include "report/template.h"

namespace rs::gui {

std::string MainFrame::addGroupFor(const std::string& table, const std::string& row,
                                   const std::string& group, const std::string& block) {
  if (!hasReport()) return "";
  try {
    report::ReportContent content;
    {
      SharedDoc::Lock lock(doc_);
      // 插入行 only in tables the user may write (doc/rights.cpp).
      auto t = core::findTable(*report_.doc, table);
      if (!t || !report_.doc->mayWriteTable(replica_->userName(), *t)) return "";
      if (!group.empty()) return group;  // beside an added row: another one of its group
      content = core::toContent(*report_.doc);
    }
    auto tc = content.tables.find(table);
    if (tc == content.tables.end()) return "";
    report::Template tmpl = report::Template::forReport(content.templateKey);
    auto tt = tmpl.tableOf(tc->second);
    if (!tt) return "";
    if (auto fixed = report::findFixedRow(*tt, row); fixed && fixed->row->getAllowAdd()) return row;
    if (auto b = report::findBlock(*tt, block); b && b->getAllowAdd()) return block;
  } catch (const std::exception&) {
  }
  return "";
}

std::string MainFrame::addTableRow(const std::string& table, const std::string& group,
                                   const std::string& after, const std::string& label,
                                   const std::map<std::string, std::string>& cells) {
  if (!hasReport()) return "";
  std::string key;
  try {
    SharedDoc::Lock lock(doc_);
    // Checked against the rights first (core/table_rows.h): nothing is made when refused.
    key = core::addTableRow(*replica_, report_, table, group, after, label, cells);
    localChangeCommitted();
    hideNotice(NoticeKind::kRows);
  } catch (const std::exception& e) {
    showNotice(tr("Could not add the row: ") + errorText(e.what()), NoticeKind::kRows);
    key.clear();
  }
  requestAnalysis(0);
  updateMenus();
  updateStatus();
  return key;
}

void MainFrame::askAndAddRow(const std::string& table, const std::string& group,
                             const std::string& after) {
  std::vector<std::pair<std::string, std::string>> inherited;
  try {
    SharedDoc::Lock lock(doc_);
    inherited = core::inheritedCells(report_, table, group, after);
  } catch (const std::exception&) {
    // addTableRow says what is wrong
  }
  if (inherited.empty()) {
    wxTextEntryDialog ask(this, tr("Name of the new row (it goes under the row you clicked):"),
                          tr("Insert row"));
    ask.SetName("insert_row");
    if (ask.ShowModal() != wxID_OK) return;
    addTableRow(table, group, after, utf8(ask.GetValue().Trim().Trim(false)));
    return;
  }
  // Indicators: 一级/二级指标 as the row above, to keep or change, then the 三级指标.
  FieldsDialog dialog(this, tr("Insert row"),
                      tr("The new indicator goes under the row you clicked:"));
  dialog.SetName("insert_row");
  std::vector<std::pair<std::string, wxTextCtrl*>> fields;
  for (const auto& [column, value] : inherited) {
    wxString label = column == "level1"   ? tr("Level 1 indicator:")
                     : column == "level2" ? tr("Level 2 indicator:")
                                          : wx(column + ":");
    fields.emplace_back(column, dialog.text(label, wx(value)));
  }
  wxTextCtrl* name = dialog.text(tr("Level 3 indicator:"), "");
  if (dialog.run(name) != wxID_OK) return;
  std::map<std::string, std::string> cells;
  for (const auto& [column, field] : fields)
    cells[column] = utf8(field->GetValue().Trim().Trim(false));
  addTableRow(table, group, after, utf8(name->GetValue().Trim().Trim(false)), cells);
}

bool MainFrame::mayDeleteRow(const std::string& table, const std::string& row) {
  if (!hasReport()) return false;
  SharedDoc::Lock lock(doc_);
  auto t = core::findTable(*report_.doc, table);
  auto r = t ? core::findRow(*report_.doc, *t, row) : std::nullopt;
  return r && !report_.doc->rowDeleteRefusal(replica_->userName(), *t, *r);
}

bool MainFrame::deleteTableRow(const std::string& table, const std::string& row) {
  if (!hasReport()) return false;
  bool done = false;
  try {
    SharedDoc::Lock lock(doc_);
    // A template row (第N行是表样固定行，不能删除) or another's row is refused here, before
    // any change is made (core/table_rows.h).
    core::deleteTableRow(*replica_, report_, table, row);
    localChangeCommitted();
    hideNotice(NoticeKind::kRows);
    done = true;
  } catch (const std::exception& e) {
    showNotice(tr("Could not delete the row: ") + errorText(e.what()), NoticeKind::kRows);
  }
  requestAnalysis(0);
  updateMenus();
  updateStatus();
  return done;
}

}  // namespace rs::gui
