// The main window: outline (left), the section's text above the attached tables (centre),
// findings (bottom), status bar and menus. Holds the replica and the open report; all
// logic lives in client/core and common, reached the same way the command line does.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <wx/frame.h>
#include <wx/infobar.h>  // also declares wxInfoBarGeneric
#include <wx/notebook.h>
#include <wx/splitter.h>
#include <wx/timer.h>

#include "core/project_tables.h"
#include "core/replica.h"
#include "core/server_connection.h"
#include "core/sync_worker.h"
#include "gui/app_options.h"
#include "gui/background_worker.h"
#include "gui/find_bar.h"
#include "gui/findings_view.h"
#include "gui/outline_view.h"
#include "gui/report_analysis.h"
#include "gui/report_lock.h"
#include "gui/review_panel.h"
#include "gui/section_editor.h"
#include "gui/table_grid.h"
#include "gui/welcome_panel.h"

namespace rs::gui {

// The local time of day now, "HH:MM:SS", for the status bar.
std::string clockText();

class MainFrame : public wxFrame {
 public:
  MainFrame(std::unique_ptr<core::Replica> replica, const AppOptions& options);
  ~MainFrame() override;

  // What a notice refused or reports. A later success of the same kind clears it (a sync
  // working again, the refused action done after all: a table added, a redo); kOther
  // only the user's 知道了 clears (issue 12 item 2).
  enum class NoticeKind {
    kOther,
    kSync,        // a sync or connection error
    kSubmit,      // 提交 refused
    kTables,      // 新增/删除项目支出绩效自评表 refused
    kProperties,  // 报告属性 refused
    kPassword,    // 修改密码
    kCell,        // a cell's figure not taken (typed, 采用计算值)
    kUndo,        // an undo or redo refused
    kRows,        // 插入行 / 删除行 refused
    kExport,      // 导出 or 生成数据包 not written
  };
  // A message in the notice bar, staying until the user presses its 知道了, another
  // replaces it, or a success of its kind clears it.
  void showNotice(const wxString& text, NoticeKind kind = NoticeKind::kOther);
  // Hides the notice bar (its 知道了 button does this).
  void hideNotice();
  // Hides the notice bar when what it shows is of `kind` (that kind of action succeeded).
  void hideNotice(NoticeKind kind);
  // The bar's 知道了 button while the bar is shown, else nullptr.
  wxWindow* noticeButton();
  // The 未生效 bar's 知道了 button while that bar is shown, else nullptr.
  wxWindow* refusedButton();
  // Opens a report (commits typing in the one open before); its tables replace every
  // table tab of the one before.
  void openReport(const core::ReportId& id);
  // The first-run screen is shown (no report open).
  bool welcomeShown() const { return welcome_->IsShown(); }
  WelcomePanel* welcome() { return welcome_; }
  // 打开报告: the store's reports in a list; the chosen one is opened. `preferred` is
  // selected first, and opened on 取消 when no report is open (a join that fetched several).
  void chooseReportToOpen(const core::ReportId& preferred = {});
  // The table tabs' keys, in tab order.
  std::vector<std::string> tableKeys() const;
  bool hasReport() const { return report_.doc != nullptr; }
  const core::OpenReport& report() const { return report_; }
  core::Replica& replica() { return *replica_; }

