#include "gui/ui_text.h"

#include <cstdlib>

#include <wx/filename.h>
#include <wx/translation.h>

namespace rs::gui {

namespace {

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
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exeDir + "/locale");
    translations->SetLanguage("zh_CN");
    if (!translations->AddCatalog("reportsync")) lang = "en";
  }
  return lang;
}

wxString tr(const char* english) {
  return wxGetTranslation(wxString::FromUTF8(english));
}

}  // namespace rs::gui
