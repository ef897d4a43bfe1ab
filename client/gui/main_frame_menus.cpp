// The menus of the main window and what they do.
#include <fstream>

#include <wx/accel.h>
#include <wx/choicdlg.h>
#include <wx/datetime.h>
#include <wx/dialog.h>
#include <wx/filedlg.h>
#include <wx/listbox.h>
#include <wx/log.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>

#include <filesystem>
#include <optional>

#include "core/bundle.h"
#include "core/server_connection.h"
#include "docreport/content_bridge.h"
#include "docreport/render.h"

#include "formats/docx_export.h"
#include "formats/html_export.h"
#include "formats/pdf_export.h"
#include "formats/text_export.h"
#include "gui/export_name.h"
#include "gui/guide_window.h"
#include "gui/main_frame.h"
#include "gui/open_file.h"
#include "gui/ui_text.h"
#include "report/new_report.h"
#include "report/roll_forward.h"
#include "report/template.h"

namespace rs::gui {

namespace {

enum MenuId {
  kIdNew = wxID_HIGHEST + 1,
  kIdNewFromLastYear,
  kIdImport,
  kIdExportText,
  kIdExportDocx,
  kIdExportPdf,
  kIdExportHtml,
  kIdMergeBundle,
  kIdConnect,
  kIdSyncNow,
  kIdChangePassword,
  kIdSave,
  kIdAssign,
  kIdSubmit,
  kIdSubmissions,
  kIdRecheck,
  kIdOpenReport,
  kIdMakeBundle,
  kIdProperties,
  kIdAddProject,
  kIdRemoveProject,
};

// Asks a report's year, `offered` filled in; nullopt when cancelled or not a year (said in
// the notice bar).
std::optional<int> askYear(MainFrame* parent, const wxString& title, int offered) {
  wxTextEntryDialog dialog(parent, tr("Year:"), title, wxString::Format("%d", offered));
  if (dialog.ShowModal() != wxID_OK) return std::nullopt;
  long year = 0;
  if (!dialog.GetValue().ToLong(&year) || year < 2000 || year > 2100) {
    parent->showNotice(tr("The year must be a year such as 2025."));
    return std::nullopt;
  }
  return int(year);
}

}  // namespace

void MainFrame::buildMenus() {
  auto* file = new wxMenu;
  file->Append(kIdNew, tr("&New report...\tCtrl+N"));
  file->Append(kIdNewFromLastYear, tr("New report from &last year's..."));
  file->Append(kIdOpenReport, tr("&Open report...\tCtrl+Shift+O"));
  file->Append(kIdImport, tr("&Import (.docx, .doc, .wps, .txt)...\tCtrl+O"));
  auto* exportMenu = new wxMenu;
  exportMenu->Append(kIdExportText, tr("&Text (.txt)..."));
  exportMenu->Append(kIdExportDocx, tr("&Word (.docx)..."));
  exportMenu->Append(kIdExportPdf, tr("&PDF..."));
  exportMenu->Append(kIdExportHtml, tr("&HTML web page (.html)..."));
  file->AppendSubMenu(exportMenu, tr("&Export"));
  file->Append(wxID_PRINT, tr("&Print...\tCtrl+P"));
  file->AppendSeparator();
  file->Append(kIdSave, tr("&Save and sync\tCtrl+S"));
  file->AppendSeparator();
  file->Append(kIdMakeBundle, tr("&Make a bundle of the changes..."));
  file->Append(kIdMergeBundle, tr("Merge changes from a &bundle..."));
  file->AppendSeparator();
  file->Append(wxID_EXIT, tr("&Quit\tCtrl+Q"));

  auto* edit = new wxMenu;
  edit->Append(wxID_UNDO, tr("&Undo my last change\tCtrl+Z"));
  edit->Append(wxID_REDO, tr("&Redo\tCtrl+Y"));
  edit->AppendSeparator();
  edit->Append(wxID_FIND, tr("&Find...\tCtrl+F"));
  edit->Append(wxID_REPLACE, tr("R&eplace...\tCtrl+H"));

  auto* sync = new wxMenu;
  sync->Append(kIdConnect, tr("&Connect to server..."));
  sync->Append(kIdSyncNow, tr("&Sync now\tF5"));
  sync->AppendSeparator();
  sync->Append(kIdChangePassword, tr("Change &password..."));

  auto* reportMenu = new wxMenu;
  reportMenu->Append(kIdProperties, tr("Report &properties..."));
  reportMenu->Append(kIdAssign, tr("&Assign section..."));
  reportMenu->Append(kIdAddProject, tr("Add a pro&ject table..."));
  reportMenu->Append(kIdRemoveProject, tr("Re&move a project table..."));
  reportMenu->Append(kIdRecheck, tr("Run the &checks again"));
  reportMenu->AppendSeparator();
  reportMenu->Append(kIdSubmit, tr("S&ubmit to the finance bureau..."));
  reportMenu->Append(kIdSubmissions, tr("Submission &records..."));

  auto* help = new wxMenu;
  help->Append(wxID_HELP, tr("&User guide\tF1"));
  help->Append(wxID_ABOUT, tr("&About reportsync"));

  auto* bar = new wxMenuBar;
  bar->Append(file, tr("&File"));
  bar->Append(edit, tr("&Edit"));
  bar->Append(reportMenu, tr("&Report"));
  bar->Append(sync, tr("&Sync"));
  bar->Append(help, tr("&Help"));
  SetMenuBar(bar);

  Bind(wxEVT_MENU, &MainFrame::onNew, this, kIdNew);
  Bind(wxEVT_MENU, &MainFrame::onNewFromLastYear, this, kIdNewFromLastYear);
  Bind(wxEVT_MENU, &MainFrame::onImport, this, kIdImport);
  for (auto [id, format] : {std::pair{kIdExportText, "txt"}, std::pair{kIdExportDocx, "docx"},
                            std::pair{kIdExportPdf, "pdf"}, std::pair{kIdExportHtml, "html"}})
    Bind(
        wxEVT_MENU, [this, format = std::string(format)](wxCommandEvent&) { onExport(format); },
        id);
  Bind(wxEVT_MENU, &MainFrame::onMergeBundle, this, kIdMergeBundle);
  Bind(wxEVT_MENU, &MainFrame::onMakeBundle, this, kIdMakeBundle);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { chooseReportToOpen(); }, kIdOpenReport);
  Bind(wxEVT_MENU, &MainFrame::onAssign, this, kIdAssign);
  Bind(wxEVT_MENU, &MainFrame::onProperties, this, kIdProperties);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { askAndAddProjectTable(); }, kIdAddProject);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { askAndRemoveProjectTable(""); }, kIdRemoveProject);
  Bind(wxEVT_MENU, &MainFrame::onConnect, this, kIdConnect);
  Bind(wxEVT_MENU, &MainFrame::onChangePassword, this, kIdChangePassword);
  // Ctrl+S: everything is saved as it is typed; the habit still gets an answer, and a
  // sync when there is a server.
  Bind(
      wxEVT_MENU,
      [this](wxCommandEvent&) {
        if (!hasReport()) return;
        if (editor_->hasUncommitted()) editor_->commit();
        auto login = replica_->serverLogin();
        if (login && !login->token.empty()) {
          syncNow();
          SetStatusText(tr("Saved on this computer; syncing with the server"), 3);
          saveAnswerDue_ = true;  // onSyncStatus says when the server has it all
        } else {
          SetStatusText(tr("Saved on this computer (everything is saved as you type); "
                           "not connected to a server"),
                        3);
        }
      },
      kIdSave);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { syncNow(); }, kIdSyncNow);
  Bind(wxEVT_MENU, &MainFrame::onAbout, this, wxID_ABOUT);
  Bind(
      wxEVT_MENU,
      [this](wxCommandEvent&) {
        try {
          showUserGuide(this);
        } catch (const std::exception& e) {
          showNotice(wx(e.what()));
        }
      },
      wxID_HELP);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { submitReport(); }, kIdSubmit);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { loadSubmissions(true); }, kIdSubmissions);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { undo(); }, wxID_UNDO);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { redo(); }, wxID_REDO);
  // Ctrl+Shift+Z redoes too (Word's and WPS's habit), wherever the focus is; a menu item
  // holds one shortcut, so the second is the frame's.
  wxAcceleratorEntry redoKey(wxACCEL_CTRL | wxACCEL_SHIFT, 'Z', wxID_REDO);
  SetAcceleratorTable(wxAcceleratorTable(1, &redoKey));
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { requestAnalysis(0); }, kIdRecheck);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { openFind(false); }, wxID_FIND);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { openFind(true); }, wxID_REPLACE);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { printReport(); }, wxID_PRINT);
}

