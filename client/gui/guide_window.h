// 帮助 > 使用说明: the short user guide (help/guide.html, Chinese), shown in a window beside
// the main one, found beside the executable (the build tree) or in the installed data
// folder (RS_DATA_DIR, /usr/share/reportsync).
#pragma once

#include <wx/window.h>

namespace rs::gui {

// Opens the guide (again in front, when already open). Throws runtime_error naming where it
// looked (in the interface's language) when no guide is installed.
void showUserGuide(wxWindow* parent);

// The open guide's text without markup, for the test script; "" when it is not open.
wxString userGuideText();

}  // namespace rs::gui
