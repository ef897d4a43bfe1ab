// The find bar above the panes (Ctrl+F; Ctrl+H adds the replace row): a field for the text
// sought, one for its replacement, and buttons; Enter in the first finds the next match,
// Enter in the second replaces it, Escape closes the bar. What finding and replacing do is
// the main window's (main_frame_find.cpp); the bar only asks.
#pragma once

#include <functional>

#include <wx/button.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace rs::gui {

class FindBar : public wxPanel {
 public:
  explicit FindBar(wxWindow* parent);

  // Shows the bar (with the replace row when `replace`), focus in the find field with
  // `initial` (the editor's selection) in it when not empty.
  void open(bool replace, const wxString& initial);
  void close();
  wxString findText() const { return find_->GetValue(); }
  wxString replaceText() const { return replace_->GetValue(); }

  std::function<void(const wxString& what)> onFindNext;
  std::function<void(const wxString&what, const wxString&with)> onReplace, onReplaceAll;
  std::function<void()> onClosed;
  // The bar's answer ("未找到", "已替换 3 处"), beside the buttons.
  void say(const wxString& text);

 private:
  wxTextCtrl *find_, *replace_;
  wxStaticText *replaceLabel_, *message_;
  wxButton *replaceButton_, *replaceAllButton_;
  wxBoxSizer* sizer_;
};

}  // namespace rs::gui
