// 导入 off the UI thread (issue 10): a .doc or .wps goes through LibreOffice, which may take
// from a second to two minutes (its first start makes a profile); the window stays usable
// meanwhile, a bar says what runs and offers 取消, and the report arrives through
// CallAfter behind the window's weak reference (BackgroundWorker).
#include <filesystem>
#include <optional>

#include "core/import_file.h"
#include "core/office_convert.h"
#include "gui/main_frame.h"
#include "gui/open_file.h"
#include "gui/ui_text.h"

namespace rs::gui {

void MainFrame::buildImportBar() {
  // The generic bar: its 取消 is a wx window that a test finds on the screen.
  importBar_ = new wxInfoBarGeneric(this);
  importBar_->SetShowHideEffects(wxSHOW_EFFECT_NONE, wxSHOW_EFFECT_NONE);
  importBar_->AddButton(wxID_CANCEL, tr("Cancel import"));
  importBar_->Bind(
      wxEVT_BUTTON, [this](wxCommandEvent&) { cancelImport(); }, wxID_CANCEL);
  importTimer_.SetOwner(this);
  Bind(
      wxEVT_TIMER, [this](wxTimerEvent&) { showImportProgress(); }, importTimer_.GetId());
}

void MainFrame::importFile(const std::string& path) {
  if (importing()) {
    showNotice(tr("Another import is still running; wait for it or cancel it first."));
    return;
  }
  std::optional<report::Template> tmpl;
  try {
    tmpl = importTemplate();  // here: the template shelf is the UI thread's
  } catch (const std::exception& e) {
    showNotice(tr("Could not import: ") + errorText(e.what()));
    return;
  }
  importCancel_ = std::make_shared<std::atomic<bool>>(false);
  importPath_ = path;
  importStarted_ = std::chrono::steady_clock::now();
  showImportProgress();
  importTimer_.Start(1000);
  importWorker_.post(this, "", [this, path, tmpl = std::move(*tmpl), cancel = importCancel_]() {
    // Worker thread: only the captured path, template and flag are read here.
    std::shared_ptr<report::ReportContent> content;
    std::string error;
    try {
      content = std::make_shared<report::ReportContent>(readReportFile(path, tmpl, cancel.get()));
    } catch (const core::ConversionCancelled&) {
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (*cancel) content.reset();  // 取消 after the conversion: still nothing imported
    return BackgroundWorker::Continuation(
        [this, path, content, error] { finishImport(path, content, error); });
  });
}

void MainFrame::showImportProgress() {
  long seconds = long(std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now() - importStarted_)
                          .count());
  wxString name = wx(std::filesystem::path(importPath_).filename().string());
  importText_ = wxString::Format(core::needsConversion(importPath_)
                                     ? tr("Importing %s: LibreOffice is converting it (%ld s)...")
                                     : tr("Importing %s (%ld s)..."),
                                 name, seconds);
  bool shown = importBar_->IsShown();
  importBar_->ShowMessage(importText_, wxICON_INFORMATION);
  if (!shown) Layout();
}

void MainFrame::cancelImport() {
  if (!importing()) return;
  *importCancel_ = true;  // the worker stops soffice within 20 ms and reports back
  importText_ = tr("Cancelling the import...");
  importBar_->ShowMessage(importText_, wxICON_INFORMATION);
  importTimer_.Stop();
}

wxWindow* MainFrame::importCancelButton() {
  return importBar_->IsShown() ? importBar_->FindWindow(wxID_CANCEL) : nullptr;
}

void MainFrame::finishImport(const std::string& path,
                             std::shared_ptr<report::ReportContent> content,
                             const std::string& error) {
  bool cancelled = importCancel_ && *importCancel_;
  importCancel_.reset();
  importTimer_.Stop();
  importText_.clear();
  if (importBar_->IsShown()) importBar_->Dismiss();
  Layout();
  wxString name = wx(std::filesystem::path(path).filename().string());
  if (cancelled) {
    SetStatusText(wxString::Format(tr("Import of %s cancelled; nothing was imported"), name), 3);
    return;
  }
  if (!content) {
    showNotice(wxString::Format(tr("Could not import %s: "), name) + errorText(error));
    return;
  }
  try {
    openReport(storeReport(*replica_, *content));
    SetStatusText(wxString::Format(tr("Imported %s as a new report"), name), 3);
  } catch (const std::exception& e) {
    showNotice(wxString::Format(tr("Could not import %s: "), name) + errorText(e.what()));
  }
}

}  // namespace rs::gui
