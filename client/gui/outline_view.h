// The left pane: every section with its number, title and assignee, with badges for
// findings; then the report's tables. Selecting an entry calls onSection / onTable.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wx/treectrl.h>

#include "doc/document.h"
#include "gui/report_analysis.h"

namespace rs::gui {

class OutlineView : public wxTreeCtrl {
 public:
  explicit OutlineView(wxWindow* parent);

  // Rebuilds from the document, keeping the selection. `findingsBySection` counts
  // findings per outline number ("2.1").
  void rebuild(const doc::Document& doc, const std::vector<report::TableView>& tables,
               const std::map<std::string, int>& findingsBySection, size_t unsynced);

  void selectSection(doc::OpId section);
  void selectTable(const std::string& key);

  std::function<void(doc::OpId)> onSection;
  std::function<void(const std::string&)> onTable;
  // A context menu asked (right-click, the menu key, Shift+F10) on the attached tables'
  // group (key "") or on one of them.
  std::function<void(const std::string& key)> onTablesMenu;
  // The centre of table `key`'s entry on the screen (for the test script), if shown.
  std::optional<wxPoint> tableScreenCentre(const std::string& key);

 private:
  struct Entry {
    std::optional<doc::OpId> section;
    std::string table;  // "" with no section: the attached tables' group
  };
  void onSelChanged(wxTreeEvent& event);
  void onItemMenu(wxTreeEvent& event);
  const Entry* entryOf(const wxTreeItemId& item) const;

  std::map<void*, Entry> entries_;  // by wxTreeItemId
  bool rebuilding_ = false;
};

}  // namespace rs::gui
