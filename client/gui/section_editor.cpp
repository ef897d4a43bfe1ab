#include "gui/section_editor.h"

#include <wx/log.h>
#include <wx/sizer.h>
#include <wx/toplevel.h>

#include "docreport/render.h"
#include "gui/line_breaks.h"
#include "gui/ui_text.h"
#include "util/utf8.h"

namespace rs::gui {

namespace {

std::string_view contents(const wxStyledTextCtrl* stc) {
  return {stc->GetCharacterPointer(), size_t(stc->GetLength())};
}

}  // namespace

SectionEditor::SectionEditor(wxWindow* parent, core::Replica& replica, SharedDoc& doc)
    : wxPanel(parent), replica_(replica), shared_(doc), report_(doc.report()), groupTimer_(this) {
  header_ = new wxStaticText(this, wxID_ANY, "");
  wxFont bold = header_->GetFont();
  bold.SetPointSize(bold.GetPointSize() + 2);
  bold.MakeBold();
  header_->SetFont(bold);

  stc_ = new wxStyledTextCtrl(this, wxID_ANY);
  stc_->SetCodePage(wxSTC_CP_UTF8);
  stc_->SetEOLMode(wxSTC_EOL_LF);
  stc_->SetPasteConvertEndings(true);
  stc_->SetWrapMode(wxSTC_WRAP_WORD);
  stc_->SetMarginWidth(1, 0);
  stc_->SetMarginWidth(0, 0);
  stc_->SetMarginLeft(8);
  stc_->SetExtraAscent(4);
  stc_->SetExtraDescent(4);
  stc_->SetIMEInteraction(wxSTC_IME_INLINE);
  wxFont font(wxFontInfo(13).FaceName("Noto Serif CJK SC"));
  if (!font.IsOk()) font = wxFont(wxFontInfo(13));
  stc_->StyleSetFont(wxSTC_STYLE_DEFAULT, font);
  stc_->StyleClearAll();  // styles 0 and 1 look the same: they only mark where lines may break
  stc_->SetLexer(wxSTC_LEX_CONTAINER);
  // The document keeps the history: the control's own undo would undo others' edits too.
  stc_->SetUndoCollection(false);
  stc_->UsePopUp(wxSTC_POPUP_NEVER);
  stc_->SetModEventMask(wxSTC_MOD_INSERTTEXT | wxSTC_MOD_BEFOREDELETE);

  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(header_, 0, wxALL | wxEXPAND, 6);
  sizer->Add(stc_, 1, wxEXPAND);
  SetSizer(sizer);

  stc_->Bind(wxEVT_STC_MODIFIED, &SectionEditor::onModified, this);
  stc_->Bind(wxEVT_STC_STYLENEEDED, &SectionEditor::onStyleNeeded, this);
  // Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z are the window's undo and redo of one's own changes.
  // The control takes key events before the menu's accelerators see them, so they are
  // sent on to the menu commands from here (and never reach the control's own bindings).
  stc_->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& event) {
    int mods = event.GetModifiers();
    int code = event.GetKeyCode();
    int id = wxID_NONE;
    if (mods == wxMOD_CONTROL && code == 'Z') id = wxID_UNDO;
    if ((mods == wxMOD_CONTROL && code == 'Y') ||
        (mods == (wxMOD_CONTROL | wxMOD_SHIFT) && code == 'Z'))
      id = wxID_REDO;
    if (id == wxID_NONE) {
      event.Skip();
      return;
    }
    wxCommandEvent command(wxEVT_MENU, id);
    wxPostEvent(wxGetTopLevelParent(this), command);
  });
  Bind(wxEVT_TIMER, &SectionEditor::onGroupTimer, this, groupTimer_.GetId());
}

void SectionEditor::onStyleNeeded(wxStyledTextEvent& event) {
  // From the start of the first line not yet styled to the end of the line Scintilla asks
  // for: a line's styles depend only on its own text.
  int start = stc_->PositionFromLine(stc_->LineFromPosition(stc_->GetEndStyled()));
  int end = stc_->GetLineEndPosition(stc_->LineFromPosition(event.GetPosition()));
  if (end <= start) return;
  std::string styles =
      lineBreakStyles(std::string_view(stc_->GetCharacterPointer() + start, size_t(end - start)));
  stc_->StartStyling(start);
  stc_->SetStyleBytes(end - start, styles.data());
}

void SectionEditor::showSection(std::optional<doc::OpId> section) {
  SharedDoc::Lock lock(shared_);
  commit();
  section_ = section;
  if (section_ && !report_.doc->section(*section_)) section_.reset();
  loadText();
  updateHeader();
}

void SectionEditor::loadText() {
  SharedDoc::Lock lock(shared_);
  applyingDocument_ = true;
  stc_->SetReadOnly(false);
  if (section_)
    stc_->SetTextRaw(report_.doc->section(*section_)->text.utf8().c_str());
  else
    stc_->ClearAll();
  stc_->EmptyUndoBuffer();
  applyingDocument_ = false;
  stc_->GotoPos(0);
  markShown();
}

