// The first-run screen, shown in place of the panes while no report is open: the ways to
// start (新建报告, 导入 a .docx, .doc, .wps or .txt, 从服务器加入) and the store's reports, most
// recent first, opened by a double-click or Enter.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/panel.h>

#include "core/replica.h"

namespace rs::gui {

// The order reports are listed in: the latest year first, then by department and title.
void sortReports(std::vector<core::ReportSummary>& reports);

class WelcomePanel : public wxPanel {
 public:
  explicit WelcomePanel(wxWindow* parent);

  // Lists the reports (as Replica::list gives them); `last` (gui.ini's last report) first.
  void showReports(std::vector<core::ReportSummary> reports, const std::string& last);
  size_t reportCount() const { return ids_.size(); }
  // Puts the keyboard focus on the first way to start (新建报告).
  void focusFirst();
  // 从服务器加入 (a test clicks it).
  wxWindow* joinButton() const { return joinButton_; }

  std::function<void()> onNew, onImport, onJoin;
  std::function<void(const std::string& id)> onOpen;

 private:
  wxButton* newButton_;
  wxButton* joinButton_;
  wxListCtrl* list_;
  std::vector<std::string> ids_;  // in list order
};

}  // namespace rs::gui
