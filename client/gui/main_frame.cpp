#include "gui/main_frame.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iterator>

#include <wx/display.h>
#include <wx/fileconf.h>
#include <wx/log.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/statusbr.h>

#include "core/accept_computed.h"
#include "core/bundle.h"
#include "core/row_rights.h"
#include "core/undo.h"
#include "docreport/content_bridge.h"
#include "docreport/render.h"
#include "gui/ui_text.h"

namespace rs::gui {

std::string clockText() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", std::localtime(&t));
  return buf;
}

MainFrame::MainFrame(std::unique_ptr<core::Replica> replica, const AppOptions& options)
    : wxFrame(nullptr, wxID_ANY, tr("reportsync"), wxDefaultPosition, wxSize(1440, 900)),
      replica_(std::move(replica)),
      options_(options),
      analysisTimer_(this),
      storeWatchTimer_(this),
      reviewTimer_(this),
      statusTimer_(this) {
  buildMenus();
  buildLayout();
  CreateStatusBar(5);
  int widths[] = {230, 150, 190, -1, 260};
  GetStatusBar()->SetStatusWidths(5, widths);
  Bind(wxEVT_CLOSE_WINDOW, &MainFrame::onClose, this);
  // A failed job says so in the notice bar, not in a box that blocks the window.
  worker_.onError =
      importWorker_.onError = [this](const std::string& what) { showNotice(errorText(what)); };
  // Ctrl+F, Ctrl+H and Ctrl+P wherever the focus is: a grid or the text take keys before
  // the menu's accelerators (a grid typed Ctrl+H's letters into its cells).
  Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
    int id = wxID_NONE;
    if (event.GetModifiers() == wxMOD_CONTROL) {
      if (event.GetKeyCode() == 'F') id = wxID_FIND;
      if (event.GetKeyCode() == 'H') id = wxID_REPLACE;
      if (event.GetKeyCode() == 'P') id = wxID_PRINT;
    }
    if (id == wxID_NONE || !hasReport()) {
      event.Skip();
      return;
    }
    wxCommandEvent command(wxEVT_MENU, id);
    ProcessWindowEvent(command);
  });
  Bind(
      wxEVT_TIMER, [this](wxTimerEvent&) { startAnalysis(); }, analysisTimer_.GetId());
  Bind(
      wxEVT_TIMER, [this](wxTimerEvent&) { onStoreWatch(); }, storeWatchTimer_.GetId());
  storeWatchTimer_.Start(1000);
  Bind(
      wxEVT_TIMER, [this](wxTimerEvent&) { refreshReview(); }, reviewTimer_.GetId());
  Bind(
      wxEVT_TIMER, [this](wxTimerEvent&) { updateStatus(); }, statusTimer_.GetId());
  restoreLayout();
  updateWelcome();
  updateMenus();
  updateStatus();
}

void MainFrame::updateWelcome() {
  bool show = !hasReport();
  if (show) {
    wxFileConfig config("reportsync", "", wx(options_.store + "/gui.ini"), "",
                        wxCONFIG_USE_LOCAL_FILE);
    try {
      welcome_->showReports(replica_->list(), utf8(config.Read("/report/last", "")));
    } catch (const std::exception& e) {
      showNotice(tr("Could not read the store: ") + errorText(e.what()));
    }
  }
  if (welcome_->IsShown() == show) return;
  welcome_->Show(show);
  mainSplit_->Show(!show);
  Layout();
  if (show) CallAfter([this] { welcome_->focusFirst(); });  // once the frame is shown
}

std::vector<std::string> MainFrame::tableKeys() const {
  std::vector<std::string> keys;
  for (size_t i = 0; i < tables_->GetPageCount(); ++i)
    if (auto* g = dynamic_cast<TableGrid*>(tables_->GetPage(i))) keys.push_back(g->key());
  return keys;
}

MainFrame::~MainFrame() {
  if (importCancel_) *importCancel_ = true;  // soffice stopped, so the worker joins at once
  sync_.reset();                             // joined before the report and the replica go
}

