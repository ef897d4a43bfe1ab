// A dialog of labelled text fields (and combo boxes) above OK and Cancel, OK the default so
// that Return accepts: the office's dialogs, 插入行 for indicators, 新增项目支出绩效自评表.
#pragma once

#include <wx/combobox.h>
#include <wx/dialog.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace rs::gui {

// A dialog of labelled fields above OK and Cancel (OK the default: Return accepts).
class FieldsDialog : public wxDialog {
 public:
  FieldsDialog(wxWindow* parent, const wxString& title, const wxString& intro)
      : wxDialog(parent, wxID_ANY, title) {
    grid_ = new wxFlexGridSizer(2, 8, 8);
    grid_->AddGrowableCol(1);
    sizer_ = new wxBoxSizer(wxVERTICAL);
    if (!intro.empty()) sizer_->Add(new wxStaticText(this, wxID_ANY, intro), 0, wxALL, 12);
    sizer_->Add(grid_, 1, wxLEFT | wxRIGHT | wxEXPAND, 12);
  }
  wxTextCtrl* text(const wxString& label, const wxString& value) {
    auto* t = new wxTextCtrl(this, wxID_ANY, value, wxDefaultPosition, wxSize(420, -1));
    add(label, t);
    return t;
  }
  wxComboBox* choice(const wxString& label, const wxString& value, const wxArrayString& items) {
    auto* c = new wxComboBox(this, wxID_ANY, value, wxDefaultPosition, wxSize(420, -1), items);
    add(label, c);
    return c;
  }
  int run(wxWindow* focus) {
    sizer_->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND, 8);
    SetSizerAndFit(sizer_);
    focus->SetFocus();
    return ShowModal();
  }

 private:
  void add(const wxString& label, wxWindow* w) {
    grid_->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
    grid_->Add(w, 1, wxEXPAND);
  }
  wxFlexGridSizer* grid_;
  wxBoxSizer* sizer_;
};

}  // namespace rs::gui
