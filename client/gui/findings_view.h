// The bottom pane: every finding of the checks, errors first. Double-click (or Enter)
// goes to the place: the section, or the table cell. The context menu (right-click, the
// Menu key or Shift+F10) offers 转到, 采用计算值 for a finding with a computed figure, and
// 全部采用计算值 for every such finding of the same table. After the findings: the bureau
// reviewer's comments on places of the latest submission (issue 17), which go to their
// place the same way.
#pragma once

#include <functional>
#include <vector>

#include <wx/listctrl.h>

#include "gui/report_analysis.h"

namespace rs::gui {

// A bureau reviewer's comment on a place of the report's latest submission (issue 17).
struct ReviewComment {
  FindingPlace place;  // empty section and table: a place this report no longer has
  std::string reviewer, text;
};

class FindingsView : public wxListCtrl {
 public:
  explicit FindingsView(wxWindow* parent);

  void show(const Analysis& analysis);
  // The reviewer's comments listed after the findings (kept across show()).
  void showComments(std::vector<ReviewComment> comments);
  // Findings and comments.
  size_t count() const { return places_.size() + comments_.size(); }
  // Row `index` as shown: "KIND\tPLACE\tTEXT" (for the test script).
  wxString rowText(size_t index) const;
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
  void render();
  std::vector<FindingPlace> places_;
  std::vector<report::Finding> findings_;
  std::vector<ReviewComment> comments_;  // rows places_.size() onwards
};

}  // namespace rs::gui
