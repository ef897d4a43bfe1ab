// The bottom pane: every finding of the checks, errors first. Double-click (or Enter)
// goes to the place: the section, or the table cell.
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

  std::function<void(const FindingPlace&)> onGoTo;

 private:
  std::vector<FindingPlace> places_;
};

}  // namespace rs::gui