void MainFrame::buildLayout() {
  notice_ = new wxInfoBarGeneric(this);
  notice_->SetShowHideEffects(wxSHOW_EFFECT_NONE, wxSHOW_EFFECT_NONE);
  notice_->AddButton(wxID_CLOSE, tr("Dismiss"));
  notice_->Bind(
      wxEVT_BUTTON, [this](wxCommandEvent&) { hideNotice(); }, wxID_CLOSE);
  buildRefusedBar();
  buildImportBar();
  findBar_ = new FindBar(this);
  findBar_->onFindNext = [this](const wxString& what) { findNext(what); };
  findBar_->onReplace = [this](const wxString& what, const wxString& with) {
    replaceCurrent(what, with);
  };
  findBar_->onReplaceAll = [this](const wxString& what, const wxString& with) {
    replaceAll(what, with);
  };
  findBar_->onClosed = [this] { editor_->text()->SetFocus(); };
  mainSplit_ = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                    wxSP_LIVE_UPDATE | wxSP_3DSASH);
  outline_ = new OutlineView(mainSplit_);
  sideSplit_ = new wxSplitterWindow(mainSplit_, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                    wxSP_LIVE_UPDATE | wxSP_3DSASH);
  review_ = new ReviewPanel(sideSplit_);
  review_->onResolve = [this](const std::string& id, std::optional<std::string> text) {
    resolveMark(id, text);
  };
  bottomSplit_ = new wxSplitterWindow(sideSplit_, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                      wxSP_LIVE_UPDATE | wxSP_3DSASH);
  centreSplit_ = new wxSplitterWindow(bottomSplit_, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                      wxSP_LIVE_UPDATE | wxSP_3DSASH);
  editor_ = new SectionEditor(centreSplit_, *replica_, doc_);
  editor_->setGroupDelay(options_.groupMs);
  tables_ = new wxNotebook(centreSplit_, wxID_ANY);
  findings_ = new FindingsView(bottomSplit_);

  centreSplit_->SplitHorizontally(editor_, tables_, 250);
  bottomSplit_->SplitHorizontally(centreSplit_, findings_, -190);
  sideSplit_->SplitVertically(bottomSplit_, review_, -360);
  sideSplit_->SetSashGravity(1.0);
  mainSplit_->SplitVertically(outline_, sideSplit_, 340);
  for (auto* s : {mainSplit_, sideSplit_, bottomSplit_, centreSplit_}) s->SetMinimumPaneSize(60);
  centreSplit_->SetSashGravity(0.4);
  bottomSplit_->SetSashGravity(1.0);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(notice_, 0, wxEXPAND);
  sizer->Add(refusedBar_, 0, wxEXPAND);
  sizer->Add(importBar_, 0, wxEXPAND);
  sizer->Add(findBar_, 0, wxEXPAND);
  sizer->Add(mainSplit_, 1, wxEXPAND);
  welcome_ = new WelcomePanel(this);
  welcome_->Hide();
  sizer->Add(welcome_, 1, wxEXPAND);
  SetSizer(sizer);
  welcome_->onNew = [this] {
    wxCommandEvent e;
    onNew(e);
  };
  welcome_->onImport = [this] {
    wxCommandEvent e;
    onImport(e);
  };
  welcome_->onJoin = [this] {
    wxCommandEvent e;
    onConnect(e);
  };
  welcome_->onOpen = [this](const std::string& id) { openReport(id); };

  outline_->onSection = [this](doc::OpId id) { editor_->showSection(id); };
  outline_->onTable = [this](const std::string& key) { showTable(key); };
  outline_->onTablesMenu = [this](const std::string& key) {
    CallAfter([this, key] { showTablesMenu(key); });
  };
  editor_->onCommitted = [this](size_t keystrokes) { onTextCommitted(keystrokes); };
  editor_->onError = [this](const wxString& message) { showNotice(message); };
  findings_->onGoTo = [this](const FindingPlace& place) { goTo(place); };
  findings_->onAccept = [this](const std::vector<report::Finding>& findings, bool all) {
    acceptComputed(findings, all);
  };
}

void MainFrame::openReport(const core::ReportId& id) {
  if (editor_->hasUncommitted()) editor_->commit();
  stopSyncPushingLast();  // the worker syncs the report being replaced
  {
    SharedDoc::Lock lock(doc_);
    editor_->showSection(std::nullopt);
    report_ = replica_->open(id);
    // The tables come back with the new report's analysis; none of the old one's stays.
    tables_->DeleteAllPages();
    grids_.clear();
    analysis_ = Analysis{};
    analysis_.generation = ++generation_;  // the old report's checks still running: dropped
    findings_->show(analysis_);
    findings_->showComments({});  // the reviewer's comments were on the old report
    SetTitle(wx(report_.doc->reportValue(doc::ReportField::kTitle)) + " - " + tr("reportsync"));
    // Tables appear when the analysis is back; the outline at once.
    outline_->rebuild(*report_.doc, {}, {}, 0);
    auto outline = report_.doc->outline();
    if (!outline.empty()) {
      outline_->selectSection(outline.front().id);
      editor_->showSection(outline.front().id);
    }
  }
  refreshReview();
  requestAnalysis(0);
  startSync();
  updateWelcome();
  updateMenus();
  updateStatus();
}