  // ---- for menus, the test script and the benchmark ----
  bool selectSection(const std::string& outlineNumber);
  void showTable(const std::string& key);
  void goTo(const FindingPlace& place);
  void undo();
  // 采用计算值: the computed figure of each finding written over the written one, in one
  // change; `ask`: confirm once first (全部采用计算值).
  void acceptComputed(const std::vector<report::Finding>& findings, bool ask);
  void redo();
  // Changes from elsewhere (a bundle now; the sync client later): merged, and shown in
  // the open editor without moving its caret.
  core::MergeResult mergeHistory(std::string_view history);
  void mergeBundleFile(const std::string& path);
  // 报告属性: title, department, year (2000..2100), as the office; a refusal or bad input
  // goes to the notice bar and changes nothing. False when not changed.
  bool setReportProperties(const std::string& title, const std::string& department,
                           const std::string& year);
  // 生成数据包: every change of the open report in a bundle file (as `reportsync-cli
  // bundle`), written to a temporary file, then renamed. Throws runtime_error.
  void writeBundle(const std::string& path);
  // The checks and tables are being recomputed (or about to be).
  bool analysisPending() const;
  const Analysis& analysis() const { return analysis_; }
  SectionEditor* editor() { return editor_; }
  FindingsView* findings() { return findings_; }
  OutlineView* outline() { return outline_; }
  TableGrid* grid(const std::string& key);
  // 插入行 / 删除行 (main_frame_rows.cpp). The group a row may be added to beside a grid
  // row ("" when the template allows none); adding returns the new row's key ("" on error).
  std::string addGroupFor(const std::string& table, const std::string& row,
                          const std::string& group, const std::string& block);
  // `after`, `label`, `cells`: as core::addTableRow (under that row, named so, those cells
  // written; "" and {} for none).
  std::string addTableRow(const std::string& table, const std::string& group,
                          const std::string& after = "", const std::string& label = "",
                          const std::map<std::string, std::string>& cells = {});
  // 插入行 from the menu: asks for the new row's name (三级指标 for indicators), then adds it
  // under `after`; nothing happens when the user cancels.
  void askAndAddRow(const std::string& table, const std::string& group, const std::string& after);
  bool deleteTableRow(const std::string& table, const std::string& row);
  // Whether the user may delete the row now: an added row of theirs in a table they may
  // write, or any added row for the office; never a template row (doc/rights.cpp).
  bool mayDeleteRow(const std::string& table, const std::string& row);
  // 新增 / 删除项目支出绩效自评表 (main_frame_office.cpp), the office's: as
  // core::addProjectTable / removeProjectTable, a refusal or bad input in the notice bar.
  // Adding returns the new table's key ("" when refused) and shows its tab once built.
  std::string addProjectTable(const std::string& name, const core::ProjectMoney& money);
  bool removeProjectTable(const std::string& key);
  // The dialog asking a project's name and 项目资金 figures, then adds its table.
  void askAndAddProjectTable();
  // Asks once, naming the project, then removes table `key` ("": the shown tab's table, or
  // one chosen from a list of the project tables).
  void askAndRemoveProjectTable(std::string key);
  // The attached tables' context menu in the outline (`key`: the table right-clicked, ""
  // for the group): 新增项目支出绩效自评表, and 删除 for a project table.
  void showTablesMenu(const std::string& key);
  // How many times that menu has been shown (the test script waits for it).
  int tablesMenusShown() const { return tablesMenusShown_; }
  // 导出: format docx|pdf|html|txt, written off the UI thread (temp file, then rename);
  // `then` runs on the UI thread once the file is written.
  void exportReport(const std::string& format, const std::string& path,
                    std::function<void()> then = {});
  // The name the save dialogs suggest: the report's title with its year (gui/export_name.h).
  wxString suggestedFileName(const std::string& extension);

  // ---- find, replace, print (main_frame_find.cpp) ----
  // Ctrl+F / Ctrl+H: the find bar (with the replace row).
  void openFind(bool replace);
  // Selects the next match of `what` in the section text (outline order, wrapping);
  // false when the report has none.
  bool findNext(const wxString& what);
  // Replaces the selected match (if the selection is one), then finds the next.
  bool replaceCurrent(const wxString& what, const wxString& with);
  // Replaces every match in the sections the user may write; returns how many.
  size_t replaceAll(const wxString& what, const wxString& with);
  // Ctrl+P: the PDF layout to a temporary file, opened for printing.
  void printReport();
  const std::string& lastPrintPdf() const { return lastPrintPdf_; }
  int exportsPending() const { return exportsPending_; }
  const std::string& exportError() const { return exportError_; }

  // ---- import (main_frame_import.cpp) ----
  // 导入: the file is read, converted (.doc/.wps through LibreOffice) and parsed on a worker
  // thread of its own while the window stays usable; a bar says what runs, for how many
  // seconds, with 取消 (which kills soffice). The new report is stored and opened when it is
  // back (through CallAfter, dropped if the window is gone); an error goes to the notice bar in
  // Chinese and nothing is created. One import at a time: a second one is refused.
  void importFile(const std::string& path);
  bool importing() const { return importCancel_ != nullptr; }
  // 取消: stops the running import; nothing is imported.
  void cancelImport();
  // The import bar's text, and its 取消 button while shown (else nullptr).
  wxString importText() const { return importText_; }
  wxWindow* importCancelButton();

