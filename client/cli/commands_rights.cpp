// refused, adopt: changes that did not take effect under the document's rights rule
// (doc/rights.cpp), so that their text is never lost: the author copies it to a section
// they may write, or the office adopts it as its own change.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/project_tables.h"
#include "core/rights_text.h"
#include "doc/change_codec.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::cli {

namespace {

doc::Change heldChange(core::Replica& replica, const core::OpenReport& r, const doc::ChangeId& id,
                       crdt::ActorTable& actors) {
  auto bytes = replica.changeBytes(r.id, id);
  require(bytes.has_value(), "change " + core::changeLabel(id) + " is not in this store");
  return doc::decodeChange(*bytes, actors);
}

// Every change of the report with ops that did not take effect: its name, author and
// reason, then the text it typed, indented.
int cmdRefused(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--mine"});
  a.expectCount(1, "refused REPORT [--mine]");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  size_t shown = 0;
  core::ActorUsers users = replica.actorUsers();
  for (const doc::Ineffective& x : r.doc->ineffective()) {
    if (a.has("--mine") && core::authorUser(users, x.change.actor, x.author) != replica.userName())
      continue;
    crdt::ActorTable scratch;
    doc::Change change = heldChange(replica, r, x.change, scratch);
    std::cout << core::changeLabel(x.change) << "\t"
              << core::authorText(users, x.change.actor, x.author) << "\t"
              << core::ineffectiveReason(*r.doc, x, replica.userName()) << "\n";
    std::string text = core::insertedText(change);
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::cout << "    " << text.substr(start, end - start) << "\n";
      start = end + 1;
    }
    ++shown;
  }
  // Colleagues' edits inside a table removed without seeing them (core/project_tables.h).
  for (const core::HiddenEdit& h : core::hiddenTableEdits(replica, r)) {
    if (a.has("--mine") && h.author != replica.userName()) continue;
    std::cout << core::changeLabel(h.change) << "\t" << h.author << "\t"
              << core::describeHiddenEdit(h) << "\n";
    ++shown;
  }
  if (shown == 0) std::cout << "no changes that did not take effect\n";
  return 0;
}

// The office re-applies the text of a change that did not take effect, as its own change,
// where the text was typed (or at the section's end when that place is gone).
int cmdAdopt(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(2, "adopt REPORT CHANGE   (CHANGE as refused lists it: 0123abcd/7)");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  core::requireOffice(*r.doc, replica.userName(), "adopting a change (采纳)");
  const std::string& label = a.at(1, "CHANGE");
  const doc::Ineffective* found = nullptr;
  for (const doc::Ineffective& x : r.doc->ineffective())
    if (core::changeLabel(x.change) == label) found = &x;
  require(found != nullptr, "no change " + label + " that did not take effect (see: refused)");
  doc::Change change = heldChange(replica, r, found->change, r.doc->actors());
  size_t adopted = 0;
  std::vector<std::string> places;
  replica.edit(r, [&](doc::LocalEdit& e) {
    for (const doc::Op& op : change.ops) {
      auto* ins = std::get_if<doc::TextInsert>(&op);
      if (!ins) continue;
      const doc::Section* s = r.doc->section(ins->section);
      bool placed = false;
      for (const auto& entry : r.doc->outline()) placed |= entry.id == ins->section;
      if (!s || !placed) continue;
      std::optional<size_t> at;
      if (ins->anchor.left) {
        if (auto p = s->text.visiblePosition(*ins->anchor.left)) at = *p + 1;
      }
      if (!at && ins->anchor.right) at = s->text.visiblePosition(*ins->anchor.right);
      e.insertText(ins->section, at.value_or(s->text.size()), ins->text);
      adopted += ins->text.size();
      places.push_back(core::sectionLabel(*r.doc, ins->section));
    }
  });
  // Nothing was stored when nothing was adopted.
  require(adopted > 0, "change " + label + " has no text to adopt in a section of the outline");
  std::cout << "adopted " << adopted << " characters into " << places.front() << "\n";
  return 0;
}

}  // namespace

void addRightsCommands(std::map<std::string, Command>& c) {
  c["refused"] = cmdRefused;
  c["adopt"] = cmdAdopt;
}

}  // namespace rs::cli
