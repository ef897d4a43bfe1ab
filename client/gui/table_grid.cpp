#include "gui/table_grid.h"

#include <algorithm>

#include <wx/dcclient.h>
#include <wx/menu.h>
#include <wx/settings.h>

#include <map>

#include <wx/valtext.h>

#include "gui/report_analysis.h"
#include "gui/ui_text.h"
#include "report/same_figure.h"

namespace rs::gui {

namespace {

const wxColour kHeader(0xE4, 0xE8, 0xEE), kLabel(0xF6, 0xF7, 0xF9), kComputed(0xE8, 0xF0, 0xFA);
const wxColour kError(0xF8, 0xC9, 0xCD), kWarning(0xFF, 0xEB, 0xB0), kInfo(0xD6, 0xEA, 0xF8);
const wxColour kConflict(0xF5, 0xC2, 0x8E);

wxColour severityColour(report::Severity s) {
  switch (s) {
    case report::Severity::kError:
      return kError;
    case report::Severity::kWarning:
      return kWarning;
    default:
      return kInfo;
  }
}

wxString severityText(report::Severity s) {
  switch (s) {
    case report::Severity::kError:
      return tr("Error");
    case report::Severity::kWarning:
      return tr("Warning");
    default:
      return tr("Note");
  }
}

// An editor that lets only the characters of the column's type in; nullptr: plain text.
wxGridCellEditor* editorFor(const std::string& type, const std::string& current) {
  wxString allowed;
  if (type == "money" || type == "number")
    allowed = "0123456789.-";
  else if (type == "percent")
    allowed = "0123456789.-%";
  else if (type == "count")
    allowed = "0123456789";
  else if (type == "score")
    allowed = wxString::FromUTF8("0123456789.分");
  else
    return nullptr;
  wxString value = wx(current);
  for (wxUniChar c : value)
    if (allowed.Find(c) == wxNOT_FOUND) return nullptr;  // keep odd existing values editable
  auto* editor = new wxGridCellTextEditor();
  wxTextValidator validator(wxFILTER_INCLUDE_CHAR_LIST);
  validator.SetCharIncludes(allowed);
  editor->SetValidator(validator);
  return editor;
}

}  // namespace

TableGrid::TableGrid(wxWindow* parent, const std::string& key)
    : wxGrid(parent, wxID_ANY), key_(key) {
  CreateGrid(0, 0);
  SetRowLabelSize(0);
  SetColLabelSize(0);
  EnableDragRowSize(false);
  SetDefaultCellOverflow(false);
  SetDefaultRenderer(new wxGridCellAutoWrapStringRenderer());
  Bind(wxEVT_GRID_CELL_CHANGED, &TableGrid::onChanged, this);
  Bind(wxEVT_GRID_CELL_RIGHT_CLICK, &TableGrid::onRightClick, this);
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    fitColumns();
  });
  GetGridWindow()->Bind(wxEVT_MOTION, &TableGrid::onMotion, this);
  // A computed cell is read-only, and wxGrid ignores typing there without a word: say why.
  Bind(wxEVT_CHAR, [this](wxKeyEvent& event) {
    bool typed = event.GetUnicodeKey() >= 32 && event.GetUnicodeKey() != WXK_DELETE &&
                 !(event.GetModifiers() & (wxMOD_CONTROL | wxMOD_ALT));
    if (!typed || !refuseTypingInComputed()) event.Skip();
  });
  Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& event) {
    int code = event.GetKeyCode();
    bool edits = event.GetModifiers() == wxMOD_NONE &&
                 (code == WXK_F2 || code == WXK_DELETE || code == WXK_BACK);
    if (edits && refuseTypingInComputed()) return;
    if (edits && code == WXK_DELETE && clearCursorCell()) return;
    event.Skip();
  });
  Bind(wxEVT_GRID_CELL_LEFT_DCLICK, [this](wxGridEvent& event) {
    event.Skip();
    if (event.GetRow() == GetGridCursorRow() && event.GetCol() == GetGridCursorCol())
      refuseTypingInComputed();
  });
}

