// new, list, show, edit, table, set-cell, history, undo, redo, set-user.
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/rights_text.h"
#include "core/row_rights.h"
#include "core/undo.h"
#include "docreport/content_bridge.h"
#include "docreport/render.h"
#include "report/compute.h"
#include "report/new_report.h"
#include "report/roll_forward.h"
#include "report/table_view.h"
#include "report/template.h"
#include "util/json_writer.h"
#include "util/time_text.h"
#include "util/utf8.h"

namespace rs::cli {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  require(in.good(), "cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const std::string& path, const std::string& bytes) {
  // Write beside the target and rename, so a failed write never leaves half a file.
  std::string tmp = path + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    require(out.good(), "cannot write " + path);
    out << bytes;
    out.flush();
    require(out.good(), "cannot write " + path);
  }
  require(std::rename(tmp.c_str(), path.c_str()) == 0, "cannot write " + path);
}

namespace {

doc::OpId sectionArg(const doc::Document& d, const std::string& number) {
  auto id = d.sectionByNumber(core::parseOutlineNumber(number));
  require(id.has_value(), "no section " + number);
  return *id;
}

// new --template KEY --year YYYY --dept NAME, or new --from REPORT --year YYYY
// [--template-newest]: next year's report made from last year's (report/roll_forward.h), a
// report of its own, on last year's template version unless --template-newest asks for the
// newest held. Says on stderr which version it used (stdout is the new report's id).
int cmdNew(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--template", "--year", "--dept", "--from"}, {"--template-newest"});
  a.expectCount(0,
                "new (--template KEY --year YYYY --dept NAME | --from REPORT --year YYYY "
                "[--template-newest])");
  size_t year = parseCount(a.get("--year").value_or(""), "--year");
  require(year >= 2000 && year <= 2100, "--year must be a year such as 2025");
  report::ReportContent content;
  std::string said;  // which template version a rolled-forward report took
  if (auto from = a.get("--from")) {
    require(!a.has("--template") && !a.has("--dept"),
            "--from takes the template and department of the report it starts from");
    core::OpenReport last = replica.open(replica.resolve(*from));
    report::ReportContent lastContent = core::toContent(*last.doc);
    std::optional<report::Template> newer = report::newerTemplate(lastContent.templateKey);
    bool takeNewest = a.has("--template-newest") && newer;
    report::Template tmpl =
        takeNewest ? *newer : report::Template::forReport(lastContent.templateKey);
    content = report::rollForward(tmpl, lastContent, int(year));
    std::string lastRef = lastContent.templateKey;
    said = "模板：" + report::versionName(tmpl.ref()) +
           (takeNewest ? "（最新版本；上年报告用 " + report::versionName(lastRef) + "）"
            : newer ? "（上年报告所用版本；已有 " + report::versionName(newer->ref()) +
                          "，加 --template-newest 采用）"
                    : std::string("（上年报告所用版本，即最新版本）"));
  } else {
    std::string key = a.get("--template").value_or("");
    require(!key.empty(), "--template is required (e.g. hunan-dept-selfeval), or --from REPORT");
    std::string dept = a.get("--dept").value_or("");
    require(!dept.empty(), "--dept is required");
    content = report::newReport(report::Template::newest(key), int(year), dept);
  }
  core::OpenReport r = replica.create([&](doc::LocalEdit& e) { core::writeContent(e, content); });
  if (!said.empty()) std::cerr << said << "\n";
  std::cout << r.id << "\n";
  return 0;
}

// status REPORT N (TEXT | --clear): a section's status (上年沿用 after `new --from`), cleared
// once the writer has revised the carried-over prose.
int cmdStatus(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--clear"});
  const char* usage = "status REPORT N (TEXT | --clear)";
  a.expectCount(a.has("--clear") ? 2 : 3, usage);
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  doc::OpId section = sectionArg(*r.doc, a.at(1, "N"));
  core::requireMayWriteSection(*r.doc, section, replica.userName());
  std::string value = a.has("--clear") ? "" : a.at(2, "TEXT");
  require(isValidUtf8(value), "the status is not valid UTF-8");
  replica.edit(
      r, [&](doc::LocalEdit& e) { e.setSectionField(section, doc::SectionField::kStatus, value); });
  return 0;
}

std::string timeText(int64_t ms) {
  return localTimeText(ms, "%Y-%m-%d %H:%M:%S", "-");
}

int cmdList(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--json"});
  a.expectCount(0, "list [--json]");
  auto reports = replica.list();
  if (a.has("--json")) {
    JsonWriter w;
    w.beginArray();
    for (const auto& r : reports) {
      w.beginObject().key("id").value(r.id).key("year").value(r.year);
      w.key("department").value(r.department).key("title").value(r.title);
      w.key("template").value(r.templateKey).key("unsynced").value(r.unsynced);
      w.key("pending").value(r.pending);
      w.key("submission").value(r.submission);
      w.key("lastSyncMs");
      if (r.lastSyncMs)
        w.value(*r.lastSyncMs);
      else
        w.null();
      w.endObject();
    }
    std::cout << w.endArray().str() << "\n";
    return 0;
  }
  for (const auto& r : reports) {
    std::cout << r.id << "  " << r.year << "  " << r.department << "  " << r.templateKey
              << "  unsynced " << r.unsynced << "  last sync "
              << (r.lastSyncMs ? timeText(*r.lastSyncMs) : std::string("never"));
    if (!r.submission.empty()) std::cout << "  submission " << r.submission;
    if (r.pending) std::cout << "  waiting " << r.pending;
    std::cout << "\n";
  }
  return 0;
}

int cmdShow(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--section"}, {"--json"});
  a.expectCount(1, "show REPORT [--section N] [--json]");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  std::optional<std::vector<int>> only;
  if (auto s = a.get("--section")) {
    only = core::parseOutlineNumber(*s);
    require(r.doc->sectionByNumber(*only).has_value(), "no section " + *s);
  }
  const std::vector<int>* filter = only ? &*only : nullptr;
  std::cout << (a.has("--json") ? core::renderJson(*r.doc, filter) + "\n"
                                : core::renderText(*r.doc, filter));
  return 0;
}

// Replaces a section's text by the smallest edit: keep the common prefix and suffix, so
// that unchanged text keeps its identity and merges cleanly with others' edits.
void replaceText(doc::LocalEdit& e, const doc::Document& d, doc::OpId section,
                 const std::u32string& next) {
  std::u32string now = d.section(section)->text.text();
  size_t prefix = 0;
  while (prefix < now.size() && prefix < next.size() && now[prefix] == next[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < now.size() - prefix && suffix < next.size() - prefix &&
         now[now.size() - 1 - suffix] == next[next.size() - 1 - suffix])
    ++suffix;
  e.deleteText(section, prefix, now.size() - prefix - suffix);
  e.insertText(section, prefix,
               std::u32string_view(next).substr(prefix, next.size() - prefix - suffix));
}

int cmdEdit(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--replace-with"}, {"--insert", "--delete", "--propose"});
  const char* usage =
      "edit REPORT N (--insert POS TEXT | --delete POS LEN | --replace-with FILE) [--propose]";
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  doc::OpId section = sectionArg(*r.doc, a.at(1, "N"));
  // --propose: a section not yours is written anyway; the change is kept and synced but
  // takes no effect (未生效) until the office adopts it.
  bool proposal = !r.doc->mayWriteSection(replica.userName(), section);
  if (!a.has("--propose")) core::requireMayWriteSection(*r.doc, section, replica.userName());
  int modes = a.has("--insert") + a.has("--delete") + a.has("--replace-with");
  require(modes == 1, std::string("usage: reportsync-cli ") + usage);
  std::function<void(doc::LocalEdit&)> build;
  if (a.has("--insert")) {
    a.expectCount(4, usage);
    size_t pos = parseCount(a.at(2, "POS"), "POS");
    std::u32string text = utf8ToU32(a.at(3, "TEXT"));
    build = [=](doc::LocalEdit& e) { e.insertText(section, pos, text); };
  } else if (a.has("--delete")) {
    a.expectCount(4, usage);
    size_t pos = parseCount(a.at(2, "POS"), "POS");
    size_t len = parseCount(a.at(3, "LEN"), "LEN");
    build = [=](doc::LocalEdit& e) { e.deleteText(section, pos, len); };
  } else {
    a.expectCount(2, usage);
    std::u32string text = utf8ToU32(readFile(*a.get("--replace-with")));
    while (!text.empty() && text.back() == U'\n') text.pop_back();
    build = [&r, section, text](doc::LocalEdit& e) { replaceText(e, *r.doc, section, text); };
  }
  replica.edit(r, build);
  if (proposal)
    std::cout << "kept as a proposal: it takes no effect until the office adopts it ("
              << core::sectionLabel(*r.doc, section) << "未分配给你; see: refused)\n";
  return 0;
}

int cmdTable(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--json"});
  a.expectCount(2, "table REPORT KEY [--json]");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  report::ReportContent content = core::toContent(*r.doc);
  report::Template tmpl = report::Template::forReport(content.templateKey);
  report::TableView view = report::viewTable(tmpl, content, a.at(1, "KEY"));
  std::cout << (a.has("--json") ? report::tableViewJson(view) + "\n" : report::tableViewText(view));
  return 0;
}

std::string rowKeyOf(const doc::Document& d, doc::OpId table, doc::OpId row) {
  return d.table(table)->rowInfo.at(row).key;
}

int cmdSetCell(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(5, "set-cell REPORT KEY ROW COLUMN VALUE");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  auto table = core::findTable(*r.doc, a.at(1, "KEY"));
  require(table.has_value(), "no table " + a.at(1, "KEY"));
  auto row = core::findRow(*r.doc, *table, a.at(2, "ROW"));
  require(row.has_value(), "no row " + a.at(2, "ROW") + " in table " + a.at(1, "KEY"));
  const std::string& column = a.at(3, "COLUMN");
  report::ReportContent content = core::toContent(*r.doc);
  report::requireCell(report::Template::forReport(content.templateKey), content, a.at(1, "KEY"),
                      rowKeyOf(*r.doc, *table, *row), column);
  core::requireMayWriteTable(*r.doc, *table, replica.userName());
  replica.edit(r, [&](doc::LocalEdit& e) { e.setCell(*table, *row, column, a.at(4, "VALUE")); });
  return 0;
}

int cmdHistory(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(1, "history REPORT");
  core::ReportId id = replica.resolve(a.at(0, "REPORT"));
  core::OpenReport r = replica.open(id);
  core::ActorUsers users = replica.actorUsers();
  for (const doc::Change& c : replica.decodedChanges(id, r.doc->actors())) {
    std::cout << timeText(c.timeMs) << "  " << core::authorText(users, c.id.actor, c.author) << "  "
              << crdt::toHex(c.id.actor).substr(0, 8) << "/" << c.id.seq << "  "
              << core::describeOps(*r.doc, c) << "\n";
  }
  return 0;
}

int cmdUndo(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(1, "undo REPORT");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  std::optional<doc::ChangeId> undone = core::undoLast(replica, r);
  require(undone.has_value(), "nothing to undo (the report's creation is never undone)");
  std::cout << "undid change " << undone->seq << "\n";
  return 0;
}

int cmdRedo(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(1, "redo REPORT");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  std::optional<doc::ChangeId> undo = core::redoLast(replica, r);
  require(undo.has_value(),
          "nothing to redo (没有可重做的操作: redo follows undo, before any new edit of yours)");
  std::cout << "redid: took back undo change " << undo->seq << "\n";
  return 0;
}

int cmdSetUser(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(1, "set-user NAME");
  replica.setUserName(a.at(0, "NAME"));
  return 0;
}

}  // namespace

void addReportCommands(std::map<std::string, Command>& c) {
  c["new"] = cmdNew;
  c["status"] = cmdStatus;
  c["list"] = cmdList;
  c["show"] = cmdShow;
  c["edit"] = cmdEdit;
  c["table"] = cmdTable;
  c["set-cell"] = cmdSetCell;
  c["history"] = cmdHistory;
  c["undo"] = cmdUndo;
  c["redo"] = cmdRedo;
  c["set-user"] = cmdSetUser;
}

}  // namespace rs::cli
