// Who may make which ops: a deterministic rule of the document, the same on every replica.
//
// The rule (issue 9; formerly the server's push-time check): while the report records no
// office (no kOffice write in a change's causal past) every author may make every op, so
// reports made before rights existed keep working. Once it does, the office users may make
// every op; any other author may write the text, title, status and review marks of the
// sections assigned to them (and of the sections created under those); the section tree,
// assignees, office set, report fields and tables are the office's. An op is judged by its
// author's rights at its change's causal point: the grants (assignee and office writes
// that took effect) in the change's causal past.
//
// Rows and cells (issue 14 case 6; DOMAIN.md "The tables": the rows the form fixes are the
// ones the bureau checks):
// - a template row (one the form fixes: 总分, 合计, the fixed items; inserted without a
//   group) can be deleted by nobody, office included, whether or not rights are recorded;
// - a table belongs to the section its template names (TableCreate.section): that
//   section's assignees may write its cells and add rows to its groups; a table with no
//   section is the office's; a table made before change format v3 stays every member's;
// - inserting a template row (no group) is the office's;
// - an added row may be deleted by the office, and by the member who added it while they
//   may still write the table; a member may not delete a row someone else added.
//
// Which grants lie in a change's past is kept per actor: for each grant, the first seq of
// that actor whose causal past holds it (monotone along an actor's seqs), computed when a
// change is applied from its deps in O(deps x grants). Grants are rare.
#include <algorithm>
#include <sstream>

#include "doc/document.h"

namespace rs::doc {

namespace {

// Assignee values may name several users: "zhang,li".
bool namesUser(const std::string& value, const std::string& user) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    if (value.compare(start, end - start, user) == 0) return true;
    start = end + 1;
  }
  return false;
}

// The grants that are values of their register among `grants` filtered by `in`.
template <typename Pred>
std::vector<const Grant*> survivors(const std::vector<Grant>& grants, const std::vector<bool>& in,
                                    Pred same) {
  std::vector<const Grant*> live;
  for (size_t i = 0; i < grants.size(); ++i) {
    if (!in[i] || !same(grants[i])) continue;
    bool replaced = false;
    for (size_t k = 0; k < grants.size() && !replaced; ++k) {
      if (!in[k] || k == i || !same(grants[k])) continue;
      const auto& pred = grants[k].pred;
      replaced = std::find(pred.begin(), pred.end(), grants[i].id) != pred.end();
    }
    if (!replaced) live.push_back(&grants[i]);
  }
  return live;
}

// Rights of one author over a set of grants.
struct Rights {
  const Document& doc;
  const std::vector<Grant>& grants;
  const std::vector<bool>& in;
  const std::string& author;

  bool recorded() const {
    for (size_t i = 0; i < grants.size(); ++i)
      if (in[i] && grants[i].office) return true;
    return false;
  }
  bool office() const {
    for (const Grant* g : survivors(grants, in, [](const Grant& g) { return g.office; }))
      if (g->value == author) return true;
    return false;
  }
  bool assigned(OpId section) const {
    for (std::optional<OpId> at = section; at;) {
      auto same = [&](const Grant& g) { return !g.office && g.section == *at; };
      for (const Grant* g : survivors(grants, in, same))
        if (namesUser(g->value, author)) return true;
      const Section* s = doc.section(*at);
      at = s && s->homeSet ? s->home : std::nullopt;
    }
    return false;
  }
};

// The section an op writes as a member may, or nullopt for an office-only op; `member` is
// false for office-only ops. Table ops are judged by tableRefusal().
struct OpKind {
  bool member;
  std::optional<OpId> section;
};
OpKind kindOf(const Op& op) {
  if (auto* o = std::get_if<TextInsert>(&op)) return {true, o->section};
  if (auto* o = std::get_if<TextDelete>(&op)) return {true, o->section};
  if (auto* o = std::get_if<MarkResolve>(&op)) return {true, o->section};
  if (auto* o = std::get_if<SectionSet>(&op)) {
    if (o->field == SectionField::kAssignee) return {false, o->section};
    return {true, o->section};
  }
  return {false, std::nullopt};
}

