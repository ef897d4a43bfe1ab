// The office's dialogs: 报告属性 (the report's title, department and year), 分配章节
// (who writes a section, chosen among the report's members) and 新增 / 删除项目支出绩效自评表.
// All are office-only ops in the document's rights (doc/rights.cpp): a user who is not the
// office gets a refusal in the notice bar and nothing changes.
#include <set>

#include <wx/button.h>
#include <wx/choicdlg.h>
#include <wx/combobox.h>
#include <wx/dialog.h>
#include <wx/log.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "core/project_tables.h"
#include "core/rights_text.h"
#include "core/server_connection.h"
#include "docreport/content_bridge.h"
#include "docreport/render.h"
#include "gui/fields_dialog.h"
#include "gui/main_frame.h"
#include "gui/ui_text.h"

namespace rs::gui {

namespace {

wxString trimmed(wxString s) {
  return s.Trim().Trim(false);
}

}  // namespace

void MainFrame::onProperties(wxCommandEvent&) {
  if (!hasReport()) return;
  std::string title, department, year;
  {
    SharedDoc::Lock lock(doc_);
    title = report_.doc->reportValue(doc::ReportField::kTitle);
    department = report_.doc->reportValue(doc::ReportField::kDepartment);
    year = report_.doc->reportValue(doc::ReportField::kYear);
  }
  FieldsDialog dialog(this, tr("Report properties"), "");
  wxTextCtrl* t = dialog.text(tr("Title:"), wx(title));
  wxTextCtrl* d = dialog.text(tr("Department name:"), wx(department));
  wxTextCtrl* y = dialog.text(tr("Year:"), wx(year));
  if (dialog.run(t) != wxID_OK) return;
  setReportProperties(utf8(trimmed(t->GetValue())), utf8(trimmed(d->GetValue())),
                      utf8(trimmed(y->GetValue())));
}

bool MainFrame::setReportProperties(const std::string& title, const std::string& department,
                                    const std::string& year) {
  long y = 0;
  if (title.empty() || department.empty()) {
    showNotice(tr("Not changed: the title and the department may not be empty."),
               NoticeKind::kProperties);
    return false;
  }
  if (!wx(year).ToLong(&y) || y < 2000 || y > 2100) {
    showNotice(tr("Not changed: the year must be a year such as 2025."), NoticeKind::kProperties);
    return false;
  }
  try {
    SharedDoc::Lock lock(doc_);
    core::requireOffice(*report_.doc, replica_->userName(), "changing the report's properties");
    std::vector<std::pair<doc::ReportField, std::string>> changed;
    for (auto [field, value] : {std::pair{doc::ReportField::kTitle, title},
                                std::pair{doc::ReportField::kDepartment, department},
                                std::pair{doc::ReportField::kYear, year}})
      if (report_.doc->reportValue(field) != value) changed.emplace_back(field, value);
    if (changed.empty()) return true;
    replica_->edit(report_, [&](doc::LocalEdit& e) {
      for (const auto& [field, value] : changed) e.setReportField(field, value);
    });
    localChangeCommitted();
  } catch (const std::exception& e) {
    showNotice(tr("Not changed: ") + errorText(e.what()), NoticeKind::kProperties);
    return false;
  }
  SetTitle(wx(title) + " - " + tr("reportsync"));
  hideNotice(NoticeKind::kProperties);  // an earlier refusal of the same dialog is answered now
  SetStatusText(tr("The report's properties are changed"), 3);
  refreshAll();
  return true;
}

void MainFrame::onAssign(wxCommandEvent&) {
  auto section = editor_->section();
  if (!hasReport() || !section) return;
  // Members: on the server when logged in (fetched off the UI thread), and those the
  // document names (the office, assignees, authors) in any case.
  auto login = replica_->serverLogin();
  if (!login || login->token.empty()) {
    showAssignDialog(*section, {});
    return;
  }
  std::string id = report_.id;
  doc::OpId s = *section;
  worker_.post(this, "", [login = *login, id, s, this]() {
    auto members = std::make_shared<std::vector<std::string>>();
    try {
      for (const auto& [user, role] :
           core::ServerConnection(login.url, login.token).report(id).members)
        members->push_back(user);
    } catch (const std::exception&) {
      // Not shared yet, or offline: the document's names are offered.
    }
    return BackgroundWorker::Continuation([this, s, members] { showAssignDialog(s, *members); });
  });
}

void MainFrame::showAssignDialog(doc::OpId section, std::vector<std::string> members) {
  if (!hasReport()) return;
  std::string current, heading;
  std::set<std::string> names(members.begin(), members.end());
  {
    SharedDoc::Lock lock(doc_);
    const doc::Section* s = report_.doc->section(section);
    if (!s) return;
    current = core::registerText(s->assignee);
    for (const auto& entry : report_.doc->outline())
      if (entry.id == section) heading = core::headingLabel(entry.number);
    heading += core::registerText(s->title);
    for (const std::string& u : report_.doc->officeUsers()) names.insert(u);
    for (const auto& entry : report_.doc->outline())
      for (const auto& e : report_.doc->section(entry.id)->assignee.entries())
        if (!e.value.empty()) names.insert(e.value);
    for (const auto& [actor, user] : replica_->actorUsers()) names.insert(user);
  }
  names.insert(replica_->userName());
  wxArrayString items;
  for (const std::string& n : names) items.Add(wx(n));
  FieldsDialog dialog(this, tr("Assign section"),
                      tr("Section: ") + wx(heading) + "\n" +
                          tr("Who writes it? A member of the report, or several: zhang,li"));
  wxComboBox* who = dialog.choice(tr("Writer:"), wx(current), items);
  if (dialog.run(who) != wxID_OK) return;
  assignSection(section, utf8(trimmed(who->GetValue())));
}

void MainFrame::assignSection(doc::OpId section, const std::string& name) {
  try {
    SharedDoc::Lock lock(doc_);
    if (!report_.doc->section(section)) throw std::runtime_error("the section is gone");
    core::requireOffice(*report_.doc, replica_->userName(), "assigning sections (分配章节)");
    replica_->edit(report_, [&](doc::LocalEdit& e) {
      e.setSectionField(section, doc::SectionField::kAssignee, name);
    });
    localChangeCommitted();
    // The server enforces assignments: tell it too, off the UI thread.
    if (auto login = replica_->serverLogin(); login && !login->token.empty() && !name.empty()) {
      std::string id = report_.id;
      uint64_t counter = section.counter;
      crdt::ActorId actor = report_.doc->actors().bytes(section.actor);
      worker_.post(this, "", [login = *login, id, counter, actor, name, this]() {
        std::string error;
        try {
          core::ServerConnection(login.url, login.token).assign(id, counter, actor, name);
        } catch (const std::exception& e) {
          error = e.what();
        }
        return BackgroundWorker::Continuation([this, error] {
          if (!error.empty())
            showNotice(tr("The server did not take the assignment: ") + errorText(error));
        });
      });
    }
  } catch (const std::exception& e) {
    showNotice(tr("Not assigned: ") + errorText(e.what()));
  }
  editor_->refreshFromDocument();
  refreshAll();
}

void MainFrame::askAndAddProjectTable() {
  if (!hasReport()) return;
  FieldsDialog dialog(this, tr("Add a project table"),
                      tr("The project's name, and its funds of this year in 10,000 yuan "
                         "(当年财政拨款; they may stay empty and be written in the table later):"));
  dialog.SetName("add_project_table");
  wxTextCtrl* name = dialog.text(tr("Project name:"), "");
  wxTextCtrl* initial = dialog.text(tr("Budget at the start of the year:"), "");
  wxTextCtrl* full = dialog.text(tr("Budget for the whole year:"), "");
  wxTextCtrl* executed = dialog.text(tr("Executed in the year:"), "");
  if (dialog.run(name) != wxID_OK) return;
  addProjectTable(utf8(name->GetValue()),
                  {utf8(initial->GetValue()), utf8(full->GetValue()), utf8(executed->GetValue())});
}

std::string MainFrame::addProjectTable(const std::string& name, const core::ProjectMoney& money) {
  if (!hasReport()) return "";
  std::string key;
  try {
    SharedDoc::Lock lock(doc_);
    key = core::addProjectTable(*replica_, report_, name, money);
    localChangeCommitted();
  } catch (const std::exception& e) {
    showNotice(tr("No table added: ") + errorText(e.what()), NoticeKind::kTables);
    return "";
  }
  hideNotice(NoticeKind::kTables);  // an earlier refusal of a table's add is answered now
  showWhenBuilt_ = key;
  SetStatusText(tr("Project table added: ") + wx(name), 3);
  refreshAll();
  return key;
}

void MainFrame::askAndRemoveProjectTable(std::string key) {
  if (!hasReport()) return;
  std::vector<core::ProjectTable> projects;
  {
    SharedDoc::Lock lock(doc_);
    projects = core::projectTables(*report_.doc);
  }
  auto named = [&](const core::ProjectTable& p) { return p.name.empty() ? wx(p.key) : wx(p.name); };
  if (projects.empty()) {
    showNotice(tr("The report has no project table to remove."), NoticeKind::kTables);
    return;
  }
  if (key.empty()) {  // the table shown, when it is a project's; else the user picks one
    int page = tables_->GetSelection();
    auto* g = page == wxNOT_FOUND ? nullptr : dynamic_cast<TableGrid*>(tables_->GetPage(page));
    for (const auto& p : projects)
      if (g && p.key == g->key()) key = p.key;
  }
  if (key.empty()) {
    wxArrayString names;
    for (const auto& p : projects) names.Add(named(p));
    wxSingleChoiceDialog choose(this, tr("Which project's table?"), tr("Remove a project table"),
                                names);
    if (choose.ShowModal() != wxID_OK) return;
    key = projects[size_t(choose.GetSelection())].key;
  }
  wxString project = wx(key);
  for (const auto& p : projects)
    if (p.key == key) project = named(p);
  wxMessageDialog confirm(
      this,
      wxString::Format(tr("Remove the 项目支出绩效自评表 of the project “%s”? Undo (Ctrl+Z) "
                          "brings it back with everything written in it."),
                       project),
      tr("Remove a project table"), wxYES_NO | wxICON_QUESTION);
  if (confirm.ShowModal() != wxID_YES) return;
  removeProjectTable(key);
}

bool MainFrame::removeProjectTable(const std::string& key) {
  if (!hasReport()) return false;
  std::string name;
  try {
    SharedDoc::Lock lock(doc_);
    name = core::removeProjectTable(*replica_, report_, key);
    localChangeCommitted();
  } catch (const std::exception& e) {
    showNotice(tr("No table removed: ") + errorText(e.what()), NoticeKind::kTables);
    return false;
  }
  hideNotice(NoticeKind::kTables);
  SetStatusText(
      tr("Project table removed (Ctrl+Z brings it back): ") + wx(name.empty() ? key : name), 3);
  refreshAll();
  return true;
}

void MainFrame::showTablesMenu(const std::string& key) {
  if (!hasReport()) return;
  enum { kAdd = wxID_HIGHEST + 950, kRemove };
  std::string project;
  bool isProject = false;
  {
    SharedDoc::Lock lock(doc_);
    for (const auto& p : core::projectTables(*report_.doc))
      if (p.key == key) {
        isProject = true;
        project = p.name.empty() ? p.key : p.name;
      }
  }
  wxMenu menu;
  menu.Append(kAdd, tr("Add a pro&ject table..."));
  if (isProject)
    menu.Append(kRemove, wxString::Format(tr("&Remove the table of “%s”..."), wx(project)));
  auto opened = [this, &menu](wxMenuEvent& e) {
    if (e.GetMenu() == &menu) ++tablesMenusShown_;
    e.Skip();
  };
  Bind(wxEVT_MENU_OPEN, opened);
  int chosen = GetPopupMenuSelectionFromUser(menu);
  Unbind(wxEVT_MENU_OPEN, opened);
  switch (chosen) {
    case kAdd:
      askAndAddProjectTable();
      break;
    case kRemove:
      askAndRemoveProjectTable(key);
      break;
    default:
      break;
  }
}

}  // namespace rs::gui