void MainFrame::updateMenus() {
  wxMenuBar* bar = GetMenuBar();
  bool open = hasReport();
  for (int id : std::initializer_list<int>{kIdExportText, kIdExportDocx, kIdExportPdf,
                                           kIdExportHtml, wxID_PRINT, wxID_FIND, wxID_REPLACE})
    bar->Enable(id, open);
  bar->Enable(kIdConnect, !connecting_);
  bar->Enable(kIdSyncNow, open && !connecting_ && replica_->serverLogin().has_value());
  bool loggedIn = replica_->serverLogin().has_value() && !replica_->serverLogin()->token.empty();
  bar->Enable(kIdSave, open);
  bar->Enable(kIdNewFromLastYear, open);
  bar->Enable(kIdChangePassword, !connecting_ && loggedIn);
  bar->Enable(kIdSubmit, open && loggedIn && !connecting_ && !submitting_);
  bar->Enable(kIdSubmissions, open && loggedIn);
  bar->Enable(kIdMergeBundle, open);
  bar->Enable(kIdMakeBundle, open);
  bar->Enable(kIdAssign, open && editor_->section().has_value());
  bar->Enable(kIdProperties, open);
  bar->Enable(kIdAddProject, open);
  bar->Enable(kIdRemoveProject, open);
  bar->Enable(kIdRecheck, open);
  bar->Enable(wxID_UNDO, open);
  bar->Enable(wxID_REDO, open);
}

