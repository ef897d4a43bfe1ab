#include "gui/find_bar.h"

#include "gui/ui_text.h"

namespace rs::gui {

FindBar::FindBar(wxWindow* parent) : wxPanel(parent) {
  auto* findLabel = new wxStaticText(this, wxID_ANY, tr("Find:"));
  find_ =
      new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(220, -1), wxTE_PROCESS_ENTER);
  // Created in the order Tab goes: the two fields first, then the buttons.
  replaceLabel_ = new wxStaticText(this, wxID_ANY, tr("Replace with:"));
  replace_ =
      new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(220, -1), wxTE_PROCESS_ENTER);
  auto* next = new wxButton(this, wxID_ANY, tr("Find next"));
  replaceButton_ = new wxButton(this, wxID_ANY, tr("Replace"));
  replaceAllButton_ = new wxButton(this, wxID_ANY, tr("Replace &all"));
  auto* closeButton = new wxButton(this, wxID_ANY, tr("Close"));
  message_ = new wxStaticText(this, wxID_ANY, "");
  sizer_ = new wxBoxSizer(wxHORIZONTAL);
  for (wxWindow* w :
       std::initializer_list<wxWindow*>{findLabel, find_, next, replaceLabel_, replace_,
                                        replaceButton_, replaceAllButton_, message_, closeButton})
    sizer_->Add(w, w == message_ ? 1 : 0, wxALIGN_CENTER_VERTICAL | wxALL, 3);
  SetSizer(sizer_);

  auto findNext = [this](wxCommandEvent&) {
    if (onFindNext && !find_->IsEmpty()) onFindNext(find_->GetValue());
  };
  auto replaceOne = [this](wxCommandEvent&) {
    if (onReplace && !find_->IsEmpty()) onReplace(find_->GetValue(), replace_->GetValue());
  };
  find_->Bind(wxEVT_TEXT_ENTER, findNext);
  next->Bind(wxEVT_BUTTON, findNext);
  replace_->Bind(wxEVT_TEXT_ENTER, replaceOne);
  replaceButton_->Bind(wxEVT_BUTTON, replaceOne);
  replaceAllButton_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (onReplaceAll && !find_->IsEmpty()) onReplaceAll(find_->GetValue(), replace_->GetValue());
  });
  closeButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { close(); });
  Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
    if (e.GetKeyCode() == WXK_ESCAPE)
      close();
    else
      e.Skip();
  });
  Hide();
}

void FindBar::open(bool replace, const wxString& initial) {
  for (wxWindow* w :
       std::initializer_list<wxWindow*>{replaceLabel_, replace_, replaceButton_, replaceAllButton_})
    w->Show(replace);
  if (!initial.empty() && initial.Find('\n') == wxNOT_FOUND) find_->ChangeValue(initial);
  message_->SetLabel("");
  Show();
  GetParent()->Layout();
  find_->SetFocus();
  find_->SelectAll();
}

void FindBar::close() {
  Hide();
  GetParent()->Layout();
  if (onClosed) onClosed();
}

void FindBar::say(const wxString& text) {
  message_->SetLabel(text);
  Layout();
}

}  // namespace rs::gui