bool MainFrame::selectSection(const std::string& outlineNumber) {
  if (!hasReport()) return false;
  std::vector<int> number;
  try {
    number = core::parseOutlineNumber(outlineNumber);
  } catch (const std::exception&) {
    return false;
  }
  SharedDoc::Lock lock(doc_);
  auto id = report_.doc->sectionByNumber(number);
  if (!id) return false;
  outline_->selectSection(*id);  // the tree's selection event shows it
  if (editor_->section() != id) editor_->showSection(*id);
  return true;
}

void MainFrame::showTable(const std::string& key) {
  for (size_t i = 0; i < tables_->GetPageCount(); ++i) {
    if (auto* g = dynamic_cast<TableGrid*>(tables_->GetPage(i)); g && g->key() == key) {
      tables_->SetSelection(i);
      return;
    }
  }
}

TableGrid* MainFrame::grid(const std::string& key) {
  auto it = grids_.find(key);
  return it == grids_.end() ? nullptr : it->second;
}

void MainFrame::goTo(const FindingPlace& place) {
  if (!place.section.empty()) {
    selectSection(place.section);
    editor_->text()->SetFocus();
    return;
  }
  showTable(place.table);
  if (TableGrid* g = grid(place.table)) {
    g->selectCell(place.row, place.column);
    g->SetFocus();
  }
}

void MainFrame::onTextCommitted(size_t) {
  noteSaved();
  localChangeCommitted();
  requestAnalysis(300);
  updateMenus();
  updateStatusSoon();
}

void MainFrame::noteSaved() {
  savedAt_ = clockText();
  message_.clear();
}

void MainFrame::SetStatusText(const wxString& text, int number) {
  if (number == 3) message_ = text;
  wxFrame::SetStatusText(text, number);
}

void MainFrame::onCellEdited(const std::string& table, const std::string& row,
                             const std::string& column, const std::string& value) {
  try {
    SharedDoc::Lock lock(doc_);
    auto t = core::findTable(*report_.doc, table);
    auto r = t ? core::findRow(*report_.doc, *t, row) : std::nullopt;
    if (!t || !r) throw std::runtime_error("no cell " + table + "/" + row + "/" + column);
    core::requireMayWriteTable(*report_.doc, *t, replica_->userName());
    replica_->edit(report_, [&](doc::LocalEdit& e) { e.setCell(*t, *r, column, value); });
    noteSaved();
    localChangeCommitted();
    hideNotice(NoticeKind::kCell);
  } catch (const std::exception& e) {
    showNotice(tr("Could not change the cell: ") + errorText(e.what()), NoticeKind::kCell);
  }
  requestAnalysis(0);
  updateMenus();
  updateStatus();
}

