#include "gui/outline_view.h"

#include "docreport/render.h"
#include "gui/ui_text.h"

namespace rs::gui {

OutlineView::OutlineView(wxWindow* parent)
    : wxTreeCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxTR_HAS_BUTTONS | wxTR_HIDE_ROOT | wxTR_LINES_AT_ROOT | wxTR_SINGLE |
                     wxTR_FULL_ROW_HIGHLIGHT | wxTR_NO_LINES) {
  Bind(wxEVT_TREE_SEL_CHANGED, &OutlineView::onSelChanged, this);
  Bind(wxEVT_TREE_ITEM_MENU, &OutlineView::onItemMenu, this);
}

const OutlineView::Entry* OutlineView::entryOf(const wxTreeItemId& item) const {
  auto it = entries_.find(item.GetID());
  return it == entries_.end() ? nullptr : &it->second;
}

void OutlineView::rebuild(const doc::Document& doc, const std::vector<report::TableView>& tables,
                          const std::map<std::string, int>& findingsBySection, size_t unsynced) {
  Entry selected;
  if (auto* e = entryOf(GetSelection())) selected = *e;
  rebuilding_ = true;
  Freeze();
  DeleteAllItems();
  entries_.clear();
  wxTreeItemId root = AddRoot("report");
  std::vector<wxTreeItemId> parents{root};
  wxTreeItemId toSelect;
  for (const auto& entry : doc.outline()) {
    const doc::Section* s = doc.section(entry.id);
    parents.resize(size_t(entry.depth));
    std::string text = core::headingLabel(entry.number) + core::registerText(s->title);
    wxString label = wx(text);
    std::string assignee = core::registerText(s->assignee);
    if (!assignee.empty())
      label += wxString::FromUTF8("  〔") + wx(assignee) + wxString::FromUTF8("〕");
    // 上年沿用: prose carried over from last year's report, still to revise.
    std::string status = core::registerText(s->status);
    if (!status.empty())
      label += wxString::FromUTF8("  （") + wx(status) + wxString::FromUTF8("）");
    auto f = findingsBySection.find(core::outlineNumber(entry.number));
    if (f != findingsBySection.end() && f->second > 0)
      label += wxString::Format(L"  \u26a0%d", f->second);
    wxTreeItemId item = AppendItem(parents.back(), label);
    entries_[item.GetID()] = Entry{entry.id, ""};
    if (selected.section == entry.id) toSelect = item;
    parents.push_back(item);
  }
  if (!tables.empty()) {
    wxTreeItemId group = AppendItem(root, tr("Attached tables"));
    entries_[group.GetID()] = Entry{std::nullopt, ""};
    for (const auto& t : tables) {
      wxTreeItemId item = AppendItem(group, wx(t.title.empty() ? t.key : t.title));
      entries_[item.GetID()] = Entry{std::nullopt, t.key};
      if (!selected.section && selected.table == t.key) toSelect = item;
    }
  }
  ExpandAll();
  if (toSelect.IsOk()) {
    SelectItem(toSelect);
    EnsureVisible(toSelect);
  }
  Thaw();
  rebuilding_ = false;
}

void OutlineView::selectSection(doc::OpId section) {
  for (const auto& [id, entry] : entries_) {
    if (entry.section == section) {
      wxTreeItemId item(id);
      SelectItem(item);
      EnsureVisible(item);
      return;
    }
  }
}

void OutlineView::selectTable(const std::string& key) {
  for (const auto& [id, entry] : entries_) {
    if (!entry.section && entry.table == key) {
      wxTreeItemId item(id);
      SelectItem(item);
      EnsureVisible(item);
      return;
    }
  }
}

std::optional<wxPoint> OutlineView::tableScreenCentre(const std::string& key) {
  for (const auto& [id, entry] : entries_) {
    if (entry.section || entry.table != key || key.empty()) continue;
    wxTreeItemId item(id);
    EnsureVisible(item);
    wxRect rect;
    if (!GetBoundingRect(item, rect, true)) return std::nullopt;
    return ClientToScreen(rect.GetPosition() + wxPoint(rect.width / 2, rect.height / 2));
  }
  return std::nullopt;
}

void OutlineView::onItemMenu(wxTreeEvent& event) {
  const Entry* e = entryOf(event.GetItem());
  if (!e || e->section || !onTablesMenu) return;
  SelectItem(event.GetItem());
  onTablesMenu(e->table);
}

void OutlineView::onSelChanged(wxTreeEvent& event) {
  if (rebuilding_) return;
  const Entry* e = entryOf(event.GetItem());
  if (!e || (!e->section && e->table.empty())) return;
  if (e->section) {
    if (onSection) onSection(*e->section);
  } else if (onTable) {
    onTable(e->table);
  }
}

}  // namespace rs::gui
