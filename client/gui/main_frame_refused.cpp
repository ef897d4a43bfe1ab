// The user's own changes that did not take effect under the document's rights (未生效,
// doc/rights.cpp): a bar above the window that stays until dismissed, listing why, with a
// button that copies their text to the clipboard so that it can be typed where it may be.
// The bar also names edits hidden by a project table's removal that had not seen them.
#include <wx/clipbrd.h>
#include <wx/dataobj.h>

#include "core/project_tables.h"
#include "core/rights_text.h"
#include "doc/change_codec.h"
#include "gui/main_frame.h"
#include "gui/ui_text.h"
#include "util/utf8.h"

namespace rs::gui {

namespace {

std::string shortened(const std::string& utf8) {
  std::u32string t = utf8ToU32(utf8);
  for (char32_t& c : t)
    if (c == U'\n') c = U' ';
  if (t.size() > 30) t = t.substr(0, 30) + U"…";
  return u32ToUtf8(t);
}

}  // namespace

void MainFrame::buildRefusedBar() {
  refusedBar_ = new wxInfoBarGeneric(this);
  refusedBar_->SetShowHideEffects(wxSHOW_EFFECT_NONE, wxSHOW_EFFECT_NONE);
  refusedBar_->AddButton(kCopyRefusedId, tr("Copy text"));
  refusedBar_->AddButton(wxID_CLOSE, tr("Dismiss"));
  // Copying keeps the bar; closing it dismisses these changes for this session.
  refusedBar_->Bind(
      wxEVT_BUTTON, [this](wxCommandEvent&) { copyRefusedText(); }, kCopyRefusedId);
  refusedBar_->Bind(
      wxEVT_BUTTON, [this](wxCommandEvent&) { dismissRefused(); }, wxID_CLOSE);
}

void MainFrame::dismissRefused() {
  for (const doc::ChangeId& c : refusedShown_) refusedDismissed_.insert(c);
  refusedNotice_.clear();
  if (refusedBar_->IsShown()) refusedBar_->Dismiss();
  Layout();
}

wxWindow* MainFrame::refusedButton() {
  return refusedBar_ && refusedBar_->IsShown() ? refusedBar_->FindWindow(wxID_CLOSE) : nullptr;
}

void MainFrame::copyRefusedText() {
  if (refusedText_.empty() || !wxTheClipboard->Open()) return;
  wxTheClipboard->SetData(new wxTextDataObject(wx(refusedText_)));
  wxTheClipboard->Flush();
  wxTheClipboard->Close();
}

void MainFrame::updateRefusedNotice() {
  if (!hasReport() || !refusedBar_) return;
  std::vector<doc::ChangeId> shown;
  std::string copy;
  wxString text;
  try {
    SharedDoc::Lock lock(doc_);
    core::ActorUsers users = replica_->actorUsers();
    for (const doc::Ineffective& x : report_.doc->ineffective()) {
      if (core::authorUser(users, x.change.actor, x.author) != replica_->userName() ||
          refusedDismissed_.count(x.change))
        continue;
      std::string typed;
      if (auto bytes = replica_->changeBytes(report_.id, x.change)) {
        crdt::ActorTable scratch;
        typed = core::insertedText(doc::decodeChange(*bytes, scratch));
      }
      if (!text.empty()) text += "\n";
      text += wx(core::ineffectiveReason(*report_.doc, x, replica_->userName()));
      if (!typed.empty()) text += wx("：「" + shortened(typed) + "」");
      if (!typed.empty()) copy += typed + "\n";
      shown.push_back(x.change);
    }
    // Edits hidden by a table's removal that did not see them (core/project_tables.h): to
    // everyone, the remover (who can undo it) and the one who wrote them.
    for (const core::HiddenEdit& h : core::hiddenTableEdits(*replica_, report_)) {
      if (refusedDismissed_.count(h.change)) continue;
      if (!text.empty()) text += "\n";
      text += wx(core::describeHiddenEdit(h));
      shown.push_back(h.change);
    }
  } catch (const std::exception& e) {
    showNotice(errorText(e.what()));
    return;
  }
  refusedShown_ = shown;
  refusedText_ = copy;
  if (shown.empty()) {
    if (refusedBar_->IsShown()) refusedBar_->Dismiss();
    refusedNotice_.clear();
    Layout();
    return;
  }
  if (text == refusedNotice_ && refusedBar_->IsShown()) return;
  refusedNotice_ = text;
  refusedBar_->ShowMessage(text, wxICON_WARNING);
  Layout();
}

}  // namespace rs::gui