void MainFrame::acceptComputed(const std::vector<report::Finding>& findings, bool ask) {
  if (!hasReport() || findings.empty()) return;
  if (ask) {
    wxString list;
    for (const report::Finding& f : findings) {
      auto write = report::acceptComputed(f);
      if (!write) continue;
      std::string place = f.location;  // as people name it, when the analysis has it
      for (size_t i = 0; i < analysis_.findings.size() && i < analysis_.places.size(); ++i)
        if (analysis_.findings[i].location == f.location) place = analysis_.places[i].text;
      list += wx(place + "：" + f.actual + " → " + write->value) + "\n";
    }
    wxMessageDialog confirm(
        this,
        wxString::Format(tr("Write the computed figure in %zu cells?"), findings.size()) + "\n\n" +
            list,
        tr("Use every computed figure"), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    if (confirm.ShowModal() != wxID_YES) return;
  }
  try {
    SharedDoc::Lock lock(doc_);
    std::vector<report::CellWrite> writes =
        core::acceptComputedFigures(*replica_, report_, findings);
    noteSaved();
    localChangeCommitted();
    hideNotice(NoticeKind::kCell);
    SetStatusText(wxString::Format(tr("Computed figure written in %zu cells"), writes.size()), 3);
  } catch (const std::exception& e) {
    showNotice(tr("Could not write the computed figure: ") + errorText(e.what()),
               NoticeKind::kCell);
  }
  requestAnalysis(0);
  updateMenus();
  updateStatus();
}

void MainFrame::undo() {
  if (!hasReport()) return;
  SharedDoc::Lock lock(doc_);
  SectionEditor::Anchors anchors = editor_->captureAnchors();  // commits typing first
  std::optional<doc::ChangeId> undone;
  auto tablesBefore = core::tableKeys(*report_.doc);
  try {
    undone = core::undoLast(*replica_, report_);
  } catch (const std::exception& e) {
    showNotice(tr("Could not undo: ") + errorText(e.what()), NoticeKind::kUndo);
    return;
  }
  if (!undone) {
    SetStatusText(tr("Nothing of yours to undo"), 3);
    return;
  }
  undoRedoDone(tablesBefore);
  editor_->refreshFromDocument(anchors);
  noteSaved();
  localChangeCommitted();
  refreshAll();
}

void MainFrame::redo() {
  if (!hasReport()) return;
  SharedDoc::Lock lock(doc_);
  SectionEditor::Anchors anchors = editor_->captureAnchors();  // commits typing first
  std::optional<doc::ChangeId> redone;
  auto tablesBefore = core::tableKeys(*report_.doc);
  try {
    redone = core::redoLast(*replica_, report_);
  } catch (const std::exception& e) {
    showNotice(tr("Could not redo: ") + errorText(e.what()), NoticeKind::kUndo);
    return;
  }
  if (!redone) {
    SetStatusText(tr("Nothing of yours to redo"), 3);
    return;
  }
  undoRedoDone(tablesBefore);
  editor_->refreshFromDocument(anchors);
  noteSaved();
  localChangeCommitted();
  refreshAll();
}

void MainFrame::undoRedoDone(const std::vector<std::pair<doc::OpId, std::string>>& tablesBefore) {
  hideNotice(NoticeKind::kUndo);
  // A table brought back or removed again: an earlier refusal of a table's add or removal
  // is stale now (the redone add stood beside "未新增表格…" in session 7's screenshot).
  if (core::tableKeys(*report_.doc) != tablesBefore) hideNotice(NoticeKind::kTables);
  showRestoredTables();
}

void MainFrame::showRestoredTables() {
  // A table an undo or redo brought back (a removed project table): its tab opens once built.
  for (const auto& [table, key] : core::tableKeys(*report_.doc))
    if (!grids_.count(key)) showWhenBuilt_ = key;
}

core::MergeResult MainFrame::mergeHistory(std::string_view history) {
  SharedDoc::Lock lock(doc_);
  SectionEditor::Anchors anchors = editor_->captureAnchors();
  core::MergeResult result = replica_->mergeHistory(report_, history);
  editor_->refreshFromDocument(anchors);
  refreshAll();
  return result;
}

void MainFrame::mergeBundleFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  core::Bundle b = core::decodeBundle(bytes);
  if (!hasReport() || b.reportId != report_.id)
    throw std::runtime_error("the bundle is for report " + b.reportId + ", not the open one");
  core::MergeResult m = mergeHistory(b.history);
  SetStatusText(
      wxString::Format(tr("Merged %zu new changes (%zu already here)"), m.applied, m.duplicate), 3);
}

void MainFrame::refreshAll() {
  if (!hasReport()) return;
  {
    SharedDoc::Lock lock(doc_);
    outline_->rebuild(*report_.doc, analysis_.tables, {}, 0);
  }
  refreshReview();
  requestAnalysis(0);
  updateMenus();
  updateStatus();
}

bool MainFrame::analysisPending() const {
  return analysisTimer_.IsRunning() || worker_.outstanding() > 0;
}

void MainFrame::requestAnalysis(int delayMs) {
  if (delayMs <= 0) {
    analysisTimer_.Stop();
    startAnalysis();
  } else {
    analysisTimer_.StartOnce(delayMs);
  }
}

void MainFrame::startAnalysis() {
  if (!hasReport()) return;
  // The copy is made here; the checks run on the worker and come back through CallAfter.
  report::ReportContent content;
  {
    SharedDoc::Lock lock(doc_);
    content = core::toContent(*report_.doc);
  }
  uint64_t generation = ++generation_;
  worker_.post(this, "analysis", [this, content = std::move(content), generation]() {
    auto analysis = std::make_shared<Analysis>(analyze(content, generation));
    return BackgroundWorker::Continuation(
        [this, analysis] { applyAnalysis(std::move(*analysis)); });
  });
}

