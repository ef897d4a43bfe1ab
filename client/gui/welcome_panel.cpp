#include "gui/welcome_panel.h"

#include <algorithm>
#include <tuple>

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "gui/ui_text.h"

namespace rs::gui {

WelcomePanel::WelcomePanel(wxWindow* parent) : wxPanel(parent) {
  auto* title = new wxStaticText(this, wxID_ANY, tr("Start"));
  wxFont big = title->GetFont();
  big.SetPointSize(big.GetPointSize() + 8);
  big.MakeBold();
  title->SetFont(big);
  auto* intro = new wxStaticText(
      this, wxID_ANY,
      tr("No report is open. Start a new report, import one written in Word or as text, or "
         "join a report your office shares on the server."));
  intro->Wrap(640);

  newButton_ = new wxButton(this, wxID_ANY, tr("New report..."));
  auto* importButton = new wxButton(this, wxID_ANY, tr("Import (.docx, .doc, .wps, .txt)..."));
  joinButton_ = new wxButton(this, wxID_ANY, tr("Join from the server..."));
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  for (wxButton* b : {newButton_, importButton, joinButton_}) {
    // As wide as its label needs (导入's lists four file types), at least 200 pixels.
    b->SetMinSize(wxSize(std::max(200, b->GetBestSize().x + 24), 44));
    buttons->Add(b, 0, wxRIGHT, 12);
  }

  auto* recent = new wxStaticText(this, wxID_ANY, tr("Reports on this computer"));
  recent->SetFont(recent->GetFont().Bold());
  list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxSize(-1, 220),
                         wxLC_REPORT | wxLC_SINGLE_SEL);
  list_->AppendColumn(tr("Year"), wxLIST_FORMAT_LEFT, 80);
  list_->AppendColumn(tr("Department"), wxLIST_FORMAT_LEFT, 260);
  list_->AppendColumn(tr("Title"), wxLIST_FORMAT_LEFT, 360);

  auto* column = new wxBoxSizer(wxVERTICAL);
  column->Add(title, 0, wxBOTTOM, 12);
  column->Add(intro, 0, wxBOTTOM, 20);
  column->Add(buttons, 0, wxBOTTOM, 28);
  column->Add(recent, 0, wxBOTTOM, 6);
  column->Add(list_, 1, wxEXPAND);
  auto* outer = new wxBoxSizer(wxHORIZONTAL);
  outer->AddStretchSpacer(1);
  outer->Add(column, 0, wxEXPAND | wxTOP | wxBOTTOM, 40);
  outer->AddStretchSpacer(1);
  SetSizer(outer);

  newButton_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (onNew) onNew();
  });
  importButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (onImport) onImport();
  });
  joinButton_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (onJoin) onJoin();
  });
  list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) {
    size_t i = size_t(e.GetIndex());
    if (i < ids_.size() && onOpen) onOpen(ids_[i]);
  });
}

void WelcomePanel::showReports(std::vector<core::ReportSummary> reports, const std::string& last) {
  sortReports(reports);
  std::stable_sort(reports.begin(), reports.end(),
                   [&](const auto& a, const auto& b) { return (a.id == last) > (b.id == last); });
  std::vector<std::string> ids;
  for (const auto& r : reports) ids.push_back(r.id);
  if (ids == ids_) return;  // unchanged: keep the selection
  ids_ = std::move(ids);
  list_->DeleteAllItems();
  for (size_t i = 0; i < reports.size(); ++i) {
    long item = list_->InsertItem(long(i), wx(reports[i].year));
    list_->SetItem(item, 1, wx(reports[i].department));
    list_->SetItem(item, 2, wx(reports[i].title));
  }
  if (!ids_.empty())  // Return in the list opens the most recent
    list_->SetItemState(0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                        wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
}

void sortReports(std::vector<core::ReportSummary>& reports) {
  std::sort(reports.begin(), reports.end(), [](const auto& a, const auto& b) {
    return std::tie(b.year, a.department, a.title, a.id) <
           std::tie(a.year, b.department, b.title, b.id);
  });
}

void WelcomePanel::focusFirst() {
  newButton_->SetFocus();
}

}  // namespace rs::gui