const TableGrid::CellRef* TableGrid::cursorRef() const {
  int r = GetGridCursorRow(), c = GetGridCursorCol();
  if (r < 0 || c < 0 || size_t(r) >= refs_.size() || size_t(c) >= refs_[size_t(r)].size())
    return nullptr;
  return &refs_[size_t(r)][size_t(c)];
}

bool TableGrid::clearCursorCell() {
  const CellRef* ref = cursorRef();
  int r = GetGridCursorRow(), c = GetGridCursorCol();
  if (!ref || ref->column.empty() || IsCellEditControlShown() || IsReadOnly(r, c)) return false;
  if (!GetCellValue(r, c).empty() && onCellEdited) {
    SetCellValue(r, c, "");
    onCellEdited(key_, ref->row, ref->column, "");
  }
  return true;
}

bool TableGrid::refuseTypingInComputed() {
  const CellRef* found = cursorRef();
  if (!found) return false;
  const CellRef& ref = *found;
  if (!ref.computed || ref.values.size() > 1) return false;
  wxString why;
  if (!ref.accept.empty())
    why = wxString::Format(tr("This figure is computed and cannot be typed over. To write the "
                              "computed figure %s, right-click the cell and choose Use the "
                              "computed figure."),
                           wx(*ref.computed));
  else
    why =
        tr("This figure is computed from other cells and cannot be typed over: change the "
           "figures it is computed from.");
  if (onComputedTyped) onComputedTyped(why);
  return true;
}

