// Submission to the finance bureau from the window: sync, then core::ServerConnection::
// submit, as `reportsync-cli submit` does, on the background thread (results through
// CallAfter behind the worker's weak reference). Warnings the server wants acknowledged
// are listed in a dialog with a checkbox each; only when every one is checked is the
// report submitted again with them acknowledged. Refusals for errors go to the notice bar
// (the findings list already shows the same checks). 提交记录 lists the submissions with the
// bureau's verdicts and the reviewer's comments on places of the report, and compares a
// submission with the one before it (与上次提交比较: the server's diff, fetched on the
// worker; the answer is dropped when the dialog is closed first).
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/dialog.h>
#include <wx/listctrl.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/weakref.h>

#include <algorithm>
#include <ctime>

#include "core/server_connection.h"
#include "core/sync.h"
#include "gui/finding_english.h"
#include "gui/findings_view.h"
#include "gui/main_frame.h"
#include "gui/submissions_dialog.h"
#include "gui/ui_text.h"
#include "report/findings.h"
#include "util/time_text.h"

namespace rs::gui {

namespace {

std::string timeText(int64_t ms) {
  return localTimeText(ms, "%Y-%m-%d %H:%M", "-");
}

wxString statusName(const std::string& status) {
  if (status == "submitted") return tr("awaiting review");
  if (status == "accepted") return tr("accepted");
  if (status == "returned") return tr("returned");
  return wx(status);
}

struct SubmitOutcome {
  std::string error;
  std::vector<std::string> refused;
  core::SubmitResult result;
};

}  // namespace

wxString MainFrame::submissionLine(const core::SubmissionStatus& s) {
  wxString line = wxString::Format("#%llu  ", (unsigned long long)s.id) + statusName(s.status) +
                  "  " + wx(timeText(s.timeMs)) + "  " + wx(s.submitter);
  if (!s.comment.empty()) line += "  " + tr("Comment: ") + wx(s.comment);
  for (const core::PlaceComment& c : s.comments)
    line += "  " + tr("Comment at ") + wx(c.label) + ": " + wx(c.text);
  return line;
}

namespace {

// The reviewer's comments on a submission, each with where it points, for the dialog.
wxString commentsText(const core::SubmissionStatus& s) {
  wxString text = wxString::Format("#%llu  ", (unsigned long long)s.id);
  if (!s.comment.empty()) text += tr("Comment: ") + wx(s.comment) + "\n";
  if (s.comments.empty()) return text + tr("No comments on places of the report.");
  text += wxString::Format(tr("Comments on places of the report (%d):"), int(s.comments.size()));
  for (const core::PlaceComment& c : s.comments)
    text += "\n\n" + wx(c.label) + "  (" + wx(c.reviewer) + "  " + wx(timeText(c.timeMs)) +
            ")\n    " + wx(c.text);
  return text;
}

// The open 提交记录 dialog's text below its list (UI thread only).
wxWeakRef<wxTextCtrl> openDetail;

}  // namespace

wxString submissionsDialogText() {
  return openDetail ? openDetail->GetValue() : wxString();
}

void MainFrame::submitReport(std::optional<std::string> scriptedReason) {
  auto login = replica_->serverLogin();
  if (!hasReport() || submitting_ || !login || login->token.empty()) return;
  if (editor_->hasUncommitted()) editor_->commit();
  submitWith({}, scriptedReason);
}

void MainFrame::submitWith(core::Explanations explanations,
                           std::optional<std::string> scriptedReason) {
  auto login = replica_->serverLogin();
  if (!login) return;
  submitting_ = true;
  submitText_ = tr("Submitting...");
  SetStatusText(submitText_, 3);
  updateMenus();
  std::string id = report_.id;
  core::Replica* replica = replica_.get();
  std::shared_ptr<core::SharedReport> shared = doc_.shared();
  worker_.post(this, "submit", [=, this, login = *login]() {
    auto out = std::make_shared<SubmitOutcome>();
    try {
      core::ServerConnection server(login.url, login.token);
      // What is submitted is this replica's document: the server must hold all of it.
      core::SyncReport s;
      core::pushOutbox(*replica, server, id, s);
      out->refused = s.refused;
      while (core::pullPage(*replica, server, *shared, 0, s)) {
      }
      if (out->refused.empty()) {
        crdt::VersionVector version;
        {
          std::lock_guard<std::mutex> lock(shared->mu);
          version = shared->report.doc->version();
        }
        out->result = server.submit(id, version, explanations);
      }
    } catch (const std::exception& e) {
      out->error = e.what();
    }
    return BackgroundWorker::Continuation([this, out, scriptedReason, explanations] {
      submitting_ = false;
      updateMenus();
      if (!out->error.empty()) {
        submitText_ = tr("Not submitted: ") + errorText(out->error);
        showNotice(submitText_, NoticeKind::kSubmit);
        return;
      }
      if (!out->refused.empty()) {
        submitText_ = tr("Not submitted: the server refused some of your changes: ") +
                      wx(out->refused.front());
        showNotice(submitText_, NoticeKind::kSubmit);
        return;
      }
      const core::SubmitResult& r = out->result;
      if (r.submitted) {
        hideNotice(NoticeKind::kSubmit);
        submitText_ =
            wxString::Format(tr("Submitted as #%llu, "), (unsigned long long)r.submission.id) +
            statusName(r.submission.status);
        SetStatusText(submitText_, 3);
        loadSubmissions(false);
        return;
      }
      std::vector<report::Finding> errors, warnings;
      for (const report::Finding& f : r.findings) {
        if (f.severity == report::Severity::kError) errors.push_back(f);
        if (f.severity == report::Severity::kWarning) warnings.push_back(f);
      }
      requestAnalysis(0);  // the findings list shows the same checks
      if (!errors.empty()) {
        submitText_ = wxString::Format(tr("Not submitted: %zu errors stand. "), errors.size()) +
                      wx(findingAlone(errors.front(), chineseInterface()));
        showNotice(submitText_, NoticeKind::kSubmit);
        return;
      }
      if (!warnings.empty() && explanations.empty()) {
        std::optional<core::Explanations> given;
        if (scriptedReason) {
          given.emplace();
          for (const report::Finding& f : warnings)
            (*given)[report::warningKey(f)] = *scriptedReason;
        } else {
          given = explainWarnings(warnings);
        }
        if (given) {
          submitWith(*given, scriptedReason);
          return;
        }
        submitText_ = tr("Not submitted: the warnings were not all explained");
        SetStatusText(submitText_, 3);
        return;
      }
      submitText_ = tr("Not submitted: ") + errorText(r.message);
      showNotice(submitText_, NoticeKind::kSubmit);
    });
  });
}

std::optional<core::Explanations> MainFrame::explainWarnings(
    const std::vector<report::Finding>& warnings) {
  wxDialog dialog(this, wxID_ANY, tr("Explain the warnings"), wxDefaultPosition, wxDefaultSize,
                  wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(new wxStaticText(&dialog, wxID_ANY,
                              tr("Before submitting, read each warning and write why the report "
                                 "is right as it stands (the bureau reads it):")),
             0, wxALL, 10);
  auto* scroll = new wxScrolledWindow(&dialog, wxID_ANY, wxDefaultPosition, wxSize(680, 340));
  auto* list = new wxBoxSizer(wxVERTICAL);
  std::vector<wxTextCtrl*> reasons;
  for (const report::Finding& f : warnings) {
    auto* label = new wxStaticText(scroll, wxID_ANY, wx(findingAlone(f, chineseInterface())));
    label->Wrap(640);
    list->Add(label, 0, wxLEFT | wxRIGHT | wxTOP, 6);
    auto* reason = new wxTextCtrl(scroll, wxID_ANY);
    reason->SetHint(tr("Reason (at least 4 characters)"));
    list->Add(reason, 0, wxALL | wxEXPAND, 6);
    reasons.push_back(reason);
  }
  scroll->SetSizer(list);
  scroll->SetScrollRate(0, 10);
  sizer->Add(scroll, 1, wxLEFT | wxRIGHT | wxEXPAND, 10);
  wxSizer* buttons = dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL);
  sizer->Add(buttons, 0, wxALL | wxEXPAND, 8);
  dialog.SetSizerAndFit(sizer);
  wxWindow* ok = dialog.FindWindow(wxID_OK);
  auto complete = [reasons] {
    for (wxTextCtrl* r : reasons)
      if (!report::isExplanation(utf8(r->GetValue()))) return false;
    return true;
  };
  for (wxTextCtrl* r : reasons)
    r->Bind(wxEVT_TEXT, [ok, complete](wxCommandEvent&) {
      if (ok) ok->Enable(complete());
    });
  if (ok) ok->Enable(false);
  if (!reasons.empty()) reasons.front()->SetFocus();
  if (dialog.ShowModal() != wxID_OK || !complete()) return std::nullopt;
  core::Explanations out;
  for (size_t i = 0; i < warnings.size(); ++i)
    out[report::warningKey(warnings[i])] = utf8(reasons[i]->GetValue());
  return out;
}

void MainFrame::loadSubmissions(bool showDialog, bool quiet) {
  auto login = replica_->serverLogin();
  if (!hasReport() || !login || login->token.empty()) return;
  std::string id = report_.id;
  loadingSubmissions_ = true;
  worker_.post(this, "submissions", [=, this, login = *login]() {
    auto list = std::make_shared<std::vector<core::SubmissionStatus>>();
    auto error = std::make_shared<std::string>();
    try {
      *list = core::ServerConnection(login.url, login.token).submissions(id);
    } catch (const std::exception& e) {
      *error = e.what();
    }
    return BackgroundWorker::Continuation([this, id, list, error, showDialog, quiet] {
      loadingSubmissions_ = false;
      if (!hasReport() || report_.id != id) return;  // another report opened meanwhile
      if (!error->empty()) {
        if (!quiet) showNotice(tr("Could not list the submissions: ") + errorText(*error));
        return;
      }
      submissionsText_.clear();
      for (const core::SubmissionStatus& s : *list) submissionsText_ += submissionLine(s) + "\n";
      // The latest submission's comments on places, in the findings list: what the office
      // works on after a return (an older one's were answered by the resubmission).
      std::vector<ReviewComment> comments;
      auto latest = std::max_element(list->begin(), list->end(),
                                     [](const auto& a, const auto& b) { return a.id < b.id; });
      if (latest != list->end())
        for (const core::PlaceComment& c : latest->comments)
          comments.push_back({placeOfComment(c.place, c.label), c.reviewer, c.text});
      findings_->showComments(std::move(comments));
      if (showDialog) showSubmissions(*list);
    });
  });
}

void MainFrame::showSubmissions(const std::vector<core::SubmissionStatus>& list) {
  wxDialog dialog(this, wxID_ANY, tr("Submissions"), wxDefaultPosition, wxSize(820, 560),
                  wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
  auto* view = new wxListCtrl(&dialog, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                              wxLC_REPORT | wxLC_SINGLE_SEL);
  view->AppendColumn(tr("No."), wxLIST_FORMAT_LEFT, 50);
  view->AppendColumn(tr("Status"), wxLIST_FORMAT_LEFT, 80);
  view->AppendColumn(tr("Submitted at"), wxLIST_FORMAT_LEFT, 140);
  view->AppendColumn(tr("Submitter"), wxLIST_FORMAT_LEFT, 90);
  view->AppendColumn(tr("Reviewer"), wxLIST_FORMAT_LEFT, 90);
  view->AppendColumn(tr("Comment"), wxLIST_FORMAT_LEFT, 340);
  for (size_t i = 0; i < list.size(); ++i) {
    const core::SubmissionStatus& s = list[i];
    long item = view->InsertItem(long(i), wxString::Format("#%llu", (unsigned long long)s.id));
    view->SetItem(item, 1, statusName(s.status));
    view->SetItem(item, 2, wx(timeText(s.timeMs)));
    view->SetItem(item, 3, wx(s.submitter));
    view->SetItem(item, 4, wx(s.reviewer));
    view->SetItem(item, 5, wx(s.comment));
  }
  if (list.empty()) view->InsertItem(0, tr("No submissions yet"));
  // Below the list: the selected submission's comments, or what changed since the one
  // before it (与上次提交比较, fetched on the worker thread).
  auto* detail = new wxTextCtrl(&dialog, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                                wxTE_MULTILINE | wxTE_READONLY);
  openDetail = detail;
  auto* compare = new wxButton(&dialog, wxID_ANY, tr("&Compare with the previous submission"));
  auto selected = std::make_shared<size_t>(list.empty() ? 0 : list.size() - 1);
  auto select = [&list, detail, compare, selected](size_t i) {
    *selected = i;
    detail->SetValue(commentsText(list[i]));
    compare->Enable(i > 0);
  };
  if (list.empty()) {
    compare->Enable(false);
  } else {
    view->SetItemState(long(*selected), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                       wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    select(*selected);
  }
  view->Bind(wxEVT_LIST_ITEM_SELECTED, [&list, select](wxListEvent& e) {
    if (e.GetIndex() >= 0 && size_t(e.GetIndex()) < list.size()) select(size_t(e.GetIndex()));
  });
  compare->Bind(wxEVT_BUTTON, [this, &list, &dialog, detail, selected](wxCommandEvent&) {
    auto login = replica_->serverLogin();
    if (*selected == 0 || !login) return;
    uint64_t from = list[*selected - 1].id, to = list[*selected].id;
    detail->SetValue(wxString::Format(tr("Fetching the changes from #%llu to #%llu..."),
                                      (unsigned long long)from, (unsigned long long)to));
    std::string id = report_.id;
    // Owned by the dialog: when it is closed first, the answer is dropped.
    worker_.post(&dialog, "submission-diff", [=, login = *login]() {
      auto text = std::make_shared<std::string>();
      auto error = std::make_shared<std::string>();
      try {
        *text = core::ServerConnection(login.url, login.token).submissionDiff(id, from, to);
      } catch (const std::exception& e) {
        *error = e.what();
      }
      return BackgroundWorker::Continuation([detail, text, error] {
        detail->SetValue(error->empty() ? wx(*text)
                                        : tr("Could not fetch the changes: ") + errorText(*error));
      });
    });
  });
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(view, 1, wxALL | wxEXPAND, 8);
  sizer->Add(detail, 1, wxLEFT | wxRIGHT | wxEXPAND, 8);
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  buttons->Add(compare, 0, wxALIGN_CENTER_VERTICAL);
  buttons->AddStretchSpacer();
  buttons->Add(dialog.CreateStdDialogButtonSizer(wxOK), 0, wxALIGN_CENTER_VERTICAL);
  sizer->Add(buttons, 0, wxALL | wxEXPAND, 8);
  dialog.SetSizer(sizer);
  dialog.ShowModal();
}

}  // namespace rs::gui
