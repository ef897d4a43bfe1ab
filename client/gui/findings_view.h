// The bottom pane: every finding of the checks, errors first. Double-click (or Enter)
// goes to the place: the section, or the table cell. The context menu (right-click, the
// Menu key or Shift+F10) offers 转到, 采用计算值 for a finding with a computed figure, and
// 全部采用计算值 for every such finding of the same table.
#pragma once

#include <functional>
#include <vector>

#include <wx/listctrl.h>

#include "gui/report_analysis.h"

namespace rs::gui {

class FindingsView : public wxListCtrl {
 public:
  explicit FindingsView(wxWindow* parent);

  void show(const Analysis& analysis);
  size_t count() const { return places_.size(); }
  // Goes to finding `index`, as a double-click does.
  void activate(size_t index);

  // Whether finding `index` has a computed figure to take; the findings of its table that
  // have one (for 全部采用计算值).
  bool canAccept(size_t index) const;
  std::vector<report::Finding> acceptableInTable(size_t index) const;

  std::function<void(const FindingPlace&)> onGoTo;
  // 采用计算值 (one finding) and 全部采用计算值 (several, asked once by the receiver).
  std::function<void(const std::vector<report::Finding>&, bool all)> onAccept;

 private:
  wxString tip_;  // the tooltip shown (the hovered finding's message)
  void showMenu(long item, const wxPoint& at);
  std::vector<FindingPlace> places_;
  std::vector<report::Finding> findings_;
};

}  // namespace rs::gui