void TableGrid::show(const report::TableView& view, const std::vector<report::Finding>& findings) {
  // Findings by "row/column" (and by "row/" for the row as a whole).
  std::map<std::string, std::vector<const report::Finding*>> byCell;
  for (const auto& f : findings) {
    std::string rest = f.location.size() > key_.size() ? f.location.substr(key_.size() + 1) : "";
    if (rest.find('/') == std::string::npos) rest += "/";
    byCell[rest].push_back(&f);
  }
  size_t columns = 1, rows = 0;
  for (const auto& b : view.blocks) {
    columns = std::max(columns, b.columns.size() + 1);
    rows += b.rows.size() + 1;
  }
  // The cursor and the scroll position outlive the refresh that follows each edit: Enter
  // moves down a row, then the rebuilt grid must not send the cursor back to the top.
  int cursorRow = GetGridCursorRow(), cursorCol = GetGridCursorCol();
  CellRef atCursor;
  if (cursorRow >= 0 && size_t(cursorRow) < refs_.size() && cursorCol >= 0 &&
      size_t(cursorCol) < refs_[size_t(cursorRow)].size())
    atCursor = refs_[size_t(cursorRow)][size_t(cursorCol)];
  int viewX = 0, viewY = 0;
  GetViewStart(&viewX, &viewY);
  BeginBatch();
  FreezeTo(0, 0);  // rows and columns are rebuilt
  ClearGrid();
  if (GetNumberRows()) DeleteRows(0, GetNumberRows());
  if (GetNumberCols()) DeleteCols(0, GetNumberCols());
  AppendCols(int(columns));
  AppendRows(int(rows));
  refs_.assign(rows, std::vector<CellRef>(columns));
  pairCells_.clear();
  fitColumns();

  int r = 0;
  for (const auto& b : view.blocks) {
    bool titled = false;
    for (const auto& c : b.columns) titled |= !c.title.empty();
    if (!titled) {  // a block of one labelled value ("预算部门名称")
      rows -= 1;
      DeleteRows(int(rows), 1);
      refs_.pop_back();
    }
    wxFont bold = GetDefaultCellFont().Bold();
    for (size_t c = 0; c < columns && titled; ++c) {
      SetCellBackgroundColour(r, int(c), kHeader);
      SetCellFont(r, int(c), bold);
      SetReadOnly(r, int(c));
      SetCellAlignment(r, int(c), wxALIGN_CENTRE, wxALIGN_CENTRE);
    }
    if (titled) {
      SetCellValue(r, 0, tr("Item"));
      for (size_t c = 0; c < b.columns.size(); ++c)
        SetCellValue(r, int(c + 1), wx(b.columns[c].title));
      ++r;
    }
    for (const auto& row : b.rows) {
      SetCellValue(r, 0, wx(report::rowName(row)));
      SetCellBackgroundColour(r, 0, kLabel);
      SetReadOnly(r, 0);
      refs_[r][0] = CellRef{row.key, "", {}, {}, row.group, b.key, {}, {}};
      if (auto it = byCell.find(row.key + "/"); it != byCell.end()) {
        wxString tip;
        for (auto* f : it->second) tip += severityText(f->severity) + ": " + wx(f->message) + "\n";
        refs_[r][0].tip = tip.Trim();
        SetCellBackgroundColour(r, 0, severityColour(it->second.front()->severity));
      }
      for (size_t c = 0; c < row.cells.size(); ++c) {
        const report::CellView& cell = row.cells[c];
        const report::ColumnView& column = b.columns[c];
        int gc = int(c + 1);
        CellRef ref{row.key, cell.column, {}, {}, row.group, b.key, {}, {}};
        wxString text;
        std::string written = cell.values.empty() ? "" : cell.values[0];
        if (cell.values.size() > 1) {
          for (size_t i = 0; i < cell.values.size(); ++i)
            text += (i ? " | " : "") + wx(cell.values[i]);
          SetCellBackgroundColour(r, gc, kConflict);
          ref.tip = tr("Concurrent values, not resolved yet: ") + text + "\n" +
                    tr("Right-click to choose one.");
          ref.values = cell.values;
        } else if (cell.isComputed) {
          SetReadOnly(r, gc);
          SetCellBackgroundColour(r, gc, kComputed);
          std::string computed = cell.computed.value_or("");
          // One form of one figure: "92%" written and "92.00%" computed show as written.
          if (!written.empty() && !computed.empty() && !report::sameFigure(written, computed)) {
            // Two lines ("100 →" over "99.6"): one is wider than a figure's column.
            text = wx(written) + wxString::FromUTF8(" →\n") + wx(computed);
            pairCells_.emplace_back(r, gc);
          } else {
            text = wx(written.empty() ? computed : written);
          }
          ref.computed = computed;
          ref.tip = tr("Computed: ") + wx(computed.empty() ? "-" : computed);
          if (!written.empty()) ref.tip += "\n" + tr("Written in the report: ") + wx(written);
        } else {
          text = wx(written);
          if (auto* editor = editorFor(column.type, written)) SetCellEditor(r, gc, editor);
        }
        if (column.type != "text") SetCellAlignment(r, gc, wxALIGN_RIGHT, wxALIGN_CENTRE);
        SetCellValue(r, gc, text);
        if (auto it = byCell.find(row.key + "/" + cell.column); it != byCell.end()) {
          SetCellBackgroundColour(r, gc, severityColour(it->second.front()->severity));
          for (auto* f : it->second) {
            if (report::acceptComputed(*f)) ref.accept.push_back(*f);
            if (!ref.tip.empty()) ref.tip += "\n";
            ref.tip += severityText(f->severity) + ": " + wx(f->message);
          }
        }
        refs_[r][gc] = std::move(ref);
      }
      for (size_t c = row.cells.size() + 1; c < columns; ++c) SetReadOnly(r, int(c));
      ++r;
    }
  }
  fitRows();
  // The row labels stay in view while the figures scroll sideways (narrow windows), and
  // the first block's column titles while the rows scroll.
  bool titledFirst =
      !view.blocks.empty() && GetNumberRows() > 1 && GetCellBackgroundColour(0, 0) == kHeader;
  freezeRows_ = titledFirst ? 1 : 0;
  freezeCols_ = GetNumberCols() > 1 ? 1 : 0;
  freeze();
  bool placed = false;
  for (size_t r = 0; r < refs_.size() && !placed && !atCursor.row.empty(); ++r)
    for (size_t c = 0; c < refs_[r].size() && !placed; ++c)
      if (refs_[r][c].row == atCursor.row && refs_[r][c].column == atCursor.column) {
        SetGridCursor(int(r), int(c));
        placed = true;
      }
  if (!placed && cursorRow >= 0 && cursorRow < GetNumberRows() && cursorCol >= 0 &&
      cursorCol < GetNumberCols())
    SetGridCursor(cursorRow, cursorCol);  // a header line: by position
  Scroll(viewX, viewY);
  EndBatch();
  // A tooltip still up would describe the cell as it was (9.6 after 采用计算值 wrote 9.13):
  // the next mouse move sets the new one.
  // (The frozen parts' windows are rebuilt by FreezeTo: only the live ones.)
  for (wxWindow* w : {GetGridWindow(), GetFrozenCornerGridWindow(), GetFrozenRowGridWindow(),
                      GetFrozenColGridWindow()})
    if (w && w->GetToolTip()) w->UnsetToolTip();
}

