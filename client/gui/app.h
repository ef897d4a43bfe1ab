// The wxApp: reads the command line, opens the profile store and the report, shows the
// main window, and starts the test script or the typing benchmark when asked.
#pragma once

#include <chrono>
#include <memory>

#include <wx/app.h>

#include "gui/app_options.h"
#include "store/template_shelf.h"

namespace rs::gui {

class MainFrame;

class App : public wxApp {
 public:
  App();
  bool OnInit() override;
  int OnRun() override;

  void setExitCode(int code) { exitCode_ = code; }
  // Milliseconds from the start of the program to the first idle with the report shown.
  double startupMs() const { return startupMs_; }
  const AppOptions& options() const { return options_; }

 private:
  bool parseOptions();

  AppOptions options_;
  int exitCode_ = 0;
  std::chrono::steady_clock::time_point started_;
  double startupMs_ = 0;
  // The store's templates (the bureau's, fetched on sync; installed ones) while the
  // program runs: reports of them open with the version they name.
  std::unique_ptr<store::InstalledShelf> templates_;
};

}  // namespace rs::gui

wxDECLARE_APP(rs::gui::App);
