#include "gui/typing_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <wx/uiaction.h>
#include <wx/utils.h>

#include "docreport/content_bridge.h"
#include "formats/text_import.h"
#include "gui/app.h"
#include "gui/main_frame.h"
#include "report/template.h"
#include "util/utf8.h"

namespace rs::gui {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kCodePointsPerPage = 616;  // GB/T 9704: 22 lines of 28 characters

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

std::string percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, size_t(q * v.size()))];
  };
  std::ostringstream s;
  s.precision(3);
  s << std::fixed << "{\"p50\":" << at(0.5) << ",\"p99\":" << at(0.99)
    << ",\"max\":" << (v.empty() ? 0.0 : v.back()) << ",\"n\":" << v.size() << "}";
  return s.str();
}

size_t codePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Waits (running the event loop) until `done`, at most `limitMs`.
template <typename F>
bool pump(F done, int limitMs) {
  auto until = Clock::now() + std::chrono::milliseconds(limitMs);
  while (!done()) {
    if (Clock::now() > until) return false;
    wxYield();
  }
  return true;
}

}  // namespace

void prepareTypingBench(AppOptions& o) {
  char dir[] = "/tmp/reportsync-bench-XXXXXX";
  if (!mkdtemp(dir)) throw std::runtime_error("cannot make a temporary store");
  o.store = dir;
  std::string samplePath = o.importFile.empty() ? RS_SAMPLE_TEXT : o.importFile;
  std::ifstream in(samplePath, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + samplePath);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  report::Template tmpl = report::Template::builtin("hunan-dept-selfeval");
  report::ReportContent content = formats::importText(text, tmpl);

  // Grow the prose to N pages with the sample's own paragraphs: half into section 6 (the
  // longest, where the benchmark types), the rest spread over the others.
  std::vector<std::string> paragraphs;
  size_t total = 0;
  report::forEachSection(content.sections,
                         [&](const report::SectionContent& s, const std::string&) {
                           std::istringstream lines(s.body);
                           for (std::string p; std::getline(lines, p);)
                             if (codePoints(p) > 40) paragraphs.push_back(p);
                           total += codePoints(s.body);
                         });
  size_t target = size_t(o.benchPages) * kCodePointsPerPage;
  size_t i = 0;
  while (total < target && !paragraphs.empty()) {
    const std::string& p = paragraphs[i % paragraphs.size()];
    report::SectionContent& s =
        (i % 2 == 0 || content.sections.size() < 6)
            ? content.sections[std::min<size_t>(5, content.sections.size() - 1)]
            : content.sections[i % content.sections.size()];
    s.body += (s.body.empty() ? "" : "\n") + p;
    total += codePoints(p) + 1;
    ++i;
  }
  core::Replica replica(o.store);
  o.report = replica.create([&](doc::LocalEdit& e) { core::writeContent(e, content); }).id;
  o.importFile.clear();
}

void startTypingBench(MainFrame* frame, const AppOptions& o) {
  SectionEditor* ed = frame->editor();
  wxStyledTextCtrl* stc = ed->text();
  frame->selectSection("6");
  wxYield();
  size_t reportChars = 0;
  for (const auto& e : frame->report().doc->outline())
    reportChars += frame->report().doc->section(e.id)->text.size();
  size_t sectionChars = frame->report().doc->section(*ed->section())->text.size();
  ed->setCaretPosition(sectionChars / 2);

  wxUIActionSimulator sim;
  frame->Raise();
  stc->SetFocus();
  sim.MouseMove(stc->GetScreenRect().GetPosition() + wxPoint(40, 40));
  pump([] { return false; }, 200);
  // Real key events through the X server when they reach the editor; otherwise key
  // events made in the process (reported as "input":"wx").
  // Default: key events dispatched to the control in the process ("wx"), which measures
  // the program. RS_BENCH_INPUT=xtest goes through the X server with wxUIActionSimulator,
  // whose X11 implementation sleeps about 20 ms per key release on purpose.
  const char* forced = std::getenv("RS_BENCH_INPUT");
  std::string input = forced && std::string(forced) == "xtest" ? "xtest" : "wx";
  size_t before = ed->recordedEdits();
  if (input == "xtest") sim.Char('x');
  if (input == "xtest" && !pump([&] { return ed->recordedEdits() > before; }, 2000)) input = "wx";
  auto press = [&](int key) {
    if (input == "xtest") {
      sim.Char(key);
    } else {
      wxKeyEvent ev(wxEVT_CHAR);
      ev.m_keyCode = key;
      ev.m_uniChar = key;
      ev.SetEventObject(stc);
      stc->GetEventHandler()->ProcessEvent(ev);
    }
  };
  const char letters[] = "abcdefghijklmnopqrstuvwxyz ";
  bool ok = true;

  // 1. Every key its own change: key event -> op applied and committed to the store.
  ed->setGroupDelay(0);
  std::vector<double> keyToCommitted;
  for (int k = 0; k < o.benchKeys && ok; ++k) {
    size_t commits = ed->commits();
    auto t0 = Clock::now();
    press(letters[k % 27]);
    ok = pump([&] { return ed->commits() > commits; }, 2000);
    keyToCommitted.push_back(ms(Clock::now() - t0));
  }
  // 2. As people type: keys are recorded at once and committed on a pause.
  ed->setGroupDelay(o.groupMs > 0 ? o.groupMs : 400);
  std::vector<double> keyToRecorded, commitMs;
  size_t commitsBefore = ed->commits(), seenCommits = commitsBefore;
  for (int k = 0; k < o.benchKeys && ok; ++k) {
    size_t recorded = ed->recordedEdits();
    auto t0 = Clock::now();
    press(letters[k % 27]);
    ok = pump([&] { return ed->recordedEdits() > recorded; }, 2000);
    keyToRecorded.push_back(ms(Clock::now() - t0));
    if (k % 40 == 39) pump([&] { return !ed->hasUncommitted(); }, 3000);  // a pause
    if (ed->commits() > seenCommits) {
      seenCommits = ed->commits();
      commitMs.push_back(ed->lastCommitMs());
    }
  }
  pump([&] { return !ed->hasUncommitted(); }, 3000);
  size_t groupedChanges = ed->commits() - commitsBefore;

  std::cout << "{\"bench\":\"gui-typing\",\"ok\":" << (ok ? "true" : "false") << ",\"input\":\""
            << input << "\",\"pages\":" << o.benchPages << ",\"report_chars\":" << reportChars
            << ",\"section_chars\":" << sectionChars << ",\"keys\":" << o.benchKeys
            << ",\"key_to_committed_ms\":" << percentiles(keyToCommitted)
            << ",\"key_to_recorded_ms\":" << percentiles(keyToRecorded)
            << ",\"grouped_commit_ms\":" << percentiles(commitMs)
            << ",\"grouped_changes\":" << groupedChanges
            << ",\"group_ms\":" << (o.groupMs > 0 ? o.groupMs : 400)
            << ",\"startup_ms\":" << wxGetApp().startupMs() << "}" << std::endl;
  wxGetApp().setExitCode(ok ? 0 : 1);
  frame->Close(true);
}

}  // namespace rs::gui
