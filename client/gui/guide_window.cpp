#include "gui/guide_window.h"

#include <stdexcept>

#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/filefn.h>
#include <wx/filename.h>
#include <wx/html/htmlwin.h>
#include <wx/log.h>
#include <wx/sizer.h>
#include <wx/stdpaths.h>

#include "gui/ui_text.h"

namespace rs::gui {

namespace {

constexpr const char* kGuideName = "user_guide";

wxString exeDir() {
  return wxFileName(wxStandardPaths::Get().GetExecutablePath()).GetPath();
}

}  // namespace

void showUserGuide(wxWindow* parent) {
  if (wxWindow* open = wxWindow::FindWindowByName(kGuideName)) {
    open->Raise();
    return;
  }
  // Beside the executable first, so that a build runs its own guide.
  wxString here = exeDir() + "/help/guide.html", installed = wxString(RS_DATA_DIR) + "/guide.html";
  wxString path = wxFileExists(here) ? here : installed;
  if (!wxFileExists(path)) {
    throw std::runtime_error(
        utf8(tr("The user guide is not installed; looked for ") + here + ", " + installed));
  }
  auto* dialog = new wxDialog(parent, wxID_ANY, tr("User guide"), wxDefaultPosition,
                              parent->FromDIP(wxSize(640, 600)),
                              wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, kGuideName);
  auto* html = new wxHtmlWindow(dialog, wxID_ANY);
  html->LoadFile(wxFileName(path));
  auto* close = new wxButton(dialog, wxID_CLOSE, tr("Close"));
  dialog->SetEscapeId(wxID_CLOSE);
  close->Bind(wxEVT_BUTTON, [dialog](wxCommandEvent&) { dialog->Destroy(); });
  dialog->Bind(wxEVT_CLOSE_WINDOW, [dialog](wxCloseEvent&) { dialog->Destroy(); });
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(html, 1, wxEXPAND | wxALL, 4);
  sizer->Add(close, 0, wxALIGN_RIGHT | wxALL, 8);
  dialog->SetSizer(sizer);
  dialog->Show();  // not modal: a writer keeps it open while working
}

wxString userGuideText() {
  wxWindow* open = wxWindow::FindWindowByName(kGuideName);
  if (!open) return "";
  for (wxWindow* child : open->GetChildren())
    if (auto* html = dynamic_cast<wxHtmlWindow*>(child)) return html->ToText();
  return "";
}

}  // namespace rs::gui