void MainFrame::applyAnalysis(Analysis analysis) {
  if (analysis.generation < analysis_.generation) return;
  if (!analysis.error.empty()) showNotice(tr("The checks failed: ") + errorText(analysis.error));
  analysis_ = std::move(analysis);
  findings_->show(analysis_);

  // Tables: one page each, created once, refreshed unless someone is typing in a cell; the
  // page of a table no longer in the report (a project table removed) goes.
  if (analysis_.error.empty()) {
    for (size_t i = tables_->GetPageCount(); i-- > 0;) {
      auto* g = dynamic_cast<TableGrid*>(tables_->GetPage(i));
      if (!g || std::any_of(analysis_.tables.begin(), analysis_.tables.end(),
                            [&](const report::TableView& v) { return v.key == g->key(); }))
        continue;
      grids_.erase(g->key());
      tables_->DeletePage(i);
    }
  }
  for (const auto& view : analysis_.tables) {
    TableGrid* g = grid(view.key);
    wxString label = wx(view.title.empty() ? view.key : view.title);
    if (g) {  // a project's name changed: its tab says so
      int page = tables_->FindPage(g);
      if (page != wxNOT_FOUND && tables_->GetPageText(page) != label)
        tables_->SetPageText(page, label);
    } else {
      g = new TableGrid(tables_, view.key);
      g->onCellEdited = [this](const std::string& t, const std::string& r, const std::string& c,
                               const std::string& v) {
        // After the grid has finished its own event: the refresh rebuilds the grid.
        CallAfter([this, t, r, c, v] { onCellEdited(t, r, c, v); });
      };
      g->addGroupOf = [this](const std::string& t, const std::string& r, const std::string& gr,
                             const std::string& b) { return addGroupFor(t, r, gr, b); };
      g->onAddRow = [this](const std::string& t, const std::string& gr, const std::string& after) {
        CallAfter([this, t, gr, after] { askAndAddRow(t, gr, after); });
      };
      g->onDeleteRow = [this](const std::string& t, const std::string& r) {
        CallAfter([this, t, r] { deleteTableRow(t, r); });
      };
      g->onAccept = [this](const std::vector<report::Finding>& f, bool ask) {
        CallAfter([this, f, ask] { acceptComputed(f, ask); });
      };
      g->onComputedTyped = [this](const wxString& why) { showNotice(why, NoticeKind::kCell); };
      g->mayDeleteRow = [this](const std::string& t, const std::string& r) {
        return mayDeleteRow(t, r);
      };
      grids_[view.key] = g;
      tables_->AddPage(g, label);
    }
    if (g->IsCellEditControlShown()) continue;
    std::vector<report::Finding> mine;
    for (const auto& f : analysis_.findings)
      if (f.location.rfind(view.key + "/", 0) == 0) mine.push_back(f);
    g->show(view, mine);
  }
  if (!showWhenBuilt_.empty() && grid(showWhenBuilt_)) {
    // Once GTK has shown the new page: it refuses to switch to a page not yet visible,
    // and wx would then believe the page selected while the notebook shows none.
    CallAfter([this, key = showWhenBuilt_] { showTable(key); });
    showWhenBuilt_.clear();
  }
  std::map<std::string, int> bySection;
  for (const auto& p : analysis_.places)
    if (!p.section.empty()) ++bySection[p.section];
  {
    SharedDoc::Lock lock(doc_);
    outline_->rebuild(*report_.doc, analysis_.tables, bySection, 0);
  }
  updateStatus();
}

void MainFrame::updateStatusSoon() {
  if (!statusTimer_.IsRunning()) statusTimer_.StartOnce(150);
}