void MainFrame::onNew(wxCommandEvent&) {
  wxTextEntryDialog deptDialog(this, tr("Department name:"), tr("New report"));
  if (deptDialog.ShowModal() != wxID_OK || deptDialog.GetValue().empty()) return;
  // The report written in spring is last year's.
  std::optional<int> year = askYear(this, tr("New report"), wxDateTime::GetCurrentYear() - 1);
  if (!year) return;
  try {
    report::Template tmpl = report::Template::newest("hunan-dept-selfeval");
    report::ReportContent content = report::newReport(tmpl, *year, utf8(deptDialog.GetValue()));
    core::OpenReport r =
        replica_->create([&](doc::LocalEdit& e) { core::writeContent(e, content); });
    openReport(r.id);
  } catch (const std::exception& e) {
    showNotice(errorText(e.what()));
  }
}

// 新建报告 → 从上年报告: next year's report from the open one (report/roll_forward.h), a
// report of its own, opened at once.
void MainFrame::onNewFromLastYear(wxCommandEvent&) {
  if (!hasReport()) return;
  editor_->commit();
  report::ReportContent last;
  {
    SharedDoc::Lock lock(doc_);
    last = core::toContent(*report_.doc);
  }
  std::optional<int> year = askYear(this, tr("New report from last year's"), last.year + 1);
  if (!year) return;
  try {
    // Last year's template version unless the maker takes a newer one the bureau published.
    std::optional<report::Template> newer = report::newerTemplate(last.templateKey);
    bool takeNewest = false;
    if (newer) {
      wxMessageDialog choose(
          this,
          wxString::Format(tr("The bureau has published a newer version of the template: %s "
                              "(last year's report uses %s). Which version should the new "
                              "report use?"),
                           wx(report::versionName(newer->ref())),
                           wx(report::versionName(last.templateKey))),
          tr("New report from last year's"), wxYES_NO | wxCANCEL | wxYES_DEFAULT | wxICON_QUESTION);
      choose.SetYesNoCancelLabels(tr("The newest version"), tr("Last year's version"),
                                  tr("Cancel"));
      int answer = choose.ShowModal();
      if (answer == wxID_CANCEL) return;
      takeNewest = answer == wxID_YES;
    }
    report::Template tmpl = takeNewest ? *newer : report::Template::forReport(last.templateKey);
    report::ReportContent content = report::rollForward(tmpl, last, *year);
    core::OpenReport r =
        replica_->create([&](doc::LocalEdit& e) { core::writeContent(e, content); });
    openReport(r.id);
    SetStatusText(tr("Template: ") + wx(report::versionName(tmpl.ref())), 3);
  } catch (const std::exception& e) {
    showNotice(errorText(e.what()));
  }
}