void SectionEditor::markShown() {
  shownDoc_ = report_.doc.get();
  shownHeads_ = report_.doc ? report_.doc->heads() : std::vector<doc::ChangeId>{};
  const doc::Section* s = section_ && report_.doc ? report_.doc->section(*section_) : nullptr;
  shownIds_ = s ? visibleIds(s->text) : std::vector<doc::OpId>{};
}

bool SectionEditor::documentChanged() {
  SharedDoc::Lock lock(shared_);
  return report_.doc.get() != shownDoc_ || (report_.doc && report_.doc->heads() != shownHeads_);
}

void SectionEditor::syncWithDocument() {
  SharedDoc::Lock lock(shared_);
  if (!documentChanged()) return;  // typing keeps its grouping
  refreshFromDocument(captureAnchors());
}

bool SectionEditor::mayEdit(doc::OpId id) {
  SharedDoc::Lock lock(shared_);
  const doc::Section* s = report_.doc->section(id);
  if (!s) return false;
  // Assignees are "zhang,li"; a section the document's rights (doc/rights.cpp) do not let
  // this user write is read-only too, so that no typing is made that cannot take effect.
  bool mine = false;
  for (const auto& e : s->assignee.entries())
    mine |= ("," + e.value + ",").find("," + replica_.userName() + ",") != std::string::npos;
  // The office (and the report's owner, who is its office) still edits an assigned section.
  bool office = report_.doc->rightsRecorded() && report_.doc->isOffice(replica_.userName());
  bool assigned = !core::registerText(s->assignee).empty();
  return (!assigned || mine || office) && report_.doc->mayWriteSection(replica_.userName(), id);
}

void SectionEditor::updateHeader() {
  SharedDoc::Lock lock(shared_);
  if (!section_) {
    header_->SetLabel(tr("No section selected"));
    readOnly_ = true;
    stc_->SetReadOnly(true);
    return;
  }
  const doc::Section* s = report_.doc->section(*section_);
  std::string label;
  for (const auto& entry : report_.doc->outline())
    if (entry.id == *section_) label = core::headingLabel(entry.number);
  label += core::registerText(s->title);
  std::string assignee = core::registerText(s->assignee);
  wxString text = wx(label);
  bool mayWrite = report_.doc->mayWriteSection(replica_.userName(), *section_);
  bool readOnly = !mayEdit(*section_);
  readOnly_ = readOnly;
  if (!assignee.empty()) text += "    " + tr("Assignee: ") + wx(assignee);
  if (readOnly && mayWrite) text += "  " + tr("(read-only: assigned to someone else)");
  if (!mayWrite) text += "  " + tr("(read-only: not assigned to you)");
  header_->SetLabel(text);
  stc_->SetReadOnly(readOnly);
  Layout();
}

void SectionEditor::showError(const wxString& message) {
  if (onError)
    onError(message);
  else
    wxLogError("%s", message);
}

void SectionEditor::onModified(wxStyledTextEvent& event) {
  event.Skip();
  if (applyingDocument_ || !section_) return;
  int type = event.GetModificationType();
  size_t pos = size_t(event.GetPosition());
  size_t len = size_t(event.GetLength());
  bool wasEmpty = buffer_.empty();
  try {
    std::string_view all = contents(stc_);
    if (type & wxSTC_MOD_BEFOREDELETE) {
      buffer_.erase(codePointsBefore(all, pos), codePointsBefore(all.substr(pos), len));
    } else if (type & wxSTC_MOD_INSERTTEXT) {
      buffer_.insert(codePointsBefore(all, pos), utf8ToU32(all.substr(pos, len)));
    } else {
      return;
    }
  } catch (const std::exception& e) {
    showError(errorText(e.what()));
    buffer_.clear();
    CallAfter([this] { loadText(); });
    return;
  }
  ++recorded_;
  if (onEditRecorded) onEditRecorded();
  auto now = std::chrono::steady_clock::now();
  if (wasEmpty) firstUncommitted_ = now;
  if (groupMs_ <= 0) {
    commit();
  } else if (now - firstUncommitted_ >= std::chrono::milliseconds(kMaxGroupMs)) {
    CallAfter([this] { commit(); });
  } else {
    groupTimer_.StartOnce(groupMs_);
  }
}

void SectionEditor::onGroupTimer(wxTimerEvent&) {
  commit();
}

