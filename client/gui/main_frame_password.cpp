// 修改密码: the user's own password on the server (issue 14 case 5). The current password,
// then the new one twice; the server keeps this session and ends the user's other ones.
#include <wx/dialog.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "core/server_connection.h"
#include "core/sync.h"
#include "gui/main_frame.h"
#include "gui/ui_text.h"

namespace rs::gui {

namespace {

// Why the server refused, in the interface language, then the server's own words.
wxString passwordError(const std::string& message, int status) {
  wxString gist;
  if (status == 0) gist = tr("the server cannot be reached");
  if (status == 401) gist = tr("you are no longer logged in: connect to the server again");
  if (status == 403) gist = tr("the current password is wrong");
  if (status == 429 || status == 503) gist = tr("too many tries: wait a minute and try again");
  return gistAndDetail(gist, message);
}

}  // namespace

void MainFrame::onChangePassword(wxCommandEvent&) {
  auto login = replica_->serverLogin();
  if (!login || login->token.empty()) return;  // the menu item is disabled then
  wxDialog dialog(this, wxID_ANY, tr("Change password"));
  auto* grid = new wxFlexGridSizer(2, 8, 8);
  grid->AddGrowableCol(1);
  auto field = [&](const wxString& label) {
    grid->Add(new wxStaticText(&dialog, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
    auto* text =
        new wxTextCtrl(&dialog, wxID_ANY, "", wxDefaultPosition, wxSize(280, -1), wxTE_PASSWORD);
    grid->Add(text, 1, wxEXPAND);
    return text;
  };
  grid->Add(new wxStaticText(&dialog, wxID_ANY, tr("User:")), 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(new wxStaticText(&dialog, wxID_ANY, wx(login->user + " @ " + login->url)), 1);
  wxTextCtrl* current = field(tr("Current password:"));
  wxTextCtrl* fresh = field(tr("New password:"));
  wxTextCtrl* again = field(tr("New password again:"));
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(grid, 1, wxALL | wxEXPAND, 12);
  sizer->Add(dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND, 8);
  dialog.SetSizerAndFit(sizer);
  current->SetFocus();
  if (dialog.ShowModal() != wxID_OK) return;
  std::string oldPassword = utf8(current->GetValue()), newPassword = utf8(fresh->GetValue());
  // Checked here too, so that a typing slip is said at once and costs no try at the server.
  if (newPassword != utf8(again->GetValue())) {
    showNotice(tr("The password was not changed: the two new passwords differ."),
               NoticeKind::kPassword);
    return;
  }
  if (oldPassword.empty() || fresh->GetValue().length() < 8) {
    showNotice(tr("The password was not changed: a password has at least 8 characters."),
               NoticeKind::kPassword);
    return;
  }
  hideNotice(NoticeKind::kPassword);
  SetStatusText(tr("Changing the password..."), 3);
  core::Replica* replica = replica_.get();
  worker_.post(this, "password", [=, this]() {
    std::string error;
    int status = -1;
    try {
      core::connectFromProfile(*replica).changePassword(oldPassword, newPassword);
    } catch (const core::SyncError& e) {
      error = e.what();
      status = e.status();
    } catch (const std::exception& e) {
      error = e.what();
    }
    return BackgroundWorker::Continuation([this, error, status] {
      SetStatusText("", 3);
      if (!error.empty()) {
        showNotice(tr("The password was not changed: ") + passwordError(error, status),
                   NoticeKind::kPassword);
      } else {
        showNotice(tr("Password changed. Your other devices must log in again."),
                   NoticeKind::kPassword);
      }
    });
  });
}

}  // namespace rs::gui
