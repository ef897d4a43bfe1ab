// The right-hand panel: 历史 (who changed what, when; newest first) and 审阅标记 (review
// marks with each side, and buttons to keep the merged paragraph, take one side, or edit
// it). The window computes the lists and does the resolving; this only shows and asks.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <wx/button.h>
#include <wx/listbox.h>
#include <wx/listctrl.h>
#include <wx/notebook.h>
#include <wx/textctrl.h>

#include "doc/marks.h"

namespace rs::gui {

struct HistoryLine {
  std::string time, author, what;
};

class ReviewPanel : public wxNotebook {
 public:
  explicit ReviewPanel(wxWindow* parent);

  void show(const std::vector<HistoryLine>& history, const std::vector<doc::ReviewMark>& marks);
  const std::vector<doc::ReviewMark>& marks() const { return marks_; }
  size_t historyCount() const { return size_t(history_->GetItemCount()); }
  // The 历史 list's author column, newest first, as shown (UTF-8).
  std::vector<std::string> historyAuthors() const { return historyColumn(1); }
  // The 内容 column of the listed changes, newest first ("第3节：+5 字").
  std::vector<std::string> historyWhat() const { return historyColumn(0); }

  // mark id, and the replacement text (nullopt: keep the merged paragraph).
  std::function<void(const std::string&, std::optional<std::string>)> onResolve;

 private:
  // One column's text of every listed change, newest first.
  std::vector<std::string> historyColumn(int column) const;
  void showSelected();
  // The 历史 columns' widths for the panel's width and what they list.
  void fitHistoryColumns();
  const doc::ReviewMark* selected() const;

  wxListCtrl* history_ = nullptr;
  wxListBox* markList_ = nullptr;
  wxTextCtrl* markText_ = nullptr;
  wxButton *keep_ = nullptr, *take_ = nullptr, *edit_ = nullptr;
  std::vector<doc::ReviewMark> marks_;
};

}  // namespace rs::gui