void TableGrid::freeze() {
  if (GetNumberFrozenRows() == freezeRows_ && GetNumberFrozenCols() == freezeCols_) return;
  // Refused (false) while the window is too small to hold the frozen part: tried again on
  // the next resize.
  if (!FreezeTo(freezeRows_, freezeCols_)) return;
  std::erase_if(tipWindows_, [](const wxWeakRef<wxWindow>& w) { return !w; });
  for (wxWindow* w :
       {GetFrozenCornerGridWindow(), GetFrozenRowGridWindow(), GetFrozenColGridWindow()}) {
    if (!w || std::any_of(tipWindows_.begin(), tipWindows_.end(),
                          [w](const wxWeakRef<wxWindow>& bound) { return bound.get() == w; }))
      continue;
    tipWindows_.emplace_back(w);
    w->Bind(wxEVT_MOTION, &TableGrid::onMotion, this);
  }
}

void TableGrid::fitColumns() {
  int columns = GetNumberCols();
  if (columns == 0) return;
  // The row labels get about a quarter; the figures share the rest, no narrower than a
  // figure such as "1,234.56" needs (below that the grid scrolls sideways).
  int width = GetClientSize().x - wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, this) - 2;
  int label = std::clamp(width / 4, 120, 240);
  int figure = std::max(72, (width - label) / std::max(1, columns - 1));
  BeginBatch();
  SetColSize(0, label);
  for (int c = 1; c < columns; ++c) SetColSize(c, figure);
  fitRows();
  EndBatch();
  freeze();
}

bool TableGrid::selectCell(const std::string& row, const std::string& column) {
  for (size_t r = 0; r < refs_.size(); ++r) {
    for (size_t c = 0; c < refs_[r].size(); ++c) {
      if (refs_[r][c].row != row) continue;
      if (!column.empty() && refs_[r][c].column != column) continue;
      SetGridCursor(int(r), int(c));
      MakeCellVisible(int(r), int(c));
      return true;
    }
  }
  return false;
}

std::optional<wxPoint> TableGrid::cellScreenCentre(const std::string& row,
                                                   const std::string& column) {
  if (!selectCell(row, column)) return std::nullopt;
  int r = GetGridCursorRow(), c = GetGridCursorCol();
  wxRect rect = CellToRect(r, c);
  wxPoint centre = rect.GetPosition() + wxPoint(rect.width / 2, rect.height / 2);
  return ClientToScreen(gridClientFromLogical(centre, r, c));
}

wxSize TableGrid::textExtent(int r, int c) {
  wxClientDC dc(GetGridWindow());
  dc.SetFont(GetCellFont(r, c));
  wxCoord w = 0, h = 0;
  dc.GetMultiLineTextExtent(GetCellValue(r, c), &w, &h);
  return {w + FromDIP(6), h + FromDIP(4)};  // the renderer's margins
}

