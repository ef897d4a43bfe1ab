// `reportsync --bench gui-typing`: under X (Xvfb in CI), a report of N pages (default 50)
// is opened and K keys are typed into its largest section as key events (dispatched to the
// control; RS_BENCH_INPUT=xtest sends them through the X server). Prints one JSON line: from a key event to the op committed
// (every key its own change), from a key event to the op recorded in the editor with the
// usual grouping, and the time each grouped commit takes. Then quits.
#pragma once

#include "gui/app_options.h"

namespace rs::gui {

class MainFrame;

// Before the window: makes a temporary store holding the benchmark report and points
// `options` at it.
void prepareTypingBench(AppOptions& options);
void startTypingBench(MainFrame* frame, const AppOptions& options);

}  // namespace rs::gui