void MainFrame::onImport(wxCommandEvent&) {
  // .doc and .wps are converted by LibreOffice (core/office_convert.h) on the import worker.
  wxFileDialog dialog(
      this, tr("Import a report"), "", "",
      tr("Reports (*.docx;*.doc;*.wps;*.txt)|*.docx;*.DOCX;*.doc;*.DOC;*.wps;*.WPS;*.txt;*.TXT|"
         "Word documents (*.docx;*.doc)|*.docx;*.DOCX;*.doc;*.DOC|WPS documents "
         "(*.wps)|*.wps;*.WPS|Report as text (*.txt)|*.txt;*.TXT"),
      wxFD_OPEN | wxFD_FILE_MUST_EXIST);
  if (dialog.ShowModal() != wxID_OK) return;
  importFile(utf8(dialog.GetPath()));
}

void MainFrame::chooseReportToOpen(const core::ReportId& preferred) {
  std::vector<core::ReportSummary> reports;
  try {
    reports = replica_->list();
  } catch (const std::exception& e) {
    showNotice(tr("Could not read the store: ") + errorText(e.what()));
    return;
  }
  if (reports.empty()) {
    SetStatusText(tr("There are no reports on this computer yet"), 3);
    return;
  }
  sortReports(reports);
  wxArrayString names;
  int current = 0;
  for (size_t i = 0; i < reports.size(); ++i) {
    const core::ReportSummary& r = reports[i];
    names.Add(wx(r.year + "  " + r.department + "  " + r.title));
    if (preferred.empty() ? hasReport() && r.id == report_.id : r.id == preferred)
      current = int(i);
  }
  wxSingleChoiceDialog dialog(this, tr("Which report?"), tr("Open report"), names);
  dialog.SetSelection(current);
  // Arrow keys move in the list at once (the dialog focuses its OK button).
  dialog.Bind(wxEVT_INIT_DIALOG, [&dialog](wxInitDialogEvent& event) {
    event.Skip();
    for (wxWindow* child : dialog.GetChildren())
      if (auto* list = dynamic_cast<wxListBox*>(child))
        dialog.CallAfter([list] { list->SetFocus(); });
  });
  if (dialog.ShowModal() != wxID_OK) {
    if (!hasReport() && !preferred.empty()) openReport(preferred);
    return;
  }
  const std::string& id = reports[size_t(dialog.GetSelection())].id;
  if (!hasReport() || id != report_.id) openReport(id);
}

void MainFrame::onMakeBundle(wxCommandEvent&) {
  if (!hasReport()) return;
  wxFileDialog dialog(this, tr("Make a bundle of the changes"), "", suggestedFileName("bundle"),
                      tr("Bundles (*.bundle)|*.bundle|All files|*"),
                      wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
  if (dialog.ShowModal() != wxID_OK) return;
  try {
    writeBundle(utf8(dialog.GetPath()));
    hideNotice(NoticeKind::kExport);
  } catch (const std::exception& e) {
    showNotice(tr("Could not write the bundle: ") + errorText(e.what()), NoticeKind::kExport);
  }
}

void MainFrame::writeBundle(const std::string& path) {
  editor_->commit();
  core::Bundle b{report_.id, replica_->history(report_.id)};
  std::string temp = path + ".part";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << core::encodeBundle(b);
    out.close();
    if (!out.good()) throw std::runtime_error("cannot write " + temp);
  }
  std::filesystem::rename(temp, path);
  SetStatusText(wxString::Format(tr("%zu changes written to "), size_t(b.changeCount())) + wx(path),
                3);
}

