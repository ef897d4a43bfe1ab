#include "gui/findings_view.h"

#include "gui/ui_text.h"

namespace rs::gui {

FindingsView::FindingsView(wxWindow* parent)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES) {
  AppendColumn(tr("Severity"), wxLIST_FORMAT_LEFT, 50);
  AppendColumn(tr("Expected"), wxLIST_FORMAT_RIGHT, 70);
  AppendColumn(tr("Written"), wxLIST_FORMAT_RIGHT, 70);
  AppendColumn(tr("Place"), wxLIST_FORMAT_LEFT, 300);
  AppendColumn(tr("Finding"), wxLIST_FORMAT_LEFT, 900);
  Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { activate(size_t(e.GetIndex())); });
}

void FindingsView::show(const Analysis& analysis) {
  Freeze();
  DeleteAllItems();
  places_ = analysis.places;
  for (size_t i = 0; i < analysis.findings.size(); ++i) {
    const report::Finding& f = analysis.findings[i];
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
    SetItem(item, 3, wx(i < places_.size() ? places_[i].text : f.location));
    SetItem(item, 4, wx(f.message));
    SetItemBackgroundColour(item, colour);
  }
  Thaw();
}

void FindingsView::activate(size_t index) {
  if (index >= places_.size()) return;
  SetItemState(long(index), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
  if (onGoTo) onGoTo(places_[index]);
}

}  // namespace rs::gui
