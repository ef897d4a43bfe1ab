// The desktop program's command line.
#pragma once

#include <string>

namespace rs::gui {

struct AppOptions {
  std::string store;          // --store DIR (default: $XDG_DATA_HOME/reportsync)
  std::string report;         // --report ID (id or unique prefix)
  std::string importFile;     // --import FILE: a report, imported and then opened
  std::string openFile;       // FILE: a report to import, or a bundle to merge
  std::string lang;           // --lang zh|en (default: from the locale, Chinese when none)
  std::string testScript;     // --test-script FILE: drive the window, then quit (tests)
  std::string bench;          // --bench gui-typing
  int benchPages = 50;        // --pages N
  int benchKeys = 300;        // --keys N
  int groupMs = 400;          // --group-ms N: pause that ends a typed change (0: every key)
  int width = 0, height = 0;  // --size WxH
};

}  // namespace rs::gui