  // ---- sync (main_frame_sync.cpp) ----
  // Logs in (off the UI thread), stores the login, shares the open report or joins it (none
  // open: fetches each report shared with the user, opens one), then syncs in the background.
  void connectToServer(const std::string& url, const std::string& user,
                       const std::string& password);
  void syncNow();
  bool syncRunning() const { return sync_ != nullptr; }
  const core::SyncStatus& syncStatus() const { return syncStatus_; }
  size_t syncStatusCount() const { return syncStatusCount_; }
  wxString statusText(int field);
  // The status bar; field 3 says what just happened (saved, exported, 采用计算值, Ctrl+S's
  // answer): a message set there stays until another replaces it or an own change is saved,
  // not replaced by the next sync status.
  void SetStatusText(const wxString& text, int number = 0) override;
  wxString noticeText() const { return noticeText_; }
  // The bar listing the user's own changes that did not take effect (未生效); empty when
  // none is shown (main_frame_refused.cpp).
  wxString refusedNoticeText() const { return refusedNotice_; }
  void copyRefusedText();
  // Hides the bar; the changes it listed are not shown again in this session.
  void dismissRefused();

  // ---- history and review marks (main_frame_review.cpp) ----
  // Recomputes the right-hand panel from the document and its history.
  void refreshReview();
  // Settles a review mark as `reportsync-cli resolve` does: the paragraph replaced by
  // `text` (nullopt: the merged text kept), then the mark resolved. False: no such mark.
  bool resolveMark(const std::string& id, std::optional<std::string> text);
  ReviewPanel* review() { return review_; }

  // ---- submission (main_frame_submit.cpp) ----
  // Syncs, then submits, off the UI thread; warnings the server wants explained are listed
  // in a dialog with a text box each for the office's reason. `scriptedReason` (the test
  // script) gives every warning that reason instead of asking.
  void submitReport(std::optional<std::string> scriptedReason = std::nullopt);
  // The report's submissions with the bureau's verdicts (in a dialog when asked); the latest
  // one's comments on places go to the findings list. `quiet`: an error shows no notice (the
  // fetch when the report first gets online; the sync's own notice covers the server).
  void loadSubmissions(bool showDialog, bool quiet = false);
  bool submitting() const { return submitting_; }
  bool loadingSubmissions() const { return loadingSubmissions_; }
  wxString submitText() const { return submitText_; }
  wxString submissionsText() const { return submissionsText_; }

 private:
  // After an undo or redo: a table it brought back gets its tab selected once built.
  void showRestoredTables();
  // After a successful undo or redo: its kind of notice goes (and a table refusal, when the
  // tables changed), and a table it brought back is shown.
  void undoRedoDone(const std::vector<std::pair<doc::OpId, std::string>>& tablesBefore);
  void buildMenus();
  void buildLayout();
  void updateMenus();
  void updateStatus();
  // The status bar a moment after a keystroke's commit, once for a run of keys: laying out
  // its changed text costs about 6 ms of CPU, which on every key was most of a key's time
  // (issue 11, gui-typing).
  void updateStatusSoon();
  void requestAnalysis(int delayMs);
  void startAnalysis();
  void applyAnalysis(Analysis analysis);
  void refreshAll();
  void onCellEdited(const std::string& table, const std::string& row, const std::string& column,
                    const std::string& value);
  void onTextCommitted(size_t keystrokes);
  // An own change was saved just now: the status bar says so (from the next updateStatus)
  // in place of the message before it.
  void noteSaved();
  void onClose(wxCloseEvent& event);
  void saveLayout();
  void restoreLayout();

  // menu handlers (main_frame_menus.cpp)
  void onNew(wxCommandEvent&);
  void onNewFromLastYear(wxCommandEvent&);
  void onImport(wxCommandEvent&);
  void updateWelcome();
  void onExport(const std::string& format);
  void onMergeBundle(wxCommandEvent&);
  void onMakeBundle(wxCommandEvent&);
  // The office's dialogs (main_frame_office.cpp).
  void onAssign(wxCommandEvent&);
  void onProperties(wxCommandEvent&);
  void showAssignDialog(doc::OpId section, std::vector<std::string> members);
  void assignSection(doc::OpId section, const std::string& name);
  void onAbout(wxCommandEvent&);
  void onConnect(wxCommandEvent&);
  void onChangePassword(wxCommandEvent&);  // main_frame_password.cpp

  // import (main_frame_import.cpp)
  void buildImportBar();
  void showImportProgress();
  // On the UI thread when the import's work is back: `content` is null on error or cancel.
  void finishImport(const std::string& path, std::shared_ptr<report::ReportContent> content,
                    const std::string& error);

  // submission (main_frame_submit.cpp)
  void submitWith(core::Explanations explanations, std::optional<std::string> scriptedReason);
  // The office's reason for each warning; nullopt when cancelled.
  std::optional<core::Explanations> explainWarnings(const std::vector<report::Finding>& warnings);
  void showSubmissions(const std::vector<core::SubmissionStatus>& list);
  static wxString submissionLine(const core::SubmissionStatus& s);

