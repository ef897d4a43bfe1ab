// History and review marks in the right-hand panel, and resolving marks with the same
// ops as `reportsync-cli resolve`, under the shared report lock through Replica::edit.
#include <chrono>
#include <ctime>
#include <unordered_map>

#include <wx/log.h>

#include "core/undo.h"
#include "gui/main_frame.h"
#include "gui/ui_text.h"
#include "util/time_text.h"
#include "util/utf8.h"

namespace rs::gui {

namespace {

// A change's local time for the 历史 panel: "HH:MM" today, else "MM-DD HH:MM" (short, so
// that at 1024x700 the panel shows its 修改人 and 时间 beside 内容).
std::string timeText(int64_t ms) {
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  bool today = localTimeText(ms, "%Y-%m-%d") == localTimeText(now, "%Y-%m-%d");
  return localTimeText(ms, today ? "%H:%M" : "%m-%d %H:%M", "-");
}

// Where changes happened, named for the history panel: a section by its outline number
// ("第6.1节"), a table by its title. Built once per refresh (the outline is walked once).
struct PlaceNames {
  std::unordered_map<doc::OpId, wxString, doc::OpIdHash> sections;
  const doc::Document& doc;

  explicit PlaceNames(const doc::Document& d) : doc(d) {
    for (const auto& e : d.outline()) {
      wxString number;
      for (int n : e.number) number += (number.empty() ? "" : ".") + wxString::Format("%d", n);
      sections[e.id] = wxString::Format(tr("section %s"), number);
    }
  }
  // The places of `s`, joined: "第6节、部门整体支出绩效自评表"; a section no longer in the
  // outline is left out. More than three are counted instead ("12 节、4 个表", an import).
  wxString of(const core::ChangeSummary& s) const {
    if (s.sections.size() + s.tables.size() > 3) {
      if (s.tables.empty()) return wxString::Format(tr("%zu sections"), s.sections.size());
      if (s.sections.empty()) return wxString::Format(tr("%zu tables"), s.tables.size());
      return wxString::Format(tr("%zu sections, %zu tables"), s.sections.size(), s.tables.size());
    }
    wxString names;
    auto add = [&names](const wxString& name) { names += (names.empty() ? "" : tr(", ")) + name; };
    for (doc::OpId id : s.sections)
      if (auto it = sections.find(id); it != sections.end()) add(it->second);
    for (doc::OpId id : s.tables)
      if (const doc::Table* t = doc.table(id)) add(wx(t->title.empty() ? t->name : t->title));
    return names;
  }
};

// What a change did and where, in the interface's language ("第6节：+12 字" in Chinese).
std::string changeText(const core::ChangeSummary& s, const PlaceNames& places) {
  wxString t = places.of(s);
  if (!t.empty()) t += tr(": ");
  if (s.inserted) t += wxString::Format(tr("+%zu characters "), s.inserted);
  if (s.deleted) t += wxString::Format(tr("-%zu characters "), s.deleted);
  if (s.cells) t += wxString::Format(tr("%zu cells "), s.cells);
  if (s.other) t += wxString::Format(tr("%zu other changes"), s.other);
  if (s.ineffective) t += tr(" (not in effect)");
  return utf8(t);
}

}  // namespace

void MainFrame::refreshReview() {
  if (!hasReport() || !review_) return;
  std::vector<HistoryLine> lines;
  std::vector<doc::ReviewMark> marks;
  try {
    SharedDoc::Lock lock(doc_);
    std::vector<doc::Change> history = replica_->decodedChanges(report_.id, report_.doc->actors());
    marks = doc::computeMarks(*report_.doc, history);
    // Who wrote each change is its actor's server-verified user; the name it carries is
    // only a label beside it (core/authors.h).
    core::ActorUsers users = replica_->actorUsers();
    PlaceNames places(*report_.doc);
    for (auto it = history.rbegin(); it != history.rend(); ++it)
      lines.push_back({timeText(it->timeMs),
                       core::authorText(users, it->id.actor, it->author, chineseInterface()),
                       changeText(core::summarizeOps(*report_.doc, *it), places)});
    for (doc::ReviewMark& m : marks)
      for (doc::MarkSide& side : m.sides)
        side.author = core::authorText(users, side.actor, side.author, chineseInterface());
  } catch (const std::exception& e) {
    showNotice(errorText(e.what()));
  }
  review_->show(lines, marks);
  updateRefusedNotice();
}

bool MainFrame::resolveMark(const std::string& id, std::optional<std::string> text) {
  if (!hasReport()) return false;
  if (editor_->hasUncommitted()) editor_->commit();
  bool found = false;
  try {
    SharedDoc::Lock lock(doc_);
    std::vector<doc::ReviewMark> marks = doc::computeMarks(
        *report_.doc, replica_->decodedChanges(report_.id, report_.doc->actors()));
    for (const doc::ReviewMark& mark : marks) {
      if (mark.id != id) continue;
      found = true;
      replica_->edit(report_, [&](doc::LocalEdit& e) {
        if (text && *text != mark.merged) {
          e.deleteText(mark.section, mark.paragraphStart, mark.paragraphLength);
          e.insertText(mark.section, mark.paragraphStart, utf8ToU32(*text));
        }
        e.resolveMark(mark.section, mark.paragraphEnd, mark.changes);
      });
      break;
    }
  } catch (const std::exception& e) {
    showNotice(errorText(e.what()));
    return false;
  }
  if (found) {
    localChangeCommitted();
    editor_->refreshFromDocument();
    refreshAll();
  }
  return found;
}

}  // namespace rs::gui