void MainFrame::onExport(const std::string& format) {
  if (!hasReport()) return;
  wxString wildcard = format == "docx"   ? tr("Word documents (*.docx)|*.docx")
                      : format == "pdf"  ? tr("PDF documents (*.pdf)|*.pdf")
                      : format == "html" ? tr("Web pages (*.html)|*.html")
                                         : tr("Report as text (*.txt)|*.txt");
  wxFileDialog dialog(this, tr("Export the report"), "", suggestedFileName(format), wildcard,
                      wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
  if (dialog.ShowModal() != wxID_OK) return;
  std::string path = utf8(dialog.GetPath());
  exportReport(format, path, [this, path] {
    SetStatusText(tr("Exported to ") + wx(path), 3);  // where it went, once written
  });
}

wxString MainFrame::suggestedFileName(const std::string& extension) {
  SharedDoc::Lock lock(doc_);
  const doc::Document& d = *report_.doc;
  return wx(exportFileName(d.reportValue(doc::ReportField::kTitle),
                           d.reportValue(doc::ReportField::kDepartment),
                           d.reportValue(doc::ReportField::kYear), extension));
}

void MainFrame::exportReport(const std::string& format, const std::string& path,
                             std::function<void()> then) {
  if (!hasReport()) return;
  editor_->commit();
  using Exporter = std::string (*)(const report::ReportContent&, const report::Template&);
  Exporter exporter = format == "docx"   ? formats::exportDocx
                      : format == "pdf"  ? formats::exportPdf
                      : format == "html" ? formats::exportHtml
                      : format == "txt"  ? formats::exportText
                                         : nullptr;
  if (!exporter) {
    exportError_ = "unknown export format " + format;
    showNotice(tr("Could not export: ") + errorText(exportError_), NoticeKind::kExport);
    return;
  }
  report::ReportContent content;
  try {
    SharedDoc::Lock lock(doc_);
    content = core::toContent(*report_.doc);
  } catch (const std::exception& e) {
    exportError_ = e.what();
    showNotice(tr("Could not export: ") + errorText(exportError_), NoticeKind::kExport);
    return;
  }
  exportError_.clear();
  ++exportsPending_;
  // Laying out a PDF takes a while: off the UI thread, on a copy of the content.
  worker_.post(this, "", [this, exporter, path, then, content = std::move(content)]() {
    std::string error;
    try {
      std::string bytes = exporter(content, report::Template::forReport(content.templateKey));
      std::string temp = path + ".part";
      {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << bytes;
        out.close();
        if (!out.good())  // bilingual, as the core's messages (gui/message_part.h)
          throw std::runtime_error("cannot write " + temp + " (无法写入 " + temp + ")");
      }
      std::filesystem::rename(temp, path);
    } catch (const std::exception& e) {
      error = e.what();
    }
    return BackgroundWorker::Continuation([this, error, then] {
      --exportsPending_;
      if (error.empty()) {
        hideNotice(NoticeKind::kExport);
        if (then) then();
        return;
      }
      exportError_ = error;
      showNotice(tr("Could not export: ") + errorText(error), NoticeKind::kExport);
    });
  });
}

void MainFrame::onMergeBundle(wxCommandEvent&) {
  wxFileDialog dialog(this, tr("Merge changes from a bundle"), "", "",
                      tr("Bundles (*.bundle)|*.bundle|All files|*"),
                      wxFD_OPEN | wxFD_FILE_MUST_EXIST);
  if (dialog.ShowModal() != wxID_OK) return;
  try {
    mergeBundleFile(utf8(dialog.GetPath()));
  } catch (const std::exception& e) {
    showNotice(tr("Could not merge: ") + errorText(e.what()));
  }
}

void MainFrame::onConnect(wxCommandEvent&) {
  auto login = replica_->serverLogin();
  wxDialog dialog(this, wxID_ANY, tr("Connect to server"));
  auto* grid = new wxFlexGridSizer(2, 8, 8);
  grid->AddGrowableCol(1);
  auto field = [&](const char* label, const wxString& value, long style) {
    grid->Add(new wxStaticText(&dialog, wxID_ANY, tr(label)), 0, wxALIGN_CENTER_VERTICAL);
    auto* text =
        new wxTextCtrl(&dialog, wxID_ANY, value, wxDefaultPosition, wxSize(320, -1), style);
    grid->Add(text, 1, wxEXPAND);
    return text;
  };
  wxTextCtrl* url = field("Server address:", wx(login ? login->url : "http://127.0.0.1:8765"), 0);
  wxTextCtrl* user = field("User:", wx(login ? login->user : replica_->userName()), 0);
  wxTextCtrl* password = field("Password:", "", wxTE_PASSWORD);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(grid, 1, wxALL | wxEXPAND, 12);
  sizer->Add(dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND, 8);
  dialog.SetSizerAndFit(sizer);
  (login ? password : user)->SetFocus();
  if (dialog.ShowModal() != wxID_OK) return;
  std::string u = utf8(url->GetValue().Trim().Trim(false));
  std::string name = utf8(user->GetValue().Trim().Trim(false));
  if (u.empty() || name.empty()) return;
  connectToServer(u, name, utf8(password->GetValue()));
}

void MainFrame::onAbout(wxCommandEvent&) {
  wxMessageBox(tr("reportsync: department performance self-evaluation reports, written "
                  "together, offline first."),
               tr("About reportsync"), wxOK | wxICON_INFORMATION, this);
}

}  // namespace rs::gui