// The table a row or cell op writes, or nullopt for other ops.
std::optional<OpId> tableOf(const Op& op) {
  if (auto* o = std::get_if<CellSet>(&op)) return o->table;
  if (auto* o = std::get_if<RowInsert>(&op)) return o->table;
  if (auto* o = std::get_if<RowDelete>(&op)) return o->table;
  return std::nullopt;
}

// A row as its deletion sees it: from the table, or from an insert earlier in `change`
// (whose author is the change's).
std::optional<Row> rowFor(const Document& doc, const Change& change, OpId table, OpId row) {
  uint64_t counter = change.lamport;
  auto self = doc.actors().find(change.id.actor);
  for (const Op& op : change.ops) {
    auto* ins = std::get_if<RowInsert>(&op);
    if (ins && self && OpId{counter, *self} == row) return Row{ins->key, ins->group, change.author};
    counter += opWidth(op);
  }
  const Table* t = doc.table(table);
  if (t == nullptr) return std::nullopt;
  auto it = t->rowInfo.find(row);
  if (it == t->rowInfo.end()) return std::nullopt;
  return it->second;
}

using Reason = Ineffective::Reason;

// Why `rights` may not make the table op `op` (of `change`), or nullopt when they may.
// `office`: the author may change everything (also when no rights are recorded).
std::optional<Reason> tableRefusal(const Document& doc, const Change& change, const Op& op,
                                   const Rights& rights, bool office) {
  OpId tableId = *tableOf(op);
  if (auto* del = std::get_if<RowDelete>(&op)) {
    std::optional<Row> row = rowFor(doc, change, del->table, del->row);
    if (row && row->fixed()) return Reason::kTemplateRow;
    if (office) return std::nullopt;
    if (row && row->author != change.author) return Reason::kOthersRow;
  } else if (office) {
    return std::nullopt;
  } else if (auto* ins = std::get_if<RowInsert>(&op); ins && ins->group.empty()) {
    return Reason::kOfficeOnly;
  }
  const Table* table = doc.table(tableId);
  if (table == nullptr) return Reason::kOfficeOnly;  // created in this change: the office's
  if (table->legacy) return std::nullopt;
  if (!table->section || !rights.assigned(*table->section)) return Reason::kNotAssigned;
  return std::nullopt;
}

}  // namespace

std::vector<bool> Document::grantsInPast(const Change& change) const {
  std::vector<bool> in(grants_.size(), false);
  auto holds = [&](const ActorId& actor, uint64_t seq, size_t g) {
    if (seq == 0) return false;
    const Grant& grant = grants_[g];
    if (grant.change.actor == actor && grant.change.seq <= seq) return true;
    auto it = grantSeen_.find(actor);
    if (it == grantSeen_.end() || g >= it->second.size()) return false;
    uint64_t first = it->second[g];
    return first != 0 && first <= seq;
  };
  for (size_t g = 0; g < grants_.size(); ++g) {
    in[g] = holds(change.id.actor, change.id.seq - 1, g);
    for (size_t k = 0; k < change.deps.size() && !in[g]; ++k)
      in[g] = holds(change.deps[k].actor, change.deps[k].seq, g);
  }
  return in;
}

void Document::recordGrants(const Change& change, const std::vector<bool>& effective) {
  if (!grants_.empty()) {
    std::vector<bool> in = grantsInPast(change);
    auto& seen = grantSeen_[change.id.actor];
    seen.resize(grants_.size(), 0);
    for (size_t g = 0; g < grants_.size(); ++g)
      if (in[g] && seen[g] == 0 && grants_[g].change.actor != change.id.actor)
        seen[g] = change.id.seq;
  }
  uint64_t counter = change.lamport;
  for (size_t i = 0; i < change.ops.size(); ++i) {
    const Op& op = change.ops[i];
    auto* section = std::get_if<SectionSet>(&op);
    auto* report = std::get_if<ReportSet>(&op);
    bool grant = (section && section->field == SectionField::kAssignee) ||
                 (report && report->field == ReportField::kOffice);
    if (grant && (effective.empty() || effective[i])) {
      OpId id{counter, *actors_->find(change.id.actor)};
      if (section)
        grants_.push_back(
            {change.id, id, false, section->section, section->write.value, section->write.pred});
      else
        grants_.push_back({change.id, id, true, {}, report->write.value, report->write.pred});
    }
    counter += opWidth(op);
  }
}

