// Find (Ctrl+F) and replace (Ctrl+H) across the report's section text, and print (Ctrl+P).
// Matches are sought in the sections in outline order, starting after the editor's
// selection and wrapping once. Replacing goes through the editor as typing does (its
// modification events become the user's own change), so it is saved, synced and undone
// with Ctrl+Z like typing.
#include <chrono>
#include <filesystem>

#include <wx/log.h>
#include <wx/mimetype.h>
#include <wx/utils.h>

#include "gui/main_frame.h"
#include "gui/ui_text.h"
#include "util/utf8.h"

namespace rs::gui {

namespace {

std::string_view shownText(wxStyledTextCtrl* stc) {
  return {stc->GetCharacterPointer(), size_t(stc->GetLength())};
}

}  // namespace

void MainFrame::openFind(bool replace) {
  if (!hasReport()) return;
  findBar_->open(replace, editor_->text()->GetSelectedText());
}

bool MainFrame::findNext(const wxString& what) {
  if (!hasReport() || what.empty()) return false;
  std::string needle = utf8(what);
  std::vector<std::pair<doc::OpId, bool>> sections;  // in outline order; whether it holds it
  size_t current = 0;
  {
    SharedDoc::Lock lock(doc_);
    for (const auto& entry : report_.doc->outline()) {
      if (editor_->section() == entry.id) current = sections.size();
      std::string text = u32ToUtf8(report_.doc->section(entry.id)->text.text());
      sections.emplace_back(entry.id, text.find(needle) != std::string::npos);
    }
  }
  wxStyledTextCtrl* stc = editor_->text();
  auto selectIn = [&](size_t from) {
    size_t at = shownText(stc).find(needle, from);
    if (at == std::string::npos) return false;
    stc->SetSelection(int(at), int(at + needle.size()));
    stc->EnsureCaretVisible();
    return true;
  };
  bool found = editor_->section() && selectIn(size_t(stc->GetSelectionEnd()));
  for (size_t k = 1; !found && k <= sections.size(); ++k) {
    auto [id, holds] = sections[(current + k) % sections.size()];
    if (!holds) continue;
    outline_->selectSection(id);
    if (editor_->section() != id) editor_->showSection(id);
    found = selectIn(0);
  }
  findBar_->say(found ? wxString() : tr("Not found"));
  return found;
}

bool MainFrame::replaceCurrent(const wxString& what, const wxString& with) {
  wxStyledTextCtrl* stc = editor_->text();
  if (hasReport() && editor_->section() && !editor_->readOnly() && stc->GetSelectedText() == what) {
    stc->ReplaceSelection(with);
    editor_->commit();
  }
  return findNext(what);
}

size_t MainFrame::replaceAll(const wxString& what, const wxString& with) {
  if (!hasReport() || what.empty()) return 0;
  std::u32string needle = utf8ToU32(utf8(what)), replacement = utf8ToU32(utf8(with));
  size_t replaced = 0, readOnly = 0;
  {
    SharedDoc::Lock lock(doc_);
    SectionEditor::Anchors anchors = editor_->captureAnchors();  // commits typing first
    try {
      // Every section in one change, so that one Ctrl+Z undoes the whole replacement.
      replica_->edit(report_, [&](doc::LocalEdit& e) {
        for (const auto& entry : report_.doc->outline()) {
          std::u32string text = report_.doc->section(entry.id)->text.text();
          std::vector<size_t> at;
          for (size_t p = text.find(needle); p != std::u32string::npos;
               p = text.find(needle, p + needle.size()))
            at.push_back(p);
          if (at.empty()) continue;
          if (!editor_->mayEdit(entry.id)) {
            ++readOnly;
            continue;
          }
          // From the end, so that the earlier matches' positions stay put.
          for (auto it = at.rbegin(); it != at.rend(); ++it) {
            e.deleteText(entry.id, *it, needle.size());
            if (!replacement.empty()) e.insertText(entry.id, *it, replacement);
          }
          replaced += at.size();
        }
      });
    } catch (const std::exception& e) {
      showNotice(tr("Could not replace: ") + errorText(e.what()));
      replaced = 0;
    }
    editor_->refreshFromDocument(anchors);
  }
  if (replaced) {
    localChangeCommitted();
    refreshAll();
  }
  wxString message = wxString::Format(tr("Replaced %zu times"), replaced);
  if (readOnly)
    message += wxString::Format(tr(" (%zu read-only sections left as they are)"), readOnly);
  findBar_->say(message);
  SetStatusText(message, 3);
  return replaced;
}

void MainFrame::printReport() {
  if (!hasReport()) return;
  // The PDF layout is the printed form: written to a temporary file, then handed to the
  // program the desktop opens PDFs with, whose print dialog prints it.
  auto stamp = std::chrono::system_clock::now().time_since_epoch() / std::chrono::milliseconds(1);
  std::string path = (std::filesystem::temp_directory_path() /
                      ("reportsync-print-" + std::to_string(stamp) + ".pdf"))
                         .string();
  SetStatusText(tr("Preparing the PDF for printing..."), 3);
  exportReport("pdf", path, [this, path] {
    lastPrintPdf_ = path;
    if (wxLaunchDefaultApplication(wx(path)))
      SetStatusText(tr("The PDF for printing is open: ") + wx(path), 3);
    else
      showNotice(tr("The PDF for printing is written, but no program to open PDFs was found; "
                    "open and print it yourself: ") +
                 wx(path));
  });
}

}  // namespace rs::gui
