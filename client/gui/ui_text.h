// Interface strings: English in the source, Chinese from the gettext catalog
// (po/zh_CN.po, compiled beside the executable). Chinese is the default; English is used
// when asked for (--lang en) or when the locale names another language.
#pragma once

#include <string>

#include <wx/string.h>

namespace rs::gui {

// Chooses the language ("zh", "en", or "" for the locale's) and loads the catalog found
// under `exeDir`/locale. Returns the language in use.
std::string setUpLanguage(const std::string& requested, const wxString& exeDir);

// The interface is Chinese (the default), not English.
bool chineseInterface();

// The interface text for an English message id.
wxString tr(const char* english);

// The text the window shows for an error from the core (`what` UTF-8, "English (中文)"):
// its Chinese part under the Chinese interface, its English part under --lang en
// (gui/message_part.h). Use it wherever the window shows an exception's message.
wxString errorText(const std::string& what);

// A refusal from the server for a notice: `gist` (the interface's own words for its status,
// "" when none) and the server's `message` ("English (中文)" or plain). A message with a
// part in each language already says it in the interface language, so it is shown alone
// (the gist beside it said the same thing twice: 当前密码不正确 (当前密码错误)); a plain one (a
// connection failure's technical words) follows the gist in parentheses.
wxString gistAndDetail(const wxString& gist, const std::string& message);

// UTF-8 (document text, figures, names) to wx and back.
inline wxString wx(const std::string& utf8) {
  return wxString::FromUTF8(utf8.data(), utf8.size());
}
inline std::string utf8(const wxString& s) {
  wxScopedCharBuffer b = s.utf8_str();
  return std::string(b.data(), b.length());
}

}  // namespace rs::gui