void TableGrid::fitRows() {
  AutoSizeRows(false);
  // The wrapping renderer's rows are as high as its lines at the font's character height,
  // but "→" comes from a fallback font whose lines are taller: "100 → 99.6" was cut at the
  // top and bottom. The pairs' rows get their text's real height.
  for (auto [r, c] : pairCells_)
    if (r < GetNumberRows() && c < GetNumberCols() && GetRowSize(r) < textExtent(r, c).y)
      SetRowSize(r, textExtent(r, c).y);
}

std::optional<bool> TableGrid::cellTextFits(const std::string& row, const std::string& column) {
  if (!selectCell(row, column)) return std::nullopt;
  int r = GetGridCursorRow(), c = GetGridCursorCol();
  wxSize need = textExtent(r, c);
  return need.x <= GetColSize(c) && need.y <= GetRowSize(r);
}

// The frozen rows and columns (FreezeTo) do not scroll; the rest does. Positions in the
// grid's own client area (no row or column labels here) and logical ones, both ways.
wxPoint TableGrid::gridClientFromLogical(wxPoint logical, int row, int col) const {
  wxPoint scrolled = CalcScrolledPosition(logical);
  if (col < GetNumberFrozenCols()) scrolled.x = logical.x;
  if (row < GetNumberFrozenRows()) scrolled.y = logical.y;
  return scrolled;
}

std::pair<int, int> TableGrid::cellAtScreen(wxPoint screen) const {
  wxPoint p = ScreenToClient(screen);
  wxPoint logical = CalcUnscrolledPosition(p);
  int frozenWidth = 0, frozenHeight = 0;
  for (int c = 0; c < GetNumberFrozenCols(); ++c) frozenWidth += GetColSize(c);
  for (int r = 0; r < GetNumberFrozenRows(); ++r) frozenHeight += GetRowSize(r);
  if (p.x < frozenWidth) logical.x = p.x;
  if (p.y < frozenHeight) logical.y = p.y;
  return {YToRow(logical.y), XToCol(logical.x)};
}

void TableGrid::onChanged(wxGridEvent& event) {
  size_t r = size_t(event.GetRow()), c = size_t(event.GetCol());
  if (r >= refs_.size() || c >= refs_[r].size() || refs_[r][c].column.empty()) return;
  if (onCellEdited)
    onCellEdited(key_, refs_[r][c].row, refs_[r][c].column, utf8(GetCellValue(int(r), int(c))));
}

void TableGrid::onMotion(wxMouseEvent& event) {
  event.Skip();
  auto* window = static_cast<wxWindow*>(event.GetEventObject());
  auto [r, c] = cellAtScreen(window->ClientToScreen(event.GetPosition()));
  wxString tip;
  if (r >= 0 && c >= 0 && size_t(r) < refs_.size() && size_t(c) < refs_[r].size())
    tip = refs_[r][c].tip;
  if (window->GetToolTipText() != tip) {
    if (tip.empty())
      window->UnsetToolTip();
    else
      window->SetToolTip(tip);
  }
}

std::optional<std::string> TableGrid::cellText(const std::string& row,
                                               const std::string& column) const {
  for (size_t r = 0; r < refs_.size(); ++r)
    for (size_t c = 0; c < refs_[r].size(); ++c)
      if (refs_[r][c].row == row && refs_[r][c].column == column) {
        std::string text = utf8(GetCellValue(int(r), int(c)));
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
      }
  return std::nullopt;
}

std::vector<std::string> TableGrid::conflictValues(const std::string& row,
                                                   const std::string& column) const {
  for (const auto& line : refs_)
    for (const CellRef& ref : line)
      if (ref.row == row && ref.column == column) return ref.values;
  return {};
}

bool TableGrid::chooseValue(const std::string& row, const std::string& column,
                            const std::string& value) {
  std::vector<std::string> values = conflictValues(row, column);
  if (std::find(values.begin(), values.end(), value) == values.end()) return false;
  if (onCellEdited) onCellEdited(key_, row, column, value);
  return true;
}

std::vector<report::Finding> TableGrid::acceptable(const std::string& row,
                                                   const std::string& column) const {
  for (const auto& line : refs_)
    for (const CellRef& ref : line)
      if (ref.row == row && ref.column == column) return ref.accept;
  return {};
}