bool SectionEditor::commit() {
  groupTimer_.Stop();
  if (buffer_.empty() || !section_) return true;
  SharedDoc::Lock lock(shared_);
  size_t keystrokes = buffer_.keystrokes();
  auto start = std::chrono::steady_clock::now();
  bool changedUnderneath = false;
  try {
    if (report_.doc.get() == shownDoc_ && report_.doc->heads() == shownHeads_) {
      // The usual case: the document is as the typing began; positions are exact.
      // The shown elements follow the edits (cheaper than listing them all again).
      const doc::Section* s = report_.doc->section(*section_);
      bool follow = s && shownIds_.size() == s->text.size();
      replica_.edit(report_, [&](doc::LocalEdit& e) {
        for (const TextEdit& t : buffer_.edits()) {
          if (t.insert) {
            e.insertText(*section_, t.pos, t.text);
            if (!follow) continue;
            const crdt::Sequence& text = report_.doc->section(*section_)->text;
            std::vector<doc::OpId> ids;
            for (size_t k = 0; k < t.text.size(); ++k) ids.push_back(text.idAt(t.pos + k));
            shownIds_.insert(shownIds_.begin() + ptrdiff_t(t.pos), ids.begin(), ids.end());
          } else {
            e.deleteText(*section_, t.pos, t.length);
            if (follow)
              shownIds_.erase(shownIds_.begin() + ptrdiff_t(t.pos),
                              shownIds_.begin() + ptrdiff_t(t.pos + t.length));
          }
        }
      });
      if (follow) {
        shownHeads_ = report_.doc->heads();
      } else {
        markShown();
      }
    } else if (report_.doc.get() == shownDoc_) {
      // Colleagues' edits were merged meanwhile: apply the typing by element.
      std::u32string editorText = utf8ToU32(contents(stc_));
      std::vector<doc::OpId> ids;
      replica_.edit(report_, [&](doc::LocalEdit& e) {
        ids = applyTypingByElement(e, *report_.doc, *section_, shownIds_, buffer_, editorText);
      });
      shownIds_ = std::move(ids);  // the control's text, by element; the document differs
      changedUnderneath = true;
    } else {
      throw std::runtime_error("the report was reloaded while typing");
    }
    buffer_.clear();
    ++commits_;
    lastCommitMs_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  } catch (const std::exception& e) {
    buffer_.clear();
    showError(tr("Could not save the typing: ") + errorText(e.what()));
    loadText();
    return false;
  }
  // Show the merged text once out of the control's own event (commit may run inside it).
  if (changedUnderneath) CallAfter([this] { syncWithDocument(); });
  if (onCommitted) onCommitted(keystrokes);
  return true;
}

SectionEditor::Anchors SectionEditor::anchorsFromShown() {
  std::string_view all = contents(stc_);
  size_t caret = codePointsBefore(all, size_t(stc_->GetCurrentPos()));
  size_t anchor = codePointsBefore(all, size_t(stc_->GetAnchor()));
  if (buffer_.empty() && report_.doc.get() == shownDoc_ &&
      shownIds_.size() == codePointsBefore(all, all.size())) {
    auto at = [&](size_t cp) { return cp == 0 ? TextAnchor{} : TextAnchor{shownIds_[cp - 1]}; };
    return {at(caret), at(anchor)};
  }
  if (!section_ || !report_.doc || !report_.doc->section(*section_)) return {};
  const crdt::Sequence& text = report_.doc->section(*section_)->text;
  return {anchorAt(text, caret), anchorAt(text, anchor)};
}

SectionEditor::Anchors SectionEditor::captureAnchors() {
  SharedDoc::Lock lock(shared_);
  commit();
  if (!section_ || !report_.doc->section(*section_)) return {};
  return anchorsFromShown();
}

void SectionEditor::refreshFromDocument(const Anchors& anchors) {
  SharedDoc::Lock lock(shared_);
  if (section_ && !report_.doc->section(*section_)) {
    showSection(std::nullopt);
    return;
  }
  if (!section_) {
    markShown();
    return;
  }
  const crdt::Sequence& text = report_.doc->section(*section_)->text;
  std::string before(contents(stc_));
  std::string after = text.utf8();
  if (before != after) {
    TextDiff d = diffText(utf8ToU32(before), text.text());
    bool readOnly = stc_->GetReadOnly();
    applyingDocument_ = true;
    stc_->SetReadOnly(false);
    stc_->SetTargetStart(int(byteOffsetOf(before, d.start)));
    stc_->SetTargetEnd(int(byteOffsetOf(before, d.start + d.removed)));
    std::string inserted = u32ToUtf8(d.inserted);
    stc_->ReplaceTargetRaw(inserted.data(), int(inserted.size()));
    stc_->SetReadOnly(readOnly);
    applyingDocument_ = false;
  }
  stc_->SetAnchor(int(byteOffsetOf(after, positionOf(text, anchors.anchor))));
  stc_->SetCurrentPos(int(byteOffsetOf(after, positionOf(text, anchors.caret))));
  markShown();
  updateHeader();
}

size_t SectionEditor::caretPosition() const {
  return codePointsBefore(contents(stc_), size_t(stc_->GetCurrentPos()));
}

void SectionEditor::setCaretPosition(size_t cp) {
  int byte = int(byteOffsetOf(contents(stc_), cp));
  stc_->GotoPos(byte);
}

}  // namespace rs::gui