void MainFrame::updateStatus() {
  statusTimer_.Stop();  // what it would show is shown now
  wxStatusBar* bar = GetStatusBar();
  if (!bar) return;
  bar->SetStatusText(syncStateText(), 0);
  size_t unsynced = hasReport() ? replica_->outboxCount(report_.id) : 0;
  bar->SetStatusText(wxString::Format(tr("%zu changes not synced"), unsynced), 1);
  std::optional<int64_t> last = hasReport() ? replica_->lastSyncMs(report_.id) : std::nullopt;
  if (last) {
    std::time_t t = std::time_t(*last / 1000), now = std::time(nullptr);
    std::tm at = *std::localtime(&t), today = *std::localtime(&now);
    char buf[32];
    bool sameDay = at.tm_year == today.tm_year && at.tm_yday == today.tm_yday;
    std::strftime(buf, sizeof buf, sameDay ? "%H:%M:%S" : "%Y-%m-%d %H:%M", &at);
    bar->SetStatusText(tr("Last sync: ") + wx(buf), 2);
  } else {
    bar->SetStatusText(tr("Last sync: never"), 2);
  }
  if (editor_->hasUncommitted())
    bar->SetStatusText(tr("Typing..."), 3);
  else if (!message_.empty())
    bar->SetStatusText(message_, 3);
  else if (!savedAt_.empty())
    bar->SetStatusText(tr("Saved at ") + wx(savedAt_), 3);
  if (!hasReport()) {  // the first-run screen: no checks to speak of
    bar->SetStatusText("", 4);
    return;
  }
  size_t errors = 0, warnings = 0;
  for (const auto& f : analysis_.findings) {
    if (f.severity == report::Severity::kError) ++errors;
    if (f.severity == report::Severity::kWarning) ++warnings;
  }
  bar->SetStatusText(wxString::Format(tr("Checks: %zu errors, %zu warnings"), errors, warnings), 4);
}

void MainFrame::onClose(wxCloseEvent& event) {
  editor_->commit();
  saveLayout();
  // The worker may be in a long poll: let the window go first, then wait for it.
  Hide();
  stopSyncPushingLast();
  event.Skip();
}

void MainFrame::saveLayout() {
  wxFileConfig config("reportsync", "", wx(options_.store + "/gui.ini"), "",
                      wxCONFIG_USE_LOCAL_FILE);
  if (!IsMaximized()) {
    config.Write("/window/width", GetSize().x);
    config.Write("/window/height", GetSize().y);
  }
  // The panes as the user left them: the outline's and the side panel's widths, the text's
  // and the findings' heights (the first-run screen hides them: nothing to remember then).
  if (mainSplit_->IsShown()) {
    config.Write("/window/outline", mainSplit_->GetSashPosition());
    config.Write("/window/text", centreSplit_->GetSashPosition());
    config.Write("/window/side", sideSplit_->GetSize().x - sideSplit_->GetSashPosition());
    config.Write("/window/findings", bottomSplit_->GetSize().y - bottomSplit_->GetSashPosition());
  }
  if (hasReport()) config.Write("/report/last", wx(report_.id));
}

void MainFrame::restoreLayout() {
  wxFileConfig config("reportsync", "", wx(options_.store + "/gui.ini"), "",
                      wxCONFIG_USE_LOCAL_FILE);
  int w = options_.width ? options_.width : config.ReadLong("/window/width", 1440);
  int h = options_.height ? options_.height : config.ReadLong("/window/height", 900);
  // A default or remembered size larger than this screen (a 1024x700 laptop, a size kept
  // from a larger monitor) would put the status bar and the right-hand panes off screen.
  if (!options_.width) {
    int display = wxDisplay::GetFromWindow(this);
    wxRect area = wxDisplay(display == wxNOT_FOUND ? 0u : unsigned(display)).GetClientArea();
    if (area.width > 0 && area.height > 0) {
      w = std::min(w, area.width);
      h = std::min(h, area.height);
    }
  }
  SetSize(w, h);
  // Defaults that leave the tables most of a laptop's width: at 1024 the outline and the
  // side panel take a fifth each, at 1440 and above 340 and 360 pixels.
  int outline = config.ReadLong("/window/outline", std::clamp(w * 22 / 100, 200, 340));
  int side = config.ReadLong("/window/side", std::clamp(w * 22 / 100, 200, 360));
  int findings = config.ReadLong("/window/findings", std::clamp(h * 24 / 100, 120, 190));
  int text = config.ReadLong("/window/text", std::clamp(h * 27 / 100, 140, 250));
  // The splitters know their sizes only once the frame has laid them out.
  SendSizeEvent();
  mainSplit_->SetSashPosition(outline);
  sideSplit_->SetSashPosition(std::max(200, sideSplit_->GetSize().x - side));
  bottomSplit_->SetSashPosition(std::max(160, bottomSplit_->GetSize().y - findings));
  centreSplit_->SetSashPosition(text);
}

}  // namespace rs::gui