  // sync (main_frame_sync.cpp)
  void startSync();
  void stopSync();
  // Stops the worker, then pushes the open report's unsent edits once (core::pushBeforeClose)
  // when the worker was online: for a report being closed or replaced.
  void stopSyncPushingLast();
  void onSyncStatus(const core::SyncStatus& status);
  // After each committed local change: send it soon (not after a fatal error, which
  // waits for the user to reconnect or ask for a sync).
  void localChangeCommitted();
  void buildRefusedBar();
  void updateRefusedNotice();
  wxString syncStateText() const;
  void onStoreWatch();

  std::unique_ptr<core::Replica> replica_;
  SharedDoc doc_;                             // the open report, shared with the sync worker
  core::OpenReport& report_ = doc_.report();  // read and changed under SharedDoc::Lock
  AppOptions options_;

  // Refusals and errors, in place of a message box. The generic bar: its buttons are wx
  // windows (a test finds 知道了 on the screen).
  wxInfoBarGeneric* notice_ = nullptr;
  wxString noticeText_;
  NoticeKind noticeKind_ = NoticeKind::kOther;
  static constexpr int kCopyRefusedId = wxID_HIGHEST + 901;
  // 未生效: own changes that took no effect. Generic, as the notice bar, so that its buttons
  // are windows a test can find and click.
  wxInfoBarGeneric* refusedBar_ = nullptr;
  wxString refusedNotice_;
  std::string refusedText_;  // their text, for the clipboard
  std::vector<doc::ChangeId> refusedShown_;
  std::set<doc::ChangeId> refusedDismissed_;
  wxSplitterWindow* mainSplit_ = nullptr;  // outline | rest
  wxSplitterWindow* sideSplit_ = nullptr;  // centre and findings | history and marks
  ReviewPanel* review_ = nullptr;
  wxSplitterWindow* bottomSplit_ = nullptr;  // centre / findings
  wxSplitterWindow* centreSplit_ = nullptr;  // text / tables
  OutlineView* outline_ = nullptr;
  SectionEditor* editor_ = nullptr;
  wxNotebook* tables_ = nullptr;
  std::map<std::string, TableGrid*> grids_;
  FindingsView* findings_ = nullptr;
  FindBar* findBar_ = nullptr;
  WelcomePanel* welcome_ = nullptr;  // in place of mainSplit_ while no report is open
  std::string lastPrintPdf_;
  int tablesMenusShown_ = 0;
  std::string showWhenBuilt_;  // a table just added: its tab is selected once it is built

  Analysis analysis_;
  uint64_t generation_ = 0;
  wxTimer analysisTimer_;
  // Looks for changes another process (reportsync-cli on this profile) stored meanwhile.
  wxTimer storeWatchTimer_;
  // The 历史 panel after the user's own changes (a moment after, not at every keystroke).
  wxTimer reviewTimer_;
  wxTimer statusTimer_;  // updateStatusSoon
  std::string savedAt_;
  wxString message_;            // the status bar's field 3, as SetStatusText set it
  bool saveAnswerDue_ = false;  // Ctrl+S with a server: say so once the sync has sent everything

  core::SyncStatus syncStatus_;
  size_t syncStatusCount_ = 0;
  bool connecting_ = false;
  bool submitting_ = false;
  bool loadingSubmissions_ = false;
  bool commentsFetched_ = false;  // since startSync: the submissions fetched once online
  // Since startSync: the worker has been online, so it has pulled before its pushes (a
  // copied profile re-issues its edits then); the window's last push on close needs it.
  bool onlineSinceStart_ = false;
  // The running import: its 取消 flag (shared with the worker thread), file and start.
  wxInfoBarGeneric* importBar_ = nullptr;
  wxString importText_;
  wxTimer importTimer_;  // the bar's seconds
  std::shared_ptr<std::atomic<bool>> importCancel_;
  std::string importPath_;
  std::chrono::steady_clock::time_point importStarted_;
  int exportsPending_ = 0;
  std::string exportError_;
  wxString submitText_, submissionsText_;
  // Destroyed before the replica and the report it syncs (and stopped on close).
  std::unique_ptr<core::SyncWorker> sync_;
  // Imports only, so a conversion of up to two minutes holds up no check or sync job. Its jobs
  // read only what they captured; ~MainFrame cancels a running one before this joins it.
  BackgroundWorker importWorker_;
  // Last member: destroyed first, so no job outlives what it reads.
  BackgroundWorker worker_;
};

}  // namespace rs::gui
