// A test hook on the 提交记录 dialog (main_frame_submit.cpp), kept out of main_frame.h: the
// text the open dialog shows below its list (the selected submission's comments, or the
// diff 与上次提交比较 fetched). UI thread only.
#pragma once

#include <wx/string.h>

namespace rs::gui {

// "" when no 提交记录 dialog is open.
wxString submissionsDialogText();

}  // namespace rs::gui
