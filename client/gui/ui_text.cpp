#include "gui/ui_text.h"

#include <clocale>
#include <cstdlib>
#include <cstring>

#include <wx/filename.h>
#include <wx/translation.h>

#include "gui/message_part.h"

namespace rs::gui {

namespace {

// The language setUpLanguage chose; Chinese until then.
bool gChinese = true;

std::string localeLanguage() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return v;
  }
  return "";
}

}  // namespace

std::string setUpLanguage(const std::string& requested, const wxString& exeDir) {
  std::string lang = requested;
  if (lang.empty()) {
    std::string loc = localeLanguage();
    // No locale preference (unset, C, POSIX): the program's own default, Chinese.
    bool neutral = loc.empty() || loc == "C" || loc == "POSIX" || loc.rfind("C.", 0) == 0;
    lang = (neutral || loc.rfind("zh", 0) == 0) ? "zh" : "en";
  }
  auto* translations = new wxTranslations();
  wxTranslations::Set(translations);
  if (lang == "zh") {
    // Built, the catalog is beside the executable; installed, in the system's locale folder
    // (so is wxWidgets' own, Debian's wx3.2-i18n).
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exeDir + "/locale");
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(RS_LOCALE_DIR);
    if (std::string(RS_LOCALE_DIR) != "/usr/share/locale")
      wxFileTranslationsLoader::AddCatalogLookupPathPrefix("/usr/share/locale");
    translations->SetLanguage("zh_CN");
    if (!translations->AddCatalog("reportsync")) lang = "en";
    translations->AddStdCatalog();
    // GTK's own words (OK and Cancel of stock buttons, the file chooser) come from gettext
    // in the C library's locale. gettext ignores LANGUAGE under the "C" locale, so a
    // neutral locale becomes C.UTF-8 (always present on Debian) and LANGUAGE asks for
    // Chinese; no zh_CN locale need be installed.
    const char* messages = std::setlocale(LC_MESSAGES, nullptr);
    if (!messages || std::strcmp(messages, "C") == 0 || std::strcmp(messages, "POSIX") == 0)
      std::setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", "zh_CN", 1);
  }
  gChinese = lang == "zh";
  return lang;
}

bool chineseInterface() {
  return gChinese;
}

wxString tr(const char* english) {
  return wxGetTranslation(wxString::FromUTF8(english));
}

wxString errorText(const std::string& what) {
  return wx(messagePart(what, gChinese));
}

wxString gistAndDetail(const wxString& gist, const std::string& message) {
  wxString detail = errorText(message);
  bool bilingual = messagePart(message, true) != messagePart(message, false);
  if (gist.empty() || (bilingual && !detail.empty())) return detail.empty() ? gist : detail;
  return detail.empty() ? gist : gist + " (" + detail + ")";
}

}  // namespace rs::gui
