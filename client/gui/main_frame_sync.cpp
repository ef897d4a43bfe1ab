// The main window's side of sync: the background worker for the open report, its status
// in the status bar, errors in the notice bar (never a message box, never a retry loop),
// and connecting to a server.
#include <set>

#include <wx/app.h>
#include <wx/statusbr.h>
#include <wx/weakref.h>

#include "core/rights_text.h"
#include "core/server_connection.h"
#include "core/sync.h"
#include "gui/main_frame.h"
#include "gui/ui_text.h"

namespace rs::gui {

namespace {

constexpr int kPollSeconds = 2;
// The last push when a report is closed: seconds to connect and to be answered (a push is
// answered in milliseconds on a county's network; this bounds a server that went away).
constexpr int kLastPushSeconds = 3;

// Worker messages are English and technical; the status bar gives the gist in the
// interface language and the notice the details.
wxString offlineReason(const std::string& message) {
  if (message.find("cannot reach") != std::string::npos) return tr("the server cannot be reached");
  if (message.find("answered 5") != std::string::npos) return tr("the server is busy");
  return tr("the server is not answering");
}

// A failed login or share, for the notice: the gist in the interface language, then the
// server's own words.
wxString connectError(const std::string& message, int status) {
  wxString gist;
  if (status == 401) gist = tr("wrong user name or password");
  if (status == 403) gist = tr("no access to this report");
  return gistAndDetail(gist, message);
}

}  // namespace

void MainFrame::startSync() {
  if (sync_ || !hasReport()) return;
  auto login = replica_->serverLogin();
  syncStatus_ = core::SyncStatus{};
  if (!login || login->token.empty()) return;  // works offline; 连接服务器 logs in
  commentsFetched_ = false;
  onlineSinceStart_ = false;
  syncStatus_.state = core::SyncStatus::kSyncing;
  // The weak reference is made, read and dropped on the UI thread only; the worker thread
  // copies the shared_ptr that holds it into each CallAfter.
  auto self = std::make_shared<wxWeakRef<MainFrame>>(this);
  sync_ = std::make_unique<core::SyncWorker>(
      *replica_, doc_.shared(),
      [self](const core::SyncStatus& status) {
        wxTheApp->CallAfter([self, status] {
          if (MainFrame* frame = self->get()) frame->onSyncStatus(status);
        });
      },
      kPollSeconds);
}

void MainFrame::stopSync() {
  sync_.reset();  // joins: at most one long poll
}

void MainFrame::stopSyncPushingLast() {
  const bool online = sync_ && onlineSinceStart_ && syncStatus_.state != core::SyncStatus::kError;
  stopSync();
  // The typing just committed, and edits made since the worker's last push, go out now
  // rather than wait in the store until this report is opened again: the colleagues and
  // the office see them today. Only when the worker was online (and so had pulled first):
  // a push answered in milliseconds, at most kLastPushSeconds a request if the server went
  // away meanwhile. What is not sent stays in the store, as the status bar counted it.
  if (online) core::pushBeforeClose(*replica_, report_.id, kLastPushSeconds);
}

void MainFrame::localChangeCommitted() {
  reviewTimer_.StartOnce(700);
  if (sync_ && syncStatus_.state != core::SyncStatus::kError) sync_->requestSync();
}

void MainFrame::syncNow() {
  if (!sync_) {
    startSync();
  } else {
    sync_->requestSync();  // also the retry after a fatal error
  }
  if (sync_) {
    syncStatus_.state = core::SyncStatus::kSyncing;
    hideNotice(NoticeKind::kSync);
  }
  updateStatus();
}

void MainFrame::onSyncStatus(const core::SyncStatus& status) {
  if (!sync_) return;  // from a worker already stopped
  ++syncStatusCount_;
  syncStatus_ = status;
  if (status.state == core::SyncStatus::kError) {
    showNotice(tr("Sync stopped: ") + errorText(status.message) + "  " +
                   tr("Log in again with Sync > Connect to server, or use Sync now to retry."),
               NoticeKind::kSync);
  } else if (status.state == core::SyncStatus::kOnline) {
    onlineSinceStart_ = true;
    hideNotice(NoticeKind::kSync);  // a refusal of 提交 stays until the user closes it
    // The bureau's comments on the latest submission reach the findings list without the
    // office opening 提交记录 (issue 17): fetched once per report opened and online.
    if (!commentsFetched_) {
      commentsFetched_ = true;
      loadSubmissions(false, /*quiet=*/true);
    }
  }
  if (saveAnswerDue_ && status.state != core::SyncStatus::kSyncing) {
    // Ctrl+S's answer: once the server has every change, or why not (an error: the notice).
    // The outbox is read again here: a status the worker made before Ctrl+S committed the
    // typing can arrive after it, saying 0 unsynced of an outbox that now holds the typing.
    if (status.state == core::SyncStatus::kOnline && status.unsynced == 0 &&
        replica_->outboxCount(report_.id) == 0) {
      SetStatusText(tr("Saved and synced with the server at ") + wx(clockText()), 3);
      saveAnswerDue_ = false;
    } else if (status.state != core::SyncStatus::kOnline) {
      if (status.state == core::SyncStatus::kOffline)
        SetStatusText(tr("Saved on this computer; the server cannot be reached now, the changes "
                         "are sent when it can"),
                      3);
      saveAnswerDue_ = false;
    }
  }
  if (!status.refused.empty()) {
    saveAnswerDue_ = false;  // the refusal is the answer
    SetStatusText(wxString::Format(tr("The server refused %zu changes: "), status.refused.size()) +
                      errorText(status.refused.front()),
                  3);
  }
  // Colleagues' changes are in the document now: commit typing (by element), show the
  // section's text with the caret kept, then the outline and the checks.
  if (hasReport()) {
    editor_->syncWithDocument();  // only when the document changed
    if (status.pulled > 0) {
      refreshAll();
      return;
    }
  }
  updateMenus();
  updateStatus();
}

// Another process on this profile (reportsync-cli, a second window) may have stored changes:
// they are applied to the open document in place and shown as a colleague's would be.
void MainFrame::onStoreWatch() {
  if (!hasReport()) {  // the first-run screen lists reports imported meanwhile
    updateWelcome();
    return;
  }
  bool changed;
  {
    SharedDoc::Lock lock(doc_);
    try {
      changed = replica_->catchUp(report_);
    } catch (const std::exception& e) {
      showNotice(tr("Could not read the store: ") + errorText(e.what()));
      storeWatchTimer_.Stop();
      return;
    }
  }
  if (!changed) return;
  editor_->syncWithDocument();
  refreshAll();
}

wxString MainFrame::syncStateText() const {
  if (connecting_) return tr("Connecting...");
  if (!sync_) return tr("Offline (not connected to a server)");
  switch (syncStatus_.state) {
    case core::SyncStatus::kSyncing:
      return tr("Syncing");
    case core::SyncStatus::kOnline:
      return tr("Online");
    case core::SyncStatus::kOffline:
      return tr("Offline") + wxString::FromUTF8("（") + offlineReason(syncStatus_.message) +
             wxString::FromUTF8("）");
    case core::SyncStatus::kError:
      return tr("Sync stopped (see the notice)");
  }
  return "";
}

wxString MainFrame::statusText(int field) {
  wxStatusBar* bar = GetStatusBar();
  return bar ? bar->GetStatusText(field) : wxString();
}

void MainFrame::showNotice(const wxString& text, NoticeKind kind) {
  SetStatusText(text, 3);
  noticeKind_ = kind;
  if (noticeText_ == text && notice_->IsShown()) return;
  noticeText_ = text;
  notice_->ShowMessage(text, wxICON_WARNING);
  Layout();
}

void MainFrame::hideNotice() {
  if (noticeText_.empty()) return;
  noticeText_.clear();
  noticeKind_ = NoticeKind::kOther;
  if (notice_->IsShown()) notice_->Dismiss();
  Layout();
}

void MainFrame::hideNotice(NoticeKind kind) {
  if (noticeKind_ == kind) hideNotice();
}

wxWindow* MainFrame::noticeButton() {
  return notice_->IsShown() ? notice_->FindWindow(wxID_CLOSE) : nullptr;
}

void MainFrame::connectToServer(const std::string& url, const std::string& user,
                                const std::string& password) {
  if (connecting_) return;
  if (editor_->hasUncommitted()) editor_->commit();
  connecting_ = true;
  hideNotice(NoticeKind::kSync);
  updateStatus();
  struct Outcome {
    std::string token, error, joined;
    size_t fetched = 0;  // reports shared with the user that this computer lacked
    int status = -1;
    bool shared = false;
    bool noneOnServer = false;  // logged in with no report open, and none shared with the user
  };
  std::string open = hasReport() ? report_.id : "";
  core::Replica* replica = replica_.get();
  // The network off the UI thread; the replica is safe to use from here (LMDB), and a
  // report joined here is not the one the window has open.
  worker_.post(this, "connect", [=, this]() {
    auto out = std::make_shared<Outcome>();
    try {
      core::LoginResult login = core::ServerConnection(url, "").login(user, password);
      out->token = login.token;
      core::ServerConnection server(url, login.token);
      if (!open.empty()) {
        try {
          server.report(open);  // already shared: joining is syncing it
        } catch (const core::SyncError& e) {
          if (e.status() != 404) throw;
          server.share(open);
          out->shared = true;
        }
      } else {
        // Every report shared with the user that this computer lacks is fetched, so that
        // the first-run list shows them all; the first new one (else the first) opens.
        std::vector<core::RemoteReport> remote = server.reports();
        out->noneOnServer = remote.empty();
        std::set<std::string> local;
        for (const core::ReportSummary& s : replica->list()) local.insert(s.id);
        for (const core::RemoteReport& report : remote) {
          if (local.count(report.id)) continue;
          core::OpenReport r = replica->openOrEmpty(report.id);
          core::syncReport(*replica, server, r);
          if (out->joined.empty()) out->joined = r.id;
          ++out->fetched;
        }
        if (out->joined.empty() && !remote.empty()) {
          core::OpenReport r = replica->openOrEmpty(remote.front().id);
          core::syncReport(*replica, server, r);
          out->joined = r.id;
        }
      }
    } catch (const core::SyncError& e) {
      out->error = e.what();
      out->status = e.status();
    } catch (const std::exception& e) {
      out->error = e.what();
    }
    return BackgroundWorker::Continuation([this, out, url, user] {
      connecting_ = false;
      if (!out->token.empty()) {
        stopSync();
        replica_->setServerLogin({url, user, out->token});
        editor_->refreshFromDocument();  // the user may have changed: read-only sections
      }
      if (!out->error.empty() && out->status == 0) {
        // Said once: the connection's own message repeats "无法连接服务器".
        showNotice(wxString::Format(tr("Nothing answers at %s: check the server address and "
                                       "the network."),
                                    wx(url)),
                   NoticeKind::kSync);
      } else if (!out->error.empty()) {
        showNotice(tr("Could not connect to the server: ") + connectError(out->error, out->status),
                   NoticeKind::kSync);
      } else if (out->noneOnServer) {
        showNotice(tr("Logged in, but no report on the server is shared with you yet: ask the "
                      "office to invite you, or start or import a report here."),
                   NoticeKind::kSync);
      } else if (out->shared) {
        // The sharer is the report's office in the document's rights, as with the CLI.
        try {
          SharedDoc::Lock lock(doc_);
          core::recordOffice(*replica_, report_, user);
        } catch (const std::exception& e) {
          showNotice(errorText(e.what()));
        }
        SetStatusText(tr("The report is now shared on the server"), 3);
      }
      if (out->fetched > 1) {
        // Several reports shared with the user (a writer in two departments' reports, the
        // office of several): the user chooses, the first fetched selected; the others stay
        // in 打开报告.
        updateStatus();                   // not 正在连接 behind the list
        chooseReportToOpen(out->joined);  // starts the worker
        SetStatusText(wxString::Format(tr("Joined %d reports shared on the server: File > Open "
                                          "report switches between them"),
                                       int(out->fetched)),
                      3);
      } else if (!out->joined.empty()) {
        openReport(out->joined);  // starts the worker
        // In place of an earlier login's notice, which the status bar's message still held.
        SetStatusText(tr("Joined the report shared on the server"), 3);
      } else {
        startSync();
        refreshAll();
      }
      updateMenus();
      updateStatus();
    });
  });
}

}  // namespace rs::gui
