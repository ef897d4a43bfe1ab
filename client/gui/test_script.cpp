#include "gui/test_script.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/statusbr.h>
#include <wx/timer.h>
#include <wx/uiaction.h>
#include <wx/utils.h>
#include <wx/weakref.h>

#include "gui/app.h"
#include "gui/findings_view.h"
#include "gui/guide_window.h"
#include "gui/line_breaks.h"
#include "gui/main_frame.h"
#include "gui/review_panel.h"
#include "gui/submissions_dialog.h"
#include "gui/table_grid.h"
#include "gui/ui_text.h"
#include "util/utf8.h"

namespace rs::gui {

namespace {

// Prints "LABEL X Y", the centre of `w` in screen pixels (for xdotool to click); throws
// runtime_error(missing) when there is no such window.
void printCentre(const char* label, wxWindow* w, const char* missing) {
  if (!w) throw std::runtime_error(missing);
  wxPoint at = w->GetScreenRect().GetPosition() + wxPoint(w->GetSize().x / 2, w->GetSize().y / 2);
  std::cout << label << " " << at.x << " " << at.y << std::endl;
}

// print-labels: the interface's own words, one "label TEXT" line each (menus, buttons, list
// headers, the side panel's tabs, the status bar), and "history TEXT" for what each line
// of the 历史 panel says; report content (titles, text, findings) is left out.
void printMenu(wxMenu* menu) {
  for (wxMenuItem* item : menu->GetMenuItems()) {
    if (item->IsSeparator()) continue;
    std::cout << "label " << utf8(item->GetItemLabelText()) << "\n";
    if (item->GetSubMenu()) printMenu(item->GetSubMenu());
  }
}
void printLabels(wxWindow* w, bool inReview) {
  if (auto* b = dynamic_cast<wxButton*>(w))
    std::cout << "label " << utf8(b->GetLabelText()) << "\n";
  if (auto* list = dynamic_cast<wxListCtrl*>(w)) {
    for (int c = 0; c < list->GetColumnCount(); ++c) {
      wxListItem item;
      item.SetMask(wxLIST_MASK_TEXT);
      list->GetColumn(c, item);
      std::cout << "label " << utf8(item.GetText()) << "\n";
    }
    if (inReview && list->GetColumnCount() > 2)
      for (long r = 0; r < list->GetItemCount(); ++r)
        std::cout << "history " << utf8(list->GetItemText(r, 0)) << "\t"
                  << utf8(list->GetItemText(r, 1)) << "\n";
  }
  if (auto* review = dynamic_cast<ReviewPanel*>(w)) {
    inReview = true;
    for (size_t p = 0; p < review->GetPageCount(); ++p)
      std::cout << "label " << utf8(review->GetPageText(p)) << "\n";
  }
  for (wxWindow* child : w->GetChildren()) printLabels(child, inReview);
}

struct Step {
  int line = 0;
  std::string command, arg;
};

class TestScript : public wxEvtHandler {
 public:
  TestScript(MainFrame* frame, std::vector<Step> steps)
      : frame_(frame), steps_(std::move(steps)), timer_(this) {
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { tick(); });
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    timer_.Start(20);
  }

 private:
  using Clock = std::chrono::steady_clock;

  void fail(const std::string& why) {
    const Step& s = steps_[next_];
    std::cerr << "test-script: line " << s.line << " (" << s.command << "): " << why << "\n";
    finish(1);
  }
  void finish(int code) {
    finished_ = true;
    timer_.Stop();
    wxGetApp().setExitCode(code);
    frame_->Close(true);
    // The handler is deleted with the application; nothing more runs.
  }
  bool waitUntil(bool done, int maxMs, const std::string& what) {
    if (done) {
      waitStarted_.reset();
      return true;
    }
    if (!waitStarted_) waitStarted_ = Clock::now();
    if (Clock::now() - *waitStarted_ > std::chrono::milliseconds(maxMs)) fail("timed out: " + what);
    return false;
  }

