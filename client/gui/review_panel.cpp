#include "gui/review_panel.h"

#include <algorithm>

#include <wx/choicdlg.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/textdlg.h>

#include "gui/ui_text.h"

namespace rs::gui {

ReviewPanel::ReviewPanel(wxWindow* parent) : wxNotebook(parent, wxID_ANY) {
  history_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
  // What changed comes first: at 1024x700 the panel is about 220 pixels wide, and a 内容
  // column placed last was off its edge. fitHistoryColumns sets the widths.
  history_->AppendColumn(tr("What"), wxLIST_FORMAT_LEFT, 150);
  history_->AppendColumn(tr("Who"), wxLIST_FORMAT_LEFT, 70);
  history_->AppendColumn(tr("Time"), wxLIST_FORMAT_LEFT, 60);
  history_->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    fitHistoryColumns();
  });
  AddPage(history_, tr("History"));

  auto* page = new wxPanel(this);
  markList_ = new wxListBox(page, wxID_ANY);
  markText_ = new wxTextCtrl(page, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                             wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
  keep_ = new wxButton(page, wxID_ANY, tr("Keep the merged text"));
  take_ = new wxButton(page, wxID_ANY, tr("Take one side..."));
  edit_ = new wxButton(page, wxID_ANY, tr("Edit..."));
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  for (wxButton* b : {keep_, take_, edit_}) buttons->Add(b, 0, wxRIGHT, 4);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(markList_, 1, wxEXPAND | wxALL, 4);
  sizer->Add(markText_, 2, wxEXPAND | wxLEFT | wxRIGHT, 4);
  sizer->Add(buttons, 0, wxALL, 4);
  page->SetSizer(sizer);
  AddPage(page, tr("Review marks"));

  markList_->Bind(wxEVT_LISTBOX, [this](wxCommandEvent&) { showSelected(); });
  keep_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (const doc::ReviewMark* m = selected(); m && onResolve) onResolve(m->id, std::nullopt);
  });
  take_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    const doc::ReviewMark* m = selected();
    if (!m || !onResolve || m->sides.empty()) return;
    wxArrayString choices;
    for (const auto& s : m->sides) choices.Add(wx(s.author) + ": " + wx(s.text));
    wxSingleChoiceDialog dialog(this, tr("Whose version of the paragraph?"), tr("Take one side"),
                                choices);
    if (dialog.ShowModal() != wxID_OK) return;
    std::string id = m->id, text = m->sides[size_t(dialog.GetSelection())].text;
    onResolve(id, text);
  });
  edit_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    const doc::ReviewMark* m = selected();
    if (!m || !onResolve) return;
    std::string id = m->id;
    wxTextEntryDialog dialog(this, tr("The paragraph as it should read:"), tr("Edit"),
                             wx(m->merged), wxOK | wxCANCEL | wxTE_MULTILINE);
    if (dialog.ShowModal() != wxID_OK) return;
    wxString text = dialog.GetValue();
    text.Replace("\n", "");
    onResolve(id, utf8(text));
  });
  showSelected();
}

void ReviewPanel::show(const std::vector<HistoryLine>& history,
                       const std::vector<doc::ReviewMark>& marks) {
  history_->Freeze();
  history_->DeleteAllItems();
  for (size_t i = 0; i < history.size(); ++i) {
    long item = history_->InsertItem(long(i), wx(history[i].what));
    history_->SetItem(item, 1, wx(history[i].author));
    history_->SetItem(item, 2, wx(history[i].time));
  }
  fitHistoryColumns();
  history_->Thaw();
  std::string was = selected() ? selected()->id : "";
  marks_ = marks;
  markList_->Clear();
  int select = marks_.empty() ? -1 : 0;
  for (size_t i = 0; i < marks_.size(); ++i) {
    markList_->Append(wx(marks_[i].id) + "  " + wx(marks_[i].merged));
    if (marks_[i].id == was) select = int(i);
  }
  if (select >= 0) markList_->SetSelection(select);
  SetPageText(1, marks_.empty() ? tr("Review marks")
                                : tr("Review marks") + wxString::Format(" (%zu)", marks_.size()));
  showSelected();
}

std::vector<std::string> ReviewPanel::historyColumn(int column) const {
  std::vector<std::string> out;
  for (long i = 0; i < history_->GetItemCount(); ++i)
    out.push_back(utf8(history_->GetItemText(i, column)));
  return out;
}

void ReviewPanel::fitHistoryColumns() {
  // Each column as wide as its widest text (its title included), plus a margin.
  auto widest = [this](int column) {
    wxListItem title;
    title.SetMask(wxLIST_MASK_TEXT);
    history_->GetColumn(column, title);
    int w = history_->GetTextExtent(title.GetText()).x;
    for (long i = 0; i < history_->GetItemCount(); ++i)
      w = std::max(w, history_->GetTextExtent(history_->GetItemText(i, column)).x);
    return w + history_->FromDIP(16);
  };
  int width = history_->GetClientSize().x;
  int time = widest(2), who = widest(1);
  // 内容 takes what the other two leave, at least `least`; when the panel is narrower than
  // that, 修改人 gives way first (cut short, never hidden), then 时间.
  int least = history_->FromDIP(100), margin = history_->FromDIP(40);
  int what = std::max(least, width - who - time);
  who = std::max(std::min(who, margin), std::min(who, width - what - time));
  time = std::max(std::min(time, margin), std::min(time, width - what - who));
  history_->SetColumnWidth(0, what);
  history_->SetColumnWidth(1, who);
  history_->SetColumnWidth(2, time);
}

const doc::ReviewMark* ReviewPanel::selected() const {
  int i = markList_ ? markList_->GetSelection() : wxNOT_FOUND;
  return i == wxNOT_FOUND || size_t(i) >= marks_.size() ? nullptr : &marks_[size_t(i)];
}

void ReviewPanel::showSelected() {
  const doc::ReviewMark* m = selected();
  wxString text;
  if (m) {
    text = tr("Merged: ") + wx(m->merged) + "\n";
    for (const auto& s : m->sides) text += "\n" + wx(s.author) + ": " + wx(s.text) + "\n";
  }
  markText_->ChangeValue(text);
  for (wxButton* b : {keep_, take_, edit_}) b->Enable(m != nullptr);
}

}  // namespace rs::gui
