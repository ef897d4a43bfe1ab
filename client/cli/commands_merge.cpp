// marks, resolve, bundle, unbundle: where several people's work meets.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/bundle.h"
#include "core/rights_text.h"
#include "doc/marks.h"
#include "util/json_writer.h"
#include "util/utf8.h"

namespace rs::cli {

namespace {

std::vector<doc::ReviewMark> marksOf(core::Replica& replica, core::OpenReport& r) {
  return doc::computeMarks(*r.doc, replica.decodedChanges(r.id, r.doc->actors()));
}

int cmdMarks(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--json"});
  a.expectCount(1, "marks REPORT [--json]");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  std::vector<doc::ReviewMark> marks = marksOf(replica, r);
  core::ActorUsers users = replica.actorUsers();
  if (a.has("--json")) {
    JsonWriter w;
    w.beginArray();
    for (const auto& m : marks) {
      w.beginObject().key("id").value(m.id).key("merged").value(m.merged).key("sides").beginArray();
      for (const auto& s : m.sides) {
        // "author" is the side's label; "user" its server-verified user (null: unknown).
        w.beginObject().key("author").value(s.author).key("user");
        auto u = users.find(s.actor);
        if (u == users.end()) {
          w.null();
        } else {
          w.value(u->second);
        }
        w.key("text").value(s.text).endObject();
      }
      w.endArray().endObject();
    }
    std::cout << w.endArray().str() << "\n";
    return 0;
  }
  for (const auto& m : marks) {
    std::cout << "mark " << m.id << "\n  merged: " << m.merged << "\n";
    for (const auto& s : m.sides)
      std::cout << "  " << core::authorText(users, s.actor, s.author) << ": " << s.text << "\n";
  }
  if (marks.empty()) std::cout << "no review marks\n";
  return 0;
}

int cmdResolve(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--take", "--text"}, {"--keep"});
  a.expectCount(2, "resolve REPORT MARK (--keep | --take AUTHOR | --text FILE)");
  require(a.has("--keep") + a.has("--take") + a.has("--text") == 1,
          "resolve needs exactly one of --keep, --take AUTHOR, --text FILE");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  std::vector<doc::ReviewMark> marks = marksOf(replica, r);
  const std::string& markId = a.at(1, "MARK");
  auto mark = std::find_if(marks.begin(), marks.end(), [&](auto& m) { return m.id == markId; });
  require(mark != marks.end(), "no review mark " + markId + " (see: reportsync-cli marks)");
  core::requireMayWriteSection(*r.doc, mark->section, replica.userName());

  std::optional<std::string> replacement;
  if (auto author = a.get("--take")) {
    // A side is named by its label or by its verified user.
    core::ActorUsers users = replica.actorUsers();
    auto side = std::find_if(mark->sides.begin(), mark->sides.end(), [&](auto& s) {
      return s.author == *author || core::authorUser(users, s.actor, s.author) == *author;
    });
    require(side != mark->sides.end(), "mark " + markId + " has no side by " + *author);
    replacement = side->text;
  } else if (auto file = a.get("--text")) {
    replacement = readFile(*file);
    while (!replacement->empty() && replacement->back() == '\n') replacement->pop_back();
    require(replacement->find('\n') == std::string::npos, "the replacement must be one paragraph");
  }
  replica.edit(r, [&](doc::LocalEdit& e) {
    if (replacement && *replacement != mark->merged) {
      e.deleteText(mark->section, mark->paragraphStart, mark->paragraphLength);
      e.insertText(mark->section, mark->paragraphStart, utf8ToU32(*replacement));
    }
    e.resolveMark(mark->section, mark->paragraphEnd, mark->changes);
  });
  return 0;
}

int cmdBundle(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--out"}, {});
  a.expectCount(1, "bundle REPORT --out FILE");
  require(a.has("--out"), "bundle needs --out FILE");
  core::ReportId id = replica.resolve(a.at(0, "REPORT"));
  core::Bundle b{id, replica.history(id)};
  writeFile(*a.get("--out"), core::encodeBundle(b));
  std::cout << b.changeCount() << " changes written to " << *a.get("--out") << "\n";
  return 0;
}

int cmdUnbundle(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(1, "unbundle FILE");
  core::Bundle b = core::decodeBundle(readFile(a.at(0, "FILE")));
  core::OpenReport r = replica.openOrEmpty(b.reportId);
  core::MergeResult m = replica.mergeHistory(r, b.history);
  std::cout << b.reportId << ": " << m.applied << " new changes, " << m.duplicate
            << " already here";
  if (m.pending) std::cout << ", " << m.pending << " waiting for earlier changes";
  std::cout << "\n";
  return 0;
}

}  // namespace

void addMergeCommands(std::map<std::string, Command>& c) {
  c["marks"] = cmdMarks;
  c["resolve"] = cmdResolve;
  c["bundle"] = cmdBundle;
  c["unbundle"] = cmdUnbundle;
}

}  // namespace rs::cli
