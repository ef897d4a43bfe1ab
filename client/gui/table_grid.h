// One attached table in a wxGrid: each template block is a header line of column titles
// followed by its rows. Computed cells are read-only and shaded and show the computed
// figure (with the written one beside it when they differ); findings colour their cell
// and explain themselves in its tooltip. Typed editors: money and figures accept digits
// only, percents a '%', scores a '分'.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <wx/grid.h>
#include <wx/weakref.h>

#include "report/findings.h"
#include "report/table_view.h"

namespace rs::gui {

class TableGrid : public wxGrid {
 public:
  TableGrid(wxWindow* parent, const std::string& key);

  const std::string& key() const { return key_; }
  // Shows the table; `findings` are those whose location starts with this table's key.
  void show(const report::TableView& view, const std::vector<report::Finding>& findings);
  // Selects and scrolls to a cell (column "" selects the row's label). False: no such row.
  bool selectCell(const std::string& row, const std::string& column);
  // A conflicted cell's values ("" for others); choosing one writes it (选择此值, the
  // cell's context menu), through onCellEdited. False: no such cell or value.
  std::vector<std::string> conflictValues(const std::string& row, const std::string& column) const;
  bool chooseValue(const std::string& row, const std::string& column, const std::string& value);

  // The text shown in (row, column), UTF-8, its lines joined by spaces; nullopt: no such cell.
  std::optional<std::string> cellText(const std::string& row, const std::string& column) const;
  // The (row key, column key) of the grid's cursor; ("", "") on a header line.
  std::pair<std::string, std::string> cursorCell() const;
  // The cell's centre in screen pixels (scrolled into view first); nullopt: no such cell.
  std::optional<wxPoint> cellScreenCentre(const std::string& row, const std::string& column);
  // Whether the cell's text, line by line as it stands (no further wrapping), fits the
  // cell's rectangle; nullopt when there is no such cell.
  std::optional<bool> cellTextFits(const std::string& row, const std::string& column);

  // Whether the grid shows the row; the group a row may be added to beside it (through
  // addGroupOf, "" when none), as 插入行 in the context menu uses it.
  bool hasRow(const std::string& row) const;
  std::string addGroupFor(const std::string& row) const;
  // The row 插入行 beside `row` puts the new row of `group` under: `row` itself when it is
  // the group's own row or one of its rows, else "" (a template row of a block that allows
  // rows: the new row goes after the block's rows).
  std::string insertAfter(const std::string& row, const std::string& group) const;
  // (table, row, the row's group, its block) -> the group for a new row beside it, or "".
  std::function<std::string(const std::string& table, const std::string& row,
                            const std::string& group, const std::string& block)>
      addGroupOf;
  // 插入行 (table, group, the row to insert under: the clicked row when it is in the group,
  // else "") and 删除行 (table, added row).
  std::function<void(const std::string& table, const std::string& group, const std::string& after)>
      onAddRow;
  std::function<void(const std::string& table, const std::string& row)> onDeleteRow;
  // Whether the user may delete (table, row) now (doc/rights.cpp); 删除行 is disabled when not.
  std::function<bool(const std::string& table, const std::string& row)> mayDeleteRow;

  // 采用计算值 (the cell's findings with a computed figure) and 全部采用计算值 (every such
  // finding of the table; `ask`: confirm once), from the cell's context menu.
  std::function<void(const std::vector<report::Finding>& findings, bool ask)> onAccept;
  // The findings of (row, column) whose computed figure can be written over the written one.
  std::vector<report::Finding> acceptable(const std::string& row, const std::string& column) const;

  // Typing (or F2, Delete, a double-click) in a computed cell, which takes no typing: why,
  // and what to do instead (采用计算值 when the written figure differs), for the notice bar.
  std::function<void(const wxString& why)> onComputedTyped;

  // A cell the person changed: row key, column key, new text.
  std::function<void(const std::string& table, const std::string& row, const std::string& column,
                     const std::string& value)>
      onCellEdited;

 private:
  struct CellRef {
    std::string row, column;
    wxString tip;
    std::vector<std::string> values;      // two or more: a conflicted cell
    std::string group, block;             // the row's group (added rows) and block
    std::vector<report::Finding> accept;  // findings with a computed figure to write
    std::optional<std::string> computed;  // a computed cell's figure ("" when none yet)
  };
  // The grid cursor's cell, or nullptr when the cursor is on none.
  const CellRef* cursorRef() const;
  // Tells onComputedTyped when the cursor's cell is computed; false when it is not.
  bool refuseTypingInComputed();
  // Delete on a writable cell, no editor open: the cell is cleared (written ""), as in a
  // spreadsheet. wxGrid's own Delete opened the editor without the first character, and
  // Return then saved 25 as 5. False (the key left to wxGrid) elsewhere.
  bool clearCursorCell();
  void onRightClick(wxGridEvent& event);
  void onChanged(wxGridEvent& event);
  void onMotion(wxMouseEvent& event);
  std::vector<report::Finding> acceptableInTable() const;
  // Widths that fill the visible width (on each resize and refresh).
  void fitColumns();
  wxPoint gridClientFromLogical(wxPoint logical, int row, int col) const;
  // The (row, column) under a screen position, frozen parts included; -1 outside cells.
  std::pair<int, int> cellAtScreen(wxPoint screen) const;

  std::string key_;
  std::vector<std::vector<CellRef>> refs_;  // [grid row][grid column]
  // The cells showing a written → computed pair (grid row, column), on two lines.
  std::vector<std::pair<int, int>> pairCells_;
  // AutoSizeRows, then the pairs' rows as high as their two lines really are.
  void fitRows();
  // The cell's text's size in pixels as drawn, margins included.
  wxSize textExtent(int r, int c);
  int freezeRows_ = 0, freezeCols_ = 0;  // what freeze() keeps in view
  void freeze();
  // The frozen parts' windows bound to onMotion. wxGrid::FreezeTo destroys them when a
  // rebuilt table freezes nothing and makes new ones later (perhaps at a freed one's
  // address): a weak reference turns null with its window, so a new one is bound too.
  std::vector<wxWeakRef<wxWindow>> tipWindows_;
};

}  // namespace rs::gui
