#include "core/actor_reissue.h"

#include <map>

namespace rs::core {

namespace {

// Renames the op ids and change ids that belong to the re-issued changes.
struct Renamer {
  doc::ActorIdx oldIdx, newIdx;
  std::map<uint64_t, uint64_t> ranges;  // first counter -> last counter of each re-issued change
  std::map<uint64_t, uint64_t> seqs;    // old seq -> new seq
  doc::ActorId oldActor, newActor;

  void id(doc::OpId& op) const {
    if (op.actor != oldIdx) return;
    auto it = ranges.upper_bound(op.counter);
    if (it == ranges.begin()) return;
    --it;
    if (op.counter <= it->second) op.actor = newIdx;
  }
  void id(std::optional<doc::OpId>& op) const {
    if (op) id(*op);
  }
  void anchor(doc::Anchor& a) const {
    id(a.left);
    id(a.right);
  }
  void change(doc::ChangeId& c) const {
    if (c.actor != oldActor) return;
    if (auto it = seqs.find(c.seq); it != seqs.end()) c = {newActor, it->second};
  }

  void operator()(doc::SectionCreate&) const {}
  void operator()(doc::SectionMove& op) const {
    id(op.section);
    id(op.parent);
    anchor(op.anchor);
  }
  void operator()(doc::SectionSet& op) const {
    id(op.section);
    for (auto& p : op.write.pred) id(p);
  }
  void operator()(doc::TextInsert& op) const {
    id(op.section);
    anchor(op.anchor);
  }
  void operator()(doc::TextDelete& op) const {
    id(op.section);
    id(op.start);
  }
  void operator()(doc::TableCreate& op) const {
    if (op.section) id(*op.section);
  }
  void operator()(doc::TableRemove& op) const { id(op.table); }
  void operator()(doc::RowInsert& op) const {
    id(op.table);
    anchor(op.anchor);
  }
  void operator()(doc::RowDelete& op) const {
    id(op.table);
    id(op.row);
  }
  void operator()(doc::CellSet& op) const {
    id(op.table);
    id(op.row);
    for (auto& p : op.write.pred) id(p);
  }
  void operator()(doc::ReportSet& op) const {
    for (auto& p : op.write.pred) id(p);
  }
  void operator()(doc::MarkResolve& op) const {
    id(op.section);
    id(op.paragraphEnd);
    for (auto& c : op.changes) change(c);
  }
};

}  // namespace

std::vector<doc::Change> reissueChanges(doc::Document& doc, const doc::ActorId& oldActor,
                                        const doc::ActorId& newActor,
                                        std::vector<doc::Change> unsent) {
  Renamer r{doc.actors().intern(oldActor), doc.actors().intern(newActor), {}, {}, oldActor,
            newActor};
  uint64_t next = 1;
  for (const doc::Change& c : unsent) {
    if (c.width() > 0) r.ranges[c.lamport] = c.lastCounter();
    r.seqs[c.id.seq] = next++;
  }
  for (doc::Change& c : unsent) {
    r.change(c.id);
    for (doc::ChangeId& d : c.deps) r.change(d);
    for (doc::Op& op : c.ops) std::visit(r, op);
  }
  return unsent;
}

}  // namespace rs::core
