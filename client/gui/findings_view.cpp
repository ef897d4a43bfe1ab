#include "gui/findings_view.h"

#include <algorithm>

#include <wx/menu.h>

#include "gui/finding_english.h"
#include "gui/ui_text.h"

namespace rs::gui {

FindingsView::FindingsView(wxWindow* parent)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES) {
  // Wide enough for the word in either language ("Warning" is wider than 警告).
  AppendColumn(tr("Severity"), wxLIST_FORMAT_LEFT,
               std::max(50, GetTextExtent(tr("Warning")).x + FromDIP(16)));
  AppendColumn(tr("Expected"), wxLIST_FORMAT_RIGHT, 70);
  AppendColumn(tr("Written"), wxLIST_FORMAT_RIGHT, 70);
  AppendColumn(tr("Place"), wxLIST_FORMAT_LEFT, 300);
  AppendColumn(tr("Finding"), wxLIST_FORMAT_LEFT, 900);
  // A finding's whole message in a tooltip: the column is often narrower than the text.
  // The rows are drawn (and hovered) in the list's inner window (GTK's list is wx's
  // generic one), whose positions HitTest takes. That window has no class info of its own
  // (it says "wxWindow", so looking for "wxListMainWindow" found nothing and no tooltip
  // was ever set): it is the child that is the generic list's m_mainWin.
  wxWindow* rows = this;
  for (wxWindow* child : GetChildren())
    if (static_cast<void*>(child) == static_cast<void*>(m_mainWin)) rows = child;
  rows->Bind(wxEVT_MOTION, [this, rows](wxMouseEvent& e) {
    e.Skip();
    int flags = 0;
    long item = HitTest(e.GetPosition(), flags);
    wxString tip;
    if (item >= 0 && size_t(item) < count()) tip = GetItemText(item, 4);
    if (tip == tip_) return;
    tip_ = tip;
    if (tip.empty())
      rows->UnsetToolTip();
    else
      rows->SetToolTip(tip);
  });
  Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { activate(size_t(e.GetIndex())); });
  // A right-click on a finding: its menu. The Menu key and Shift+F10 (a context-menu event
  // without a mouse position): the selected finding's, under it. A right-click also sends
  // a context-menu event, with a position: ignored, or a second menu would follow.
  Bind(wxEVT_LIST_ITEM_RIGHT_CLICK,
       [this](wxListEvent& e) { showMenu(e.GetIndex(), e.GetPoint()); });
  Bind(wxEVT_CONTEXT_MENU, [this](wxContextMenuEvent& e) {
    if (e.GetPosition() != wxDefaultPosition) return;
    long item = GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    wxRect rect;
    if (item >= 0 && GetItemRect(item, rect)) showMenu(item, rect.GetBottomLeft());
  });
}

bool FindingsView::canAccept(size_t index) const {
  return index < findings_.size() && report::acceptComputed(findings_[index]).has_value();
}

std::vector<report::Finding> FindingsView::acceptableInTable(size_t index) const {
  std::vector<report::Finding> out;
  if (index >= findings_.size()) return out;
  auto table = [](const report::Finding& f) { return f.location.substr(0, f.location.find('/')); };
  for (const report::Finding& f : findings_)
    if (table(f) == table(findings_[index]) && report::acceptComputed(f)) out.push_back(f);
  return out;
}

void FindingsView::showMenu(long item, const wxPoint& at) {
  if (item < 0 || size_t(item) >= findings_.size()) return;
  size_t index = size_t(item);
  SetItemState(item, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
  enum { kGoTo = wxID_HIGHEST + 120, kAccept, kAcceptAll };
  std::vector<report::Finding> all = acceptableInTable(index);
  wxMenu menu;
  menu.Append(kAccept, tr("Use the computed figure"));
  menu.Append(kAcceptAll,
              wxString::Format(tr("Use every computed figure of this table (%zu)"), all.size()));
  menu.AppendSeparator();
  menu.Append(kGoTo, tr("Go to"));
  menu.Enable(kAccept, canAccept(index));
  menu.Enable(kAcceptAll, !all.empty());
  int chosen = GetPopupMenuSelectionFromUser(menu, at);
  if (chosen == kGoTo) activate(index);
  if (chosen == kAccept && onAccept) onAccept({findings_[index]}, false);
  if (chosen == kAcceptAll && onAccept) onAccept(all, true);
}

void FindingsView::show(const Analysis& analysis) {
  places_ = analysis.places;
  findings_ = analysis.findings;
  places_.resize(findings_.size());  // one per finding, so comments follow at a known row
  render();
}

void FindingsView::showComments(std::vector<ReviewComment> comments) {
  comments_ = std::move(comments);
  render();
}

wxString FindingsView::rowText(size_t index) const {
  return GetItemText(long(index), 0) + "\t" + GetItemText(long(index), 3) + "\t" +
         GetItemText(long(index), 4);
}

void FindingsView::render() {
  Freeze();
  DeleteAllItems();
  for (size_t i = 0; i < findings_.size(); ++i) {
    const report::Finding& f = findings_[i];
    wxString severity;
    wxColour colour;
    switch (f.severity) {
      case report::Severity::kError:
        severity = tr("Error");
        colour = wxColour(0xFB, 0xE3, 0xE5);
        break;
      case report::Severity::kWarning:
        severity = tr("Warning");
        colour = wxColour(0xFF, 0xF6, 0xD9);
        break;
      default:
        severity = tr("Note");
        colour = wxColour(0xEE, 0xF5, 0xFB);
    }
    long item = InsertItem(long(i), severity);
    SetItem(item, 1, wx(f.expected));
    SetItem(item, 2, wx(f.actual));
    SetItem(item, 3, places_[i].text.empty() ? wx(f.location) : wx(places_[i].text));
    SetItem(item, 4, wx(chineseInterface() ? f.message : englishFinding(f)));
    SetItemBackgroundColour(item, colour);
  }
  for (const ReviewComment& c : comments_) {
    long item = InsertItem(GetItemCount(), tr("Review"));
    SetItem(item, 3, wx(c.place.text));
    SetItem(item, 4,
            wxString::Format(tr("Review comment (reviewer %s): %s"), wx(c.reviewer), wx(c.text)));
    SetItemBackgroundColour(item, wxColour(0xE8, 0xF0, 0xE0));  // green-grey: not a check
  }
  Thaw();
}

void FindingsView::activate(size_t index) {
  if (index >= count()) return;
  SetItemState(long(index), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
  const FindingPlace& place =
      index < places_.size() ? places_[index] : comments_[index - places_.size()].place;
  if (onGoTo && (!place.section.empty() || !place.table.empty())) onGoTo(place);
}

}  // namespace rs::gui