std::vector<bool> Document::effects(const Change& change, Ineffective* why) const {
  std::vector<bool> out(change.ops.size(), true);
  bool deletesRows = std::any_of(change.ops.begin(), change.ops.end(), [](const Op& op) {
    return std::holds_alternative<RowDelete>(op);
  });
  if (grants_.empty() && !deletesRows) return out;  // the common case: no rights at all
  std::vector<bool> in = grantsInPast(change);
  Rights rights{*this, grants_, in, change.author};
  bool office = !rights.recorded() || rights.office();
  if (office && !deletesRows) return out;
  bool first = true;
  for (size_t i = 0; i < change.ops.size(); ++i) {
    const Op& op = change.ops[i];
    std::optional<OpId> table = tableOf(op);
    std::optional<OpId> section;
    std::optional<Reason> refusal;
    if (table) {
      refusal = tableRefusal(*this, change, op, rights, office);
      const Table* t = this->table(*table);
      if (t) section = t->section;
    } else if (!office) {
      OpKind kind = kindOf(op);
      section = kind.section;
      if (!kind.member)
        refusal = Reason::kOfficeOnly;
      else if (kind.section && !rights.assigned(*kind.section))
        refusal = Reason::kNotAssigned;
    }
    out[i] = !refusal;
    if (refusal && first && why) {
      first = false;
      *why = Ineffective{change.id, change.author, section, table, *refusal};
    }
  }
  return out;
}

bool Document::isIneffective(const ChangeId& change) const {
  auto it = std::lower_bound(
      ineffective_.begin(), ineffective_.end(), change,
      [](const Ineffective& x, const ChangeId& id) { return x.change < id; });
  return it != ineffective_.end() && it->change == change;
}

bool Document::rightsRecorded() const {
  std::vector<bool> all(grants_.size(), true);
  static const std::string none;
  return Rights{*this, grants_, all, none}.recorded();
}

std::vector<std::string> Document::officeUsers() const {
  std::vector<std::string> out;
  for (const auto& e : reportField(ReportField::kOffice).entries())
    if (!e.value.empty()) out.push_back(e.value);
  return out;
}

bool Document::isOffice(const std::string& user) const {
  std::vector<bool> all(grants_.size(), true);
  Rights rights{*this, grants_, all, user};
  return !rights.recorded() || rights.office();
}

bool Document::mayWriteTable(const std::string& user, OpId table) const {
  std::vector<bool> all(grants_.size(), true);
  Rights rights{*this, grants_, all, user};
  if (!rights.recorded() || rights.office()) return true;
  const Table* t = this->table(table);
  return t && (t->legacy || (t->section && rights.assigned(*t->section)));
}

std::optional<Ineffective::Reason> Document::rowDeleteRefusal(const std::string& user, OpId table,
                                                              OpId row) const {
  std::vector<bool> all(grants_.size(), true);
  Rights rights{*this, grants_, all, user};
  Change probe;  // an empty change by `user`: only the table's rows are looked up
  probe.author = user;
  return tableRefusal(*this, probe, RowDelete{table, row}, rights,
                      !rights.recorded() || rights.office());
}

bool Document::mayWriteSection(const std::string& user, OpId section) const {
  std::vector<bool> all(grants_.size(), true);
  Rights rights{*this, grants_, all, user};
  return !rights.recorded() || rights.office() || rights.assigned(section);
}

}  // namespace rs::doc