  void tick() {
    if (!frame_) {  // closed by someone else
      timer_.Stop();
      return;
    }
    if (Clock::now() > deadline_) {
      std::cerr << "test-script: the script took more than 120 s\n";
      finish(1);
      return;
    }
    while (next_ < steps_.size()) {
      bool done = false;
      try {
        done = run(steps_[next_]);
      } catch (const std::exception& e) {
        fail(e.what());
        return;
      }
      if (finished_) return;
      if (!done) return;  // waiting: try again on the next tick
      ++next_;
      if (yieldAfterStep_) {
        yieldAfterStep_ = false;
        return;
      }
    }
    finish(0);
  }

  // Where the focus is: "place cell TABLE ROW COLUMN" (a grid's cursor), "place section
  // HEADING" (the section's text), or "place other".
  std::string placeText() {
    wxWindow* focus = wxWindow::FindFocus();
    TableGrid* grid = nullptr;
    for (wxWindow* w = focus; w && !grid; w = w->GetParent()) grid = dynamic_cast<TableGrid*>(w);
    if (grid) {
      auto [row, column] = grid->cursorCell();
      return "place cell " + grid->key() + " " + row + " " + column;
    }
    if (focus == frame_->editor()->text())
      return "place section " + utf8(frame_->editor()->headerText());
    return "place other";
  }