std::vector<report::Finding> TableGrid::acceptableInTable() const {
  std::vector<report::Finding> out;
  for (const auto& line : refs_)
    for (const CellRef& ref : line) out.insert(out.end(), ref.accept.begin(), ref.accept.end());
  return out;
}

bool TableGrid::hasRow(const std::string& row) const {
  for (const auto& line : refs_)
    if (!line.empty() && line[0].row == row) return true;
  return false;
}

std::string TableGrid::addGroupFor(const std::string& row) const {
  for (const auto& line : refs_)
    if (!line.empty() && line[0].row == row)
      return addGroupOf ? addGroupOf(key_, row, line[0].group, line[0].block) : "";
  return "";
}

std::string TableGrid::insertAfter(const std::string& row, const std::string& group) const {
  for (const auto& line : refs_)
    if (!line.empty() && line[0].row == row)
      return row == group || line[0].group == group ? row : "";
  return "";
}

void TableGrid::onRightClick(wxGridEvent& event) {
  int r = event.GetRow(), c = event.GetCol();
  if (r < 0 || size_t(r) >= refs_.size() || c < 0 || size_t(c) >= refs_[size_t(r)].size()) return;
  CellRef ref = refs_[size_t(r)][size_t(c)];
  if (ref.row.empty()) ref = refs_[size_t(r)][0];  // a cell past the block's columns
  if (ref.values.size() < 2) {
    if (ref.row.empty()) {
      event.Skip();
      return;
    }
    std::string group = addGroupOf ? addGroupOf(key_, ref.row, ref.group, ref.block) : "";
    enum { kInsert = wxID_HIGHEST + 90, kDelete, kAccept, kAcceptAll };
    wxMenu menu;
    std::vector<report::Finding> all = acceptableInTable();
    if (!all.empty()) {  // a figure the checks compute differently: correct it here
      menu.Append(kAccept, tr("Use the computed figure"));
      menu.Enable(kAccept, !ref.accept.empty());
      menu.Append(kAcceptAll, wxString::Format(tr("Use every computed figure of this table (%zu)"),
                                               all.size()));
      menu.AppendSeparator();
    }
    menu.Append(kInsert, tr("&Insert row..."));
    menu.Append(kDelete, tr("&Delete row"));
    menu.Enable(kInsert, !group.empty());
    menu.Enable(kDelete, !ref.group.empty() && (!mayDeleteRow || mayDeleteRow(key_, ref.row)));
    int chosen = GetPopupMenuSelectionFromUser(menu, event.GetPosition());
    std::string table = key_, row = ref.row;
    if (chosen == kAccept && onAccept) onAccept(ref.accept, false);
    if (chosen == kAcceptAll && onAccept) onAccept(all, true);
    if (chosen == kInsert && onAddRow) onAddRow(table, group, insertAfter(row, group));
    if (chosen == kDelete && onDeleteRow) onDeleteRow(table, row);
    return;
  }
  wxMenu menu;
  for (size_t i = 0; i < ref.values.size(); ++i)
    menu.Append(wxID_HIGHEST + 100 + int(i), tr("Choose this value: ") + wx(ref.values[i]));
  int chosen = GetPopupMenuSelectionFromUser(menu, event.GetPosition());
  if (chosen == wxID_NONE) return;
  size_t i = size_t(chosen - (wxID_HIGHEST + 100));
  if (i < ref.values.size() && onCellEdited) onCellEdited(key_, ref.row, ref.column, ref.values[i]);
}

std::pair<std::string, std::string> TableGrid::cursorCell() const {
  int r = GetGridCursorRow(), c = GetGridCursorCol();
  if (r < 0 || c < 0 || size_t(r) >= refs_.size() || size_t(c) >= refs_[size_t(r)].size())
    return {};
  return {refs_[size_t(r)][size_t(c)].row, refs_[size_t(r)][size_t(c)].column};
}

}  // namespace rs::gui
