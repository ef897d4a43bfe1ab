#include "gui/app.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <wx/fileconf.h>
#include <wx/filename.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>

#include "core/import_file.h"
#include "gui/main_frame.h"
#include "gui/open_file.h"
#include "gui/test_script.h"
#include "gui/typing_bench.h"
#include "gui/ui_text.h"
#include "report/template.h"
#include "util/version.h"

wxIMPLEMENT_APP_NO_MAIN(rs::gui::App);

namespace rs::gui {

namespace {

const char kUsage[] =
    R"(usage: reportsync [--store DIR] [--report ID | --import FILE | FILE] [--lang zh|en]
                  [--size WxH] [--group-ms N] [--test-script FILE]
       FILE: a report to import (.docx, .doc, .wps, .txt) or a bundle of changes to merge;
             a report is imported while the window is open, and opened when it is in
       reportsync --bench gui-typing [--pages N] [--keys N]
The store is $XDG_DATA_HOME/reportsync (or ~/.local/share/reportsync) unless --store is given.
)";

std::string defaultStore() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/reportsync";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/reportsync";
}

// The report to open until an import given is in: named, the last one, or the first one in
// the store.
std::string chooseReport(core::Replica& replica, const AppOptions& o) {
  if (!o.report.empty()) return replica.resolve(o.report);
  auto reports = replica.list();
  wxFileConfig config("reportsync", "", wx(o.store + "/gui.ini"), "", wxCONFIG_USE_LOCAL_FILE);
  std::string last = utf8(config.Read("/report/last", ""));
  for (const auto& r : reports)
    if (r.id == last) return last;
  return reports.empty() ? "" : reports.front().id;
}

}  // namespace

App::App() : started_(std::chrono::steady_clock::now()) {}

bool App::parseOptions() {
  for (int i = 1; i < argc; ++i) {
    std::string a = utf8(argv[i]);
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return utf8(argv[++i]);
    };
    auto number = [&]() {
      std::string v = value();
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 0) throw std::runtime_error(a + " needs a number");
      return int(n);
    };
    if (a == "--store")
      options_.store = value();
    else if (a == "--report")
      options_.report = value();
    else if (a == "--import")
      options_.importFile = value();
    else if (a == "--lang")
      options_.lang = value();
    else if (a == "--test-script")
      options_.testScript = value();
    else if (a == "--bench")
      options_.bench = value();
    else if (a == "--pages")
      options_.benchPages = number();
    else if (a == "--keys")
      options_.benchKeys = number();
    else if (a == "--group-ms")
      options_.groupMs = number();
    else if (a == "--size") {
      std::string v = value();
      if (std::sscanf(v.c_str(), "%dx%d", &options_.width, &options_.height) != 2)
        throw std::runtime_error("--size needs WIDTHxHEIGHT");
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(0);

    } else if (a.rfind("-", 0) != 0 && options_.openFile.empty()) {
      options_.openFile = a;
    } else {
      throw std::runtime_error("unknown option " + a);
    }
  }
  if (options_.lang != "" && options_.lang != "zh" && options_.lang != "en")
    throw std::runtime_error("--lang is zh or en");
  if (!options_.bench.empty() && options_.bench != "gui-typing")
    throw std::runtime_error("unknown benchmark " + options_.bench + " (known: gui-typing)");
  return true;
}

bool App::OnInit() {
  try {
    if (!parseOptions()) return false;
  } catch (const std::exception& e) {
    std::cerr << "reportsync: " << e.what() << "\n" << kUsage;
    std::exit(2);
  }
  SetAppName("reportsync");
  wxString exeDir = wxFileName(wxStandardPaths::Get().GetExecutablePath()).GetPath();
  setUpLanguage(options_.lang, exeDir);

  std::unique_ptr<core::Replica> replica;
  std::string id;
  std::string importPath;
  wxString openError;
  try {
    if (!options_.bench.empty()) prepareTypingBench(options_);
    if (options_.store.empty()) options_.store = defaultStore();
    // Absolute: wx's configuration file and later paths must not depend on where the
    // program was started from (a relative --store lost the window's settings).
    options_.store = std::filesystem::absolute(options_.store).lexically_normal().string();
    wxFileName::Mkdir(wx(options_.store), wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
    replica = std::make_unique<core::Replica>(options_.store);
    templates_ = std::make_unique<store::InstalledShelf>(
        replica->env(), store::TemplateShelf::open(replica->env()));
    // A report file is imported by the window, off its UI thread (a .doc may take LibreOffice
    // a minute); a bundle is merged here.
    if (!options_.importFile.empty()) importPath = options_.importFile;
    if (!options_.openFile.empty() && core::isReportFileName(options_.openFile)) {
      importPath = options_.openFile;
    } else if (!options_.openFile.empty()) {
      try {
        id = openGivenFile(*replica, options_.openFile);
      } catch (const std::exception& e) {
        // Opened from a file manager there is no terminal: the window says it.
        openError = tr("Could not open ") + wx(options_.openFile) + ": " + errorText(e.what());
        std::cerr << "reportsync: " << options_.openFile << ": " << e.what() << "\n";
      }
    }
    if (id.empty()) id = chooseReport(*replica, options_);
  } catch (const std::exception& e) {
    std::cerr << "reportsync: " << e.what() << "\n";
    // Started from a desktop there is no terminal: a store that cannot be opened (one a newer
    // version wrote says so in Chinese and English) is shown before the program ends.
    if (options_.testScript.empty() && options_.bench.empty())
      wxMessageBox(wx(e.what()), "reportsync", wxOK | wxICON_ERROR);
    std::exit(3);
  }

  auto* frame = new MainFrame(std::move(replica), options_);
  frame->Show();
  if (!id.empty()) frame->openReport(id);
  if (!openError.empty()) frame->showNotice(openError);
  if (!importPath.empty()) frame->importFile(importPath);
  SetTopWindow(frame);
  CallAfter([this, frame] {
    startupMs_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
            .count();
    if (!options_.testScript.empty()) startTestScript(frame, options_.testScript);
    if (!options_.bench.empty()) startTypingBench(frame, options_);
  });
  return true;
}

int App::OnRun() {
  int rc = wxApp::OnRun();
  return exitCode_ ? exitCode_ : rc;
}

}  // namespace rs::gui

// --help and --version answer without a display (wxEntry starts GTK, which needs one).
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--version") {
      std::cout << "reportsync " << rs::kVersion << "\n";
      return 0;
    }
    if (a == "--help" || a == "-h") {
      std::cout << rs::gui::kUsage;
      return 0;
    }
  }
  return wxEntry(argc, argv);
}