  // Runs one step; false means "not yet" (a wait).
  bool run(const Step& s) {
    SectionEditor* ed = frame_->editor();
    wxStyledTextCtrl* stc = ed->text();
    const std::string& c = s.command;
    if (c == "select") {
      if (!frame_->selectSection(s.arg)) throw std::runtime_error("no section " + s.arg);
      yieldAfterStep_ = true;
    } else if (c == "caret") {
      if (s.arg == "end")
        stc->GotoPos(stc->GetLength());
      else
        ed->setCaretPosition(std::stoul(s.arg));
    } else if (c == "type") {
      stc->AddTextRaw(s.arg.data(), int(s.arg.size()));
      yieldAfterStep_ = true;
    } else if (c == "keys" || c == "backspace") {
      // Real key events through the X server: the pointer over the text, focus in it.
      frame_->Raise();
      stc->SetFocus();
      wxUIActionSimulator sim;
      sim.MouseMove(stc->GetScreenRect().GetPosition() + wxPoint(20, 20));
      wxYield();
      if (c == "keys") {
        sim.Text(s.arg.c_str());
      } else {
        for (int i = 0, n = std::stoi(s.arg); i < n; ++i) sim.Char(WXK_BACK);
      }
      yieldAfterStep_ = true;
    } else if (c == "wait-saved") {
      return waitUntil(!ed->hasUncommitted(), 5000, "typing not committed");
    } else if (c == "wait-checks") {
      return waitUntil(!frame_->analysisPending(), 10000, "checks not back");
    } else if (c == "wait") {
      if (!waitStarted_) waitStarted_ = Clock::now();
      if (Clock::now() - *waitStarted_ < std::chrono::milliseconds(std::stoi(s.arg))) return false;
      waitStarted_.reset();
    } else if (c == "expect-text") {
      std::string text(stc->GetCharacterPointer(), size_t(stc->GetLength()));
      if (text.find(s.arg) == std::string::npos)
        return waitUntil(false, 3000, "the editor does not hold \"" + s.arg + "\"");
      waitStarted_.reset();
    } else if (c == "expect-caret") {
      size_t want = std::stoul(s.arg), have = ed->caretPosition();
      if (want != have)
        throw std::runtime_error("caret at " + std::to_string(have) + ", expected " + s.arg);
    } else if (c == "expect-finding") {
      bool found = false;
      for (const auto& f : frame_->analysis().findings)
        found |= f.message.find(s.arg) != std::string::npos;
      if (!found) throw std::runtime_error("no finding mentions \"" + s.arg + "\"");
    } else if (c == "undo") {
      frame_->undo();
    } else if (c == "redo") {
      frame_->redo();
    } else if (c == "merge") {
      frame_->mergeBundleFile(s.arg);
    } else if (c == "connect") {
      std::istringstream in(s.arg);
      std::string url, user, password;
      if (!(in >> url >> user >> password)) throw std::runtime_error("connect URL USER PASSWORD");
      frame_->connectToServer(url, user, password);
    } else if (c == "group-ms") {
      ed->setGroupDelay(std::stoi(s.arg));
    } else if (c == "expect-mark") {
      bool have = false;
      for (const auto& m : frame_->review()->marks())
        have |= m.id == s.arg || m.merged.find(s.arg) != std::string::npos;
      return waitUntil(have, 5000, "no review mark shows \"" + s.arg + "\"");
    } else if (c == "expect-marks") {
      size_t have = frame_->review()->marks().size();
      if (have != std::stoul(s.arg))
        throw std::runtime_error(std::to_string(have) + " review marks shown");
    } else if (c == "expect-history") {
      if (frame_->review()->historyCount() == 0) throw std::runtime_error("no history shown");
    } else if (c == "expect-history-lines") {  // N: the 历史 panel lists N changes (5 s)
      size_t have = frame_->review()->historyCount();
      return waitUntil(have == std::stoul(s.arg), 5000,
                       "the history lists " + std::to_string(have) + " changes");
    } else if (c == "expect-history-what") {
      // Some change in the 历史 list says TEXT in its 内容 column (5 s): "第3节：+5 字".
      bool have = false;
      for (const std::string& w : frame_->review()->historyWhat())
        have |= w.find(s.arg) != std::string::npos;
      return waitUntil(have, 5000, "no history line saying \"" + s.arg + "\"");
    } else if (c == "expect-history-author") {
      // Some change in the 历史 list shows exactly this author text (core/authors.h).
      bool have = false;
      for (const std::string& a : frame_->review()->historyAuthors()) have |= a == s.arg;
      return waitUntil(have, 5000, "no history line by \"" + s.arg + "\"");
    } else if (c == "resolve-mark") {
      size_t sp = s.arg.find(' ');
      std::string id = s.arg.substr(0, sp),
                  how = sp == std::string::npos ? "keep" : s.arg.substr(sp + 1);
      std::optional<std::string> text;
      if (how != "keep") text = how;
      if (!frame_->resolveMark(id, text)) throw std::runtime_error("no review mark " + id);
    } else if (c == "expect-conflict" || c == "choose-value") {
      // TABLE ROW COLUMN [VALUE]
      std::istringstream in(s.arg);
      std::string table, row, column, value;
      if (!(in >> table >> row >> column)) throw std::runtime_error(c + " TABLE ROW COLUMN ...");
      TableGrid* grid = frame_->grid(table);
      if (!grid) return waitUntil(false, 10000, "no table " + table);
      std::vector<std::string> values = grid->conflictValues(row, column);
      if (c == "expect-conflict")
        return waitUntil(values.size() > 1, 10000, "the cell is not conflicted");
      in >> value;
      if (!grid->chooseValue(row, column, value)) throw std::runtime_error("no value " + value);
    } else if (c == "expect-welcome") {  // yes|no: the first-run screen is shown (10 s)
      return waitUntil(frame_->welcomeShown() == (s.arg == "yes"), 10000,
                       std::string("the first-run screen is ") +
                           (frame_->welcomeShown() ? "shown" : "not shown"));
    } else if (c == "expect-tab") {  // KEY yes|no: a table tab for KEY is there (10 s)
      std::istringstream in(s.arg);
      std::string key, want;
      if (!(in >> key >> want)) throw std::runtime_error("expect-tab KEY yes|no");
      std::vector<std::string> keys = frame_->tableKeys();
      bool have = std::find(keys.begin(), keys.end(), key) != keys.end();
      return waitUntil(have == (want == "yes") && !frame_->analysisPending(), 10000,
                       "the tab " + key + (have ? " is there" : " is not there"));
    } else if (c == "print-cell") {
      // TABLE ROW COLUMN: prints "cell X Y", the cell's centre on the screen, for xdotool
      std::istringstream in(s.arg);
      std::string table, row, column;
      if (!(in >> table >> row >> column)) throw std::runtime_error("print-cell TABLE ROW COLUMN");
      TableGrid* grid = frame_->grid(table);
      if (!grid) return waitUntil(false, 10000, "no table " + table);
      frame_->showTable(table);
      // A page just added or selected is placed under the tabs only once GTK has shown it.
      wxWindow* book = grid->GetParent();
      bool placed =
          grid->GetScreenPosition().y > book->GetScreenPosition().y + 10 && grid->GetSize().y > 50;
      if (!waitUntil(placed, 10000, "the table " + table + " is not laid out")) return false;
      auto at = grid->cellScreenCentre(row, column);
      if (!at) throw std::runtime_error("no cell " + row + "/" + column);
      std::cout << "cell " << at->x << " " << at->y << std::endl;
    } else if (c == "expect-cell-fits") {
      // TABLE ROW COLUMN: the cell's text is drawn whole in its rectangle, not cut (10 s)
      std::istringstream in(s.arg);
      std::string table, row, column;
      if (!(in >> table >> row >> column))
        throw std::runtime_error("expect-cell-fits TABLE ROW COLUMN");
      TableGrid* grid = frame_->grid(table);
      std::optional<bool> fits = grid ? grid->cellTextFits(row, column) : std::nullopt;
      if (!fits) return waitUntil(false, 10000, "no cell " + table + " " + row + "/" + column);
      return waitUntil(*fits && !frame_->analysisPending(), 10000,
                       "the text of " + row + "/" + column + " is cut off: \"" +
                           grid->cellText(row, column).value_or("") + "\"");
    } else if (c == "print-outline-table") {  // KEY: "outline X Y" (10 s for it to show)
      auto at = frame_->outline()->tableScreenCentre(s.arg);
      if (!at) return waitUntil(false, 10000, "no outline entry for table " + s.arg);
      std::cout << "outline " << at->x << " " << at->y << std::endl;
    } else if (c == "expect-tables-menu") {  // N: the outline's tables menu shown N times (10 s)
      int n = std::atoi(s.arg.c_str());
      if (!waitUntil(frame_->tablesMenusShown() >= n, 10000, "no tables menu shown")) return false;
      std::cout << "tables-menu " << n << std::endl;
    } else if (c == "expect-cell-text") {
      // TABLE ROW COLUMN TEXT: the grid shows exactly TEXT in the cell (10 s)
      std::istringstream in(s.arg);
      std::string table, row, column, want;
      if (!(in >> table >> row >> column) || !std::getline(in >> std::ws, want))
        throw std::runtime_error("expect-cell-text TABLE ROW COLUMN TEXT");
      TableGrid* grid = frame_->grid(table);
      std::string have = grid ? grid->cellText(row, column).value_or("(no cell)") : "(no table)";
      return waitUntil(have == want && !frame_->analysisPending(), 10000,
                       "the cell shows \"" + have + "\", not \"" + want + "\"");
    } else if (c == "export") {
      // FORMAT PATH: until the file is written (30 s)
      size_t sp = s.arg.find(' ');
      if (sp == std::string::npos) throw std::runtime_error("export FORMAT PATH");
      if (!exportStarted_) {
        exportStarted_ = true;
        frame_->exportReport(s.arg.substr(0, sp), s.arg.substr(sp + 1));
      }
      if (!waitUntil(frame_->exportsPending() == 0, 30000, "the export is not written"))
        return false;
      exportStarted_ = false;
      if (!frame_->exportError().empty()) throw std::runtime_error(frame_->exportError());
    } else if (c == "add-row") {
      // TABLE ROW: 插入行 beside ROW (under it when in the group); prints "row-added KEY"
      std::istringstream in(s.arg);
      std::string table, row;
      if (!(in >> table >> row)) throw std::runtime_error("add-row TABLE ROW");
      TableGrid* grid = frame_->grid(table);
      if (!grid) return waitUntil(false, 10000, "no table " + table);
      std::string group = grid->addGroupFor(row);
      if (group.empty()) throw std::runtime_error("no rows can be added beside " + row);
      std::string key = frame_->addTableRow(table, group, grid->insertAfter(row, group));
      if (key.empty()) throw std::runtime_error("the row was not added");
      std::cout << "row-added " << key << std::endl;
    } else if (c == "delete-row") {
      std::istringstream in(s.arg);
      std::string table, row;
      if (!(in >> table >> row)) throw std::runtime_error("delete-row TABLE ROW");
      if (!frame_->deleteTableRow(table, row)) throw std::runtime_error("the row was not deleted");
    } else if (c == "expect-deletable") {
      // TABLE ROW yes|no: whether 删除行 is enabled for the row (a template row: never)
      std::istringstream in(s.arg);
      std::string table, row, want;
      if (!(in >> table >> row >> want))
        throw std::runtime_error("expect-deletable TABLE ROW yes|no");
      if (frame_->mayDeleteRow(table, row) != (want == "yes"))
        throw std::runtime_error("删除行 on " + table + "/" + row + " is not " +
                                 (want == "yes" ? "enabled" : "disabled"));
    } else if (c == "expect-row") {
      // TABLE ROW yes|no: the grid shows the row (10 s)
      std::istringstream in(s.arg);
      std::string table, row, want;
      if (!(in >> table >> row >> want)) throw std::runtime_error("expect-row TABLE ROW yes|no");
      TableGrid* grid = frame_->grid(table);
      bool have = grid && grid->hasRow(row) && !frame_->analysisPending();
      if (want == "no") have = grid && !grid->hasRow(row) && !frame_->analysisPending();
      return waitUntil(have, 10000, "the grid's rows are not as expected");
    } else if (c == "submit") {
      if (s.arg.empty()) throw std::runtime_error("submit REASON (given for every warning)");
      frame_->submitReport(s.arg);
    } else if (c == "expect-submit") {
      bool have =
          !frame_->submitting() && utf8(frame_->submitText()).find(s.arg) != std::string::npos;
      return waitUntil(have, 30000, "the submission says \"" + utf8(frame_->submitText()) + "\"");
    } else if (c == "submissions") {
      frame_->loadSubmissions(false);
    } else if (c == "expect-submissions") {
      bool have = !frame_->loadingSubmissions() &&
                  utf8(frame_->submissionsText()).find(s.arg) != std::string::npos;
      return waitUntil(have, 15000,
                       "the submissions are \"" + utf8(frame_->submissionsText()) + "\"");
    } else if (c == "expect-submissions-detail") {  // the open 提交记录 dialog's text (15 s)
      std::string shown = utf8(submissionsDialogText());
      return waitUntil(shown.find(s.arg) != std::string::npos, 15000,
                       "the submissions dialog shows \"" + shown + "\"");
    } else if (c == "print-submissions-detail") {
      std::cout << "detail-begin\n" << utf8(submissionsDialogText()) << "\ndetail-end" << std::endl;
    } else if (c == "sync-now") {
      frame_->syncNow();
    } else if (c == "wait-online") {
      return waitUntil(
          frame_->syncRunning() && frame_->syncStatus().state == core::SyncStatus::kOnline, 15000,
          "not online: " + utf8(frame_->statusText(0)) + " " + frame_->syncStatus().message);
    } else if (c == "wait-synced") {
      bool synced = !ed->hasUncommitted() && frame_->hasReport() &&
                    frame_->replica().outboxCount(frame_->report().id) == 0;
      return waitUntil(synced, 15000, "changes not sent: " + utf8(frame_->statusText(1)));
    } else if (c == "wait-file") {
      if (!std::filesystem::exists(s.arg)) return waitUntil(false, 60000, "no file " + s.arg);
      waitStarted_.reset();
      mark_ = Clock::now();
    } else if (c == "print-elapsed") {
      std::cout
          << s.arg << " "
          << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - mark_).count()
          << std::endl;
    } else if (c == "expect-status") {
      if (utf8(frame_->statusText(0)).find(s.arg) == std::string::npos)
        return waitUntil(false, 5000,
                         "the status bar says \"" + utf8(frame_->statusText(0)) + "\"");
      waitStarted_.reset();
    } else if (c == "expect-message") {  // the status bar's message field
      if (utf8(frame_->statusText(3)).find(s.arg) == std::string::npos)
        return waitUntil(false, 5000, "the message says \"" + utf8(frame_->statusText(3)) + "\"");
      waitStarted_.reset();
    } else if (c == "expect-notice") {
      if (utf8(frame_->noticeText()).find(s.arg) == std::string::npos)
        // 30 s: a login's answer (the server checks the password's hash) on a loaded machine
        return waitUntil(false, 30000, "the notice says \"" + utf8(frame_->noticeText()) + "\"");
      waitStarted_.reset();
    } else if (c == "print-notice") {  // "notice TEXT": what the notice bar says, on one line
      std::string text = utf8(frame_->noticeText());
      std::replace(text.begin(), text.end(), '\n', ' ');
      std::cout << "notice " << text << std::endl;
    } else if (c == "expect-no-notice") {  // the notice bar is hidden (10 s)
      return waitUntil(frame_->noticeText().empty(), 10000,
                       "the notice still says \"" + utf8(frame_->noticeText()) + "\"");
    } else if (c == "print-notice-button") {  // "button X Y": its 知道了 on the screen
      printCentre("button", frame_->noticeButton(), "no notice is shown");
    } else if (c == "print-join-button") {  // "join X Y": the first-run screen's 从服务器加入
      printCentre("join", frame_->welcomeShown() ? frame_->welcome()->joinButton() : nullptr,
                  "the first-run screen is not shown");
    } else if (c == "print-refused-button") {  // "refused-button X Y": the 未生效 bar's 知道了
      printCentre("refused-button", frame_->refusedButton(), "no 未生效 bar is shown");
    } else if (c == "expect-importing") {  // an import is (or is not) running (10 s)
      bool want = s.arg == "yes";
      return waitUntil(frame_->importing() == want, 10000,
                       want ? "no import is running" : "an import is still running");
    } else if (c == "wait-import") {  // until the running import is done (150 s)
      return waitUntil(!frame_->importing(), 150000, "the import never ended");
    } else if (c == "expect-import-text") {  // the import bar says TEXT (10 s)
      if (utf8(frame_->importText()).find(s.arg) == std::string::npos)
        return waitUntil(false, 10000,
                         "the import bar says \"" + utf8(frame_->importText()) + "\"");
      waitStarted_.reset();
    } else if (c == "expect-report-not") {  // ID: another report than ID is open (60 s)
      bool other = frame_->hasReport() && frame_->report().id != s.arg;
      return waitUntil(other && !frame_->importing(), 60000, "the report open is still " + s.arg);
    } else if (c == "print-report") {  // "report ID": the open report's id ("-" for none)
      std::cout << "report " << (frame_->hasReport() ? frame_->report().id : "-") << std::endl;
    } else if (c == "print-import-cancel") {  // "cancel X Y": the import bar's 取消
      // Printed once the button has stayed in one place for 300 ms: GTK places a bar just
      // shown a moment after wx lays it out, and a click at the earlier place missed.
      wxWindow* b = frame_->importCancelButton();
      wxPoint at = b ? b->GetScreenRect().GetPosition() : wxPoint(-1, -1);
      if (!b || !b->IsShownOnScreen() || at != placeSeen_) {
        placeSeen_ = at;
        placeSince_ = Clock::now();
        return waitUntil(false, 10000, "no import bar with 取消 is shown");
      }
      if (Clock::now() - placeSince_ < std::chrono::milliseconds(300))
        return waitUntil(false, 10000, "the import bar keeps moving");
      waitStarted_.reset();
      printCentre("cancel", b, "no import bar is shown");
    } else if (c == "expect-refused") {  // the 未生效 bar lists the user's own change
      if (utf8(frame_->refusedNoticeText()).find(s.arg) == std::string::npos)
        return waitUntil(false, 10000,
                         "the 未生效 bar says \"" + utf8(frame_->refusedNoticeText()) + "\"");
      waitStarted_.reset();
    } else if (c == "copy-refused") {
      frame_->copyRefusedText();
    } else if (c == "dismiss-refused") {
      frame_->dismissRefused();
    } else if (c == "expect-no-refused") {
      if (!frame_->refusedNoticeText().empty())
        throw std::runtime_error("the 未生效 bar still says \"" +
                                 utf8(frame_->refusedNoticeText()) + "\"");
    } else if (c == "expect-header") {
      std::string header = utf8(ed->headerText());
      if (header.find(s.arg) == std::string::npos)
        throw std::runtime_error("the heading is \"" + header + "\"");
    } else if (c == "expect-readonly") {
      bool want = s.arg == "yes";
      if (ed->readOnly() != want || stc->GetReadOnly() != want)
        throw std::runtime_error(std::string("the text is ") + (ed->readOnly() ? "" : "not ") +
                                 "read-only");
    } else if (c == "expect-line-starts") {  // N: N or more of the text's lines are wrapped,
      // and no wrapped line starts with closing punctuation (，。、); prints "line-starts N"
      int wrapped = 0;
      std::string bad;
      int y = 0, line = -1;
      for (int pos = 0; pos < stc->GetLength(); pos = stc->PositionAfter(pos)) {
        wxPoint at = stc->PointFromPosition(pos);
        int docLine = stc->LineFromPosition(pos);
        bool wrapStart = docLine == line && at.y > y;
        y = at.y;
        line = docLine;
        if (!wrapStart) continue;
        ++wrapped;
        std::u32string ch = utf8ToU32(utf8(stc->GetTextRange(pos, stc->PositionAfter(pos))));
        if (!ch.empty() && !mayStartLine(ch[0]))
          bad += utf8(stc->GetTextRange(pos, std::min(stc->GetLength(), pos + 30))) + " | ";
      }
      if (!bad.empty()) throw std::runtime_error("lines start with closing punctuation: " + bad);
      // Scintilla wraps a changed line when it next lays it out (paints): until then, wait.
      if (!waitUntil(wrapped >= std::stoi(s.arg), 5000,
                     "only " + std::to_string(wrapped) + " wrapped lines"))
        return false;
      std::cout << "line-starts " << wrapped << std::endl;
    } else if (c == "table") {
      frame_->showTable(s.arg);
      yieldAfterStep_ = true;
    } else if (c == "accept") {  // 采用计算值 at a finding's location, as its menu does
      std::vector<report::Finding> at;
      for (const report::Finding& f : frame_->analysis().findings)
        if (f.location == s.arg && report::acceptComputed(f)) at.push_back(f);
      if (at.empty()) throw std::runtime_error("no finding with a computed figure at " + s.arg);
      frame_->acceptComputed({at.front()}, false);
      yieldAfterStep_ = true;
    } else if (c == "finding") {
      size_t n = std::stoul(s.arg);
      if (n >= frame_->findings()->count()) throw std::runtime_error("no finding " + s.arg);
      frame_->findings()->activate(n);
      yieldAfterStep_ = true;
    } else if (c == "print-findings") {  // each row: its centre on the screen, kind, place, text
      FindingsView* list = frame_->findings();
      for (size_t i = 0; i < list->count(); ++i) {
        wxRect rect;
        list->GetItemRect(long(i), rect);
        wxPoint at = list->ClientToScreen(rect.GetPosition() + wxPoint(40, rect.height / 2));
        std::cout << "finding " << i << " " << at.x << " " << at.y << "\t" << utf8(list->rowText(i))
                  << "\n";
      }
      std::cout << "findings-end" << std::endl;
    } else if (c == "expect-findings") {  // TEXT: a row of the findings list has TEXT (15 s)
      bool have = false;
      for (size_t i = 0; i < frame_->findings()->count(); ++i)
        have |= utf8(frame_->findings()->rowText(i)).find(s.arg) != std::string::npos;
      return waitUntil(have, 15000, "no row of the findings list says \"" + s.arg + "\"");
    } else if (c == "print-tip") {
      // "tip TEXT": the tooltip of the window under the mouse pointer (moved there by xdotool,
      // so set by the program's own motion handlers), newlines as spaces (5 s for one to show)
      wxPoint pointer;
      wxWindow* under = wxFindWindowAtPointer(pointer);
      wxString tip = under ? under->GetToolTipText() : wxString();
      if (tip.empty()) {
        std::string what =
            under ? std::string(wxString(under->GetClassInfo()->GetClassName()).utf8_str())
                  : "no window";
        return waitUntil(false, 5000,
                         "no tooltip under the mouse pointer at " + std::to_string(pointer.x) +
                             "," + std::to_string(pointer.y) + " (" + what + ")");
      }
      waitStarted_.reset();
      std::string text = utf8(tip);
      std::replace(text.begin(), text.end(), '\n', ' ');
      std::cout << "tip " << text << std::endl;
    } else if (c == "print-place") {  // where the focus is: a section's heading, or a cell
      std::cout << placeText() << std::endl;
    } else if (c == "expect-place") {  // TEXT: print-place says TEXT (10 s)
      return waitUntil(placeText() == s.arg, 10000, "the focus is at \"" + placeText() + "\"");
    } else if (c == "screenshot") {
      frame_->Update();
      wxYield();
      wxArrayString out, err;
      long rc = wxExecute("import -window root " + wx(s.arg), out, err, wxEXEC_SYNC);
      if (rc != 0) throw std::runtime_error("import -window root failed");
    } else if (c == "expect-guide") {  // TEXT: the user guide is open and says TEXT (10 s)
      return waitUntil(utf8(userGuideText()).find(s.arg) != std::string::npos, 10000,
                       "the user guide is not open or does not say " + s.arg);
    } else if (c == "print-labels") {
      wxMenuBar* bar = frame_->GetMenuBar();
      for (size_t m = 0; m < bar->GetMenuCount(); ++m) {
        std::cout << "label " << utf8(bar->GetMenuLabelText(m)) << "\n";
        printMenu(bar->GetMenu(m));
      }
      printLabels(frame_, false);
      if (wxStatusBar* status = frame_->GetStatusBar())
        for (int f = 0; f < status->GetFieldsCount(); ++f)
          std::cout << "label " << utf8(status->GetStatusText(f)) << "\n";
      std::cout << "labels-end" << std::endl;
    } else if (c == "print") {
      std::cout << s.arg << std::endl;
    } else if (c == "print-startup") {
      std::cout << "startup_ms " << wxGetApp().startupMs() << std::endl;
    } else if (c == "quit") {
      finish(0);
    } else {
      throw std::runtime_error("unknown step");
    }
    return true;
  }

  wxWeakRef<MainFrame> frame_;
  std::vector<Step> steps_;
  size_t next_ = 0;
  wxTimer timer_;
  Clock::time_point deadline_;
  Clock::time_point mark_ = Clock::now();
  std::optional<Clock::time_point> waitStarted_;
  wxPoint placeSeen_{-1, -1};  // print-import-cancel: where the button was, and since when
  Clock::time_point placeSince_;
  bool yieldAfterStep_ = false;
  bool finished_ = false;
  bool exportStarted_ = false;
};

}  // namespace

void startTestScript(MainFrame* frame, const std::string& path) {
  std::ifstream in(path);
  std::vector<Step> steps;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    size_t sp = line.find(' ');
    steps.push_back(
        Step{n, line.substr(0, sp), sp == std::string::npos ? "" : line.substr(sp + 1)});
  }
  if (!in.eof() || steps.empty()) {
    std::cerr << "test-script: cannot read steps from " << path << "\n";
    wxGetApp().setExitCode(1);
    frame->Close(true);
    return;
  }
  new TestScript(frame, std::move(steps));  // lives until the program ends
}

}  // namespace rs::gui
