// The centre text: one section's body in a wxStyledTextCtrl. Its modification events
// become inserts and deletes at exact code-point positions, buffered while the person
// types and committed as one change through Replica::edit when they pause (or after a
// couple of seconds of continuous typing), so that little is ever at risk.
//
// The sync worker may merge colleagues' changes into the document at any moment (under
// the shared report's mutex, which the editor holds while it reads or changes the
// document). The editor remembers the elements it shows, one per code point; typing
// committed after the document changed underneath is applied by element (see
// applyTypingByElement), and the caret is kept by element when the text is refreshed.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/stc/stc.h>
#include <wx/timer.h>

#include "core/replica.h"
#include "gui/report_lock.h"
#include "gui/text_ops.h"

namespace rs::gui {

class SectionEditor : public wxPanel {
 public:
  SectionEditor(wxWindow* parent, core::Replica& replica, SharedDoc& doc);

  // Shows a section (commits what was typed in the previous one first).
  void showSection(std::optional<doc::OpId> section);
  std::optional<doc::OpId> section() const { return section_; }

  // Commits buffered typing now. Returns false when the commit failed (the editor then
  // shows the document again).
  bool commit();
  bool hasUncommitted() const { return !buffer_.empty(); }

  // Before the document changes under the editor (a merge, an undo): commit typing and
  // remember the caret and selection by the elements beside them.
  struct Anchors {
    TextAnchor caret, anchor;
  };
  Anchors captureAnchors();
  // After: show the section's text as the document has it now, changing only the part
  // that differs, with the caret and selection moved to where their elements went.
  void refreshFromDocument(const Anchors& anchors);
  void refreshFromDocument() { refreshFromDocument(captureAnchors()); }
  // Whether the document changed since the editor last showed it (a merge, an edit made
  // elsewhere in the window); syncWithDocument() commits typing and shows it.
  bool documentChanged();
  void syncWithDocument();
  // The section is assigned to someone else: the text is read-only.
  bool readOnly() const { return readOnly_; }
  // Whether this user may edit section `id` here (the rule readOnly() follows): assigned to
  // them or to no one, or they are the office; and the rights let them write it.
  bool mayEdit(doc::OpId id);

  // Code-point caret position.
  size_t caretPosition() const;
  void setCaretPosition(size_t cp);

  wxStyledTextCtrl* text() { return stc_; }
  wxString headerText() const { return header_->GetLabel(); }
  // Counters for the typing benchmark and tests.
  size_t recordedEdits() const { return recorded_; }
  size_t commits() const { return commits_; }
  double lastCommitMs() const { return lastCommitMs_; }
  void setGroupDelay(int ms) { groupMs_ = ms; }

  // Called after each committed change; `keystrokes` edits went into it.
  std::function<void(size_t keystrokes)> onCommitted;
  // Called with a message (Chinese in the Chinese interface) when typing could not be
  // recorded or saved; the main window shows it in the notice bar.
  std::function<void(const wxString& message)> onError;
  // Called for every recorded edit (for the typing benchmark).
  std::function<void()> onEditRecorded;

 private:
  // onError, or a wxLogError box when no window listens.
  void showError(const wxString& message);
  void onModified(wxStyledTextEvent& event);
  // Styles the lines Scintilla is about to show so that they wrap only where a line may
  // break (gui/line_breaks.h): no line starts with ，。、.
  void onStyleNeeded(wxStyledTextEvent& event);
  void onGroupTimer(wxTimerEvent&);
  void updateHeader();
  void loadText();
  // The editor now shows the document as it is.
  void markShown();
  Anchors anchorsFromShown();

  core::Replica& replica_;
  SharedDoc& shared_;
  core::OpenReport& report_;
  std::optional<doc::OpId> section_;
  wxStaticText* header_;
  wxStyledTextCtrl* stc_;
  wxTimer groupTimer_;
  int groupMs_ = 400;
  static constexpr int kMaxGroupMs = 2000;
  std::chrono::steady_clock::time_point firstUncommitted_;
  TypingBuffer buffer_;
  bool applyingDocument_ = false;  // our own changes to the control: not typing
  bool readOnly_ = false;
  // What the control shows: the element of each code point (when no typing is buffered),
  // and the document (and its heads) it was taken from.
  std::vector<doc::OpId> shownIds_;
  const doc::Document* shownDoc_ = nullptr;
  std::vector<doc::ChangeId> shownHeads_;
  size_t recorded_ = 0, commits_ = 0;
  double lastCommitMs_ = 0;
};

}  // namespace rs::gui
