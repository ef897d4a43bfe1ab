// Applying ops, and checking a remote change's ops before any of them is applied.
#include <algorithm>
#include <cassert>

#include "doc/document.h"
#include "util/errors.h"

namespace rs::doc {

namespace {

// What earlier ops of the change being checked created, so later ops may name it.
struct Created {
  std::vector<OpId> sections, tables;
  std::vector<std::pair<OpId, OpId>> rows;                       // (table, row)
  std::vector<std::pair<OpId, std::pair<OpId, uint64_t>>> text;  // (section, (first, count))
  std::vector<std::pair<std::optional<OpId>, OpId>> placements;  // (parent, placement)

  bool hasText(OpId section, OpId el) const {
    for (const auto& [s, range] : text)
      if (s == section && el.actor == range.first.actor && el.counter >= range.first.counter &&
          el.counter < range.first.counter + range.second)
        return true;
    return false;
  }
};

bool contains(const std::vector<OpId>& v, OpId id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

// The sequence an op inserts into or deletes from: a section's text, a parent's children
// (owner nullopt: the top level), or a table's rows.
struct SeqKey {
  enum Kind : uint8_t { kText, kChildren, kRows } kind;
  std::optional<OpId> owner;
  bool operator==(const SeqKey&) const = default;
};

std::optional<SeqKey> seqKeyOf(const Op& op) {
  if (auto* o = std::get_if<TextInsert>(&op)) return SeqKey{SeqKey::kText, o->section};
  if (auto* o = std::get_if<TextDelete>(&op)) return SeqKey{SeqKey::kText, o->section};
  if (auto* o = std::get_if<SectionMove>(&op)) return SeqKey{SeqKey::kChildren, o->parent};
  if (auto* o = std::get_if<RowInsert>(&op)) return SeqKey{SeqKey::kRows, o->table};
  if (auto* o = std::get_if<RowDelete>(&op)) return SeqKey{SeqKey::kRows, o->table};
  return std::nullopt;
}

// Elements an earlier op of the change inserted: ids first .. first + count - 1, each after
// `left` and before `right` once placed.
struct NewRun {
  SeqKey key;
  OpId first;
  uint64_t count;
  std::optional<OpId> left, right;
  bool holds(OpId id) const {
    return id.actor == first.actor && id.counter >= first.counter &&
           id.counter - first.counter < count;
  }
};

class OpValidator {
 public:
  OpValidator(const Document& doc) : doc_(doc) {}

  void check(const Op& op, OpId id) {
    std::visit([&](const auto& o) { checkOp(o, id); }, op);
  }

  // The sequences whose inserts name neighbours whose order only applying tells.
  const std::vector<SeqKey>& trials() const { return trials_; }

  // The sequence `key` names as the document holds it; nullptr when an earlier op of the
  // change creates its owner.
  const Sequence* existing(const SeqKey& key) const {
    switch (key.kind) {
      case SeqKey::kText: {
        const Section* s = doc_.section(*key.owner);
        return s ? &s->text : nullptr;
      }
      case SeqKey::kChildren: {
        if (!key.owner) return doc_.rootSequence();
        const Section* s = doc_.section(*key.owner);
        return s ? &s->children : nullptr;
      }
      case SeqKey::kRows: {
        const Table* t = doc_.table(*key.owner);
        return t ? &t->rows : nullptr;
      }
    }
    return nullptr;
  }

 private:
  const NewRun* newRunHolding(const SeqKey& key, OpId id) const {
    for (const NewRun& r : newRuns_)
      if (r.key == key && r.holds(id)) return &r;
    return nullptr;
  }
  // An insert between `left` and `right` (both known) is refused by the sequence unless left
  // comes first. Checked here when the order is known before applying: both held already, or
  // one inserted by this change next to the other; otherwise the change is tried on a copy
  // of the sequence (Document::validateOps), so that a refused change applies nothing.
  void checkOrder(const SeqKey& key, const std::optional<OpId>& left,
                  const std::optional<OpId>& right) {
    if (!left || !right) return;
    const NewRun* l = newRunHolding(key, *left);
    const NewRun* r = newRunHolding(key, *right);
    if (!l && !r) {
      const Sequence* seq = existing(key);
      require(seq && seq->before(*left, *right),
              "change inserts between neighbours given in the wrong order (数据已损坏)");
      return;
    }
    if (l && (l == r ? left->counter < right->counter : l->right == right)) return;
    if (r && r->left == left) return;
    if (std::find(trials_.begin(), trials_.end(), key) == trials_.end()) trials_.push_back(key);
  }
  void inserted(const SeqKey& key, OpId id, uint64_t count, const Anchor& anchor) {
    checkOrder(key, anchor.left, anchor.right);
    newRuns_.push_back({key, id, count, anchor.left, anchor.right});
  }

  void requireSection(OpId s) const {
    require(doc_.section(s) || contains(created_.sections, s),
            "change names an unknown section (数据已损坏)");
  }
  void requireTable(OpId t) const {
    require(doc_.table(t) || contains(created_.tables, t),
            "change names an unknown table (数据已损坏)");
  }
  void requireTextElement(OpId section, OpId el) const {
    const Section* s = doc_.section(section);
    require((s && s->text.contains(el)) || created_.hasText(section, el),
            "change names unknown text in a section (数据已损坏)");
  }
  void requireRow(OpId table, OpId row) const {
    const Table* t = doc_.table(table);
    bool known = (t && t->rowInfo.count(row)) ||
                 std::find(created_.rows.begin(), created_.rows.end(), std::pair{table, row}) !=
                     created_.rows.end();
    require(known, "change names an unknown table row (数据已损坏)");
  }

  void checkOp(const SectionCreate&, OpId id) {
    require(!doc_.section(id), "change creates a section that exists (数据已损坏)");
    created_.sections.push_back(id);
  }
  void checkOp(const SectionMove& op, OpId id) {
    requireSection(op.section);
    if (op.parent) {
      requireSection(*op.parent);
      require(*op.parent != op.section, "a section cannot be its own parent (数据已损坏)");
    }
    const Sequence* seq = nullptr;
    if (op.parent) {
      if (const Section* p = doc_.section(*op.parent)) seq = &p->children;
    }
    for (const auto& el : {op.anchor.left, op.anchor.right}) {
      if (!el) continue;
      bool known = false;
      for (const auto& [parent, placement] : created_.placements)
        known |= parent == op.parent && placement == *el;
      if (!op.parent) known |= doc_.rootContains(*el);
      if (seq) known |= seq->contains(*el);
      require(known, "change places a section next to an unknown one (数据已损坏)");
    }
    inserted({SeqKey::kChildren, op.parent}, id, 1, op.anchor);
    created_.placements.push_back({op.parent, id});
  }
  void checkOp(const SectionSet& op, OpId) { requireSection(op.section); }
  void checkOp(const TextInsert& op, OpId id) {
    requireSection(op.section);
    if (op.anchor.left) requireTextElement(op.section, *op.anchor.left);
    if (op.anchor.right) requireTextElement(op.section, *op.anchor.right);
    require(!op.text.empty(), "change inserts empty text (数据已损坏)");
    inserted({SeqKey::kText, op.section}, id, op.text.size(), op.anchor);
    created_.text.push_back({op.section, {id, op.text.size()}});
  }
  void checkOp(const TextDelete& op, OpId) {
    requireSection(op.section);
    require(op.length > 0, "change deletes no text (length 0) (数据已损坏)");
    for (uint64_t k = 0; k < op.length; ++k)
      requireTextElement(op.section, OpId{op.start.counter + k, op.start.actor});
  }
  void checkOp(const TableCreate& op, OpId id) {
    require(!op.templateKey.empty(), "change creates a table without a template key (数据已损坏)");
    if (op.section) requireSection(*op.section);
    created_.tables.push_back(id);
  }
  void checkOp(const TableRemove& op, OpId) { requireTable(op.table); }
  void checkOp(const RowInsert& op, OpId id) {
    requireTable(op.table);
    if (op.anchor.left) requireRow(op.table, *op.anchor.left);
    if (op.anchor.right) requireRow(op.table, *op.anchor.right);
    inserted({SeqKey::kRows, op.table}, id, 1, op.anchor);
    created_.rows.push_back({op.table, id});
  }
  void checkOp(const RowDelete& op, OpId) { requireRow(op.table, op.row); }
  void checkOp(const CellSet& op, OpId) {
    requireRow(op.table, op.row);
    require(!op.column.empty(), "change writes a cell without a column (数据已损坏)");
  }
  void checkOp(const ReportSet&, OpId) {}
  void checkOp(const MarkResolve& op, OpId) {
    requireSection(op.section);
    for (const ChangeId& c : op.changes)
      require(doc_.has(c), "change resolves a mark naming a change that is not here (数据已损坏)");
  }

  const Document& doc_;
  Created created_;
  std::vector<NewRun> newRuns_;
  std::vector<SeqKey> trials_;
};

// Applies the ops of a change that touch `key` to `seq` (a copy), as Document::applyOp
// would; the sequence throws std::logic_error for an op it refuses.
void tryOn(Sequence& seq, const SeqKey& key, const Change& change, OpId id) {
  for (const Op& op : change.ops) {
    if (seqKeyOf(op) == key) {
      if (auto* o = std::get_if<TextInsert>(&op)) {
        seq.applyInsert({id, o->anchor.left, o->anchor.right, o->text});
      } else if (auto* o = std::get_if<TextDelete>(&op)) {
        seq.applyDelete({o->start, o->length});
      } else if (auto* o = std::get_if<SectionMove>(&op)) {
        seq.applyInsert({id, o->anchor.left, o->anchor.right, kElementPlaceholder});
      } else if (auto* o = std::get_if<RowInsert>(&op)) {
        seq.applyInsert({id, o->anchor.left, o->anchor.right, kElementPlaceholder});
      } else if (auto* o = std::get_if<RowDelete>(&op)) {
        seq.applyDelete({o->row, 1});
      }
    }
    id.counter += opWidth(op);
  }
}

}  // namespace

void Document::validateOps(const Change& change) const {
  std::optional<ActorIdx> own = actors_->find(change.id.actor);
  assert(own && "decodeChange interns the change's actor");
  OpValidator validator(*this);
  OpId id{change.lamport, *own};
  size_t newSections = 0, newTables = 0;
  for (const Op& op : change.ops) {
    validator.check(op, id);
    id.counter += opWidth(op);
    newSections += std::holds_alternative<SectionCreate>(op);
    newTables += std::holds_alternative<TableCreate>(op);
  }
  // Each section or table costs a few KB of sequence trees, and a packed change of
  // zero-filled creates is tiny: 38 KB made 300,000 sections and 2.8 GB (found by
  // fuzz_change). A report has about 60 sections and 20 tables.
  require(sections_.size() + newSections <= kMaxSections, "a report has at most ", kMaxSections,
          " sections (数据已损坏)");
  require(tables_.size() + newTables <= kMaxTables, "a report has at most ", kMaxTables,
          " tables (数据已损坏)");
  // Inserts whose neighbours' order is known only once earlier ops are applied: the change
  // is tried on copies of those sequences first (rare: a change of several ops, one placed
  // between elements another inserted).
  for (const SeqKey& key : validator.trials()) {
    const Sequence* held = validator.existing(key);
    Sequence copy = held ? Sequence(*held) : Sequence(*actors_);
    try {
      tryOn(copy, key, change, OpId{change.lamport, *own});
    } catch (const std::logic_error& e) {
      throw InputError(std::string("change refused: ") + e.what() + " (数据已损坏)");
    }
  }
}

bool Document::rootContains(OpId element) const {
  return rootChildren_->contains(element);
}

Sequence& Document::mutableChildren(std::optional<OpId> parent) {
  return parent ? sections_.at(*parent)->children : *rootChildren_;
}

void Document::applyOp(const Op& any, OpId id, const ChangeId& change) {
  const crdt::ActorTable& actors = *actors_;
  struct Visitor {
    Document& d;
    const crdt::ActorTable& actors;
    OpId id;
    const ChangeId& change;

    void operator()(const SectionCreate& op) {
      auto section = std::make_unique<Section>(actors);
      section->templateKey = op.templateKey;
      section->createdIn = change;
      d.sections_.try_emplace(id, std::move(section));
    }
    void operator()(const SectionMove& op) {
      Sequence& seq = op.parent ? d.sections_.at(*op.parent)->children : *d.rootChildren_;
      seq.applyInsert({id, op.anchor.left, op.anchor.right, kElementPlaceholder});
      Section& moved = *d.sections_.at(op.section);
      if (!moved.homeSet && moved.createdIn == change) {
        moved.homeSet = true;
        moved.home = op.parent;
      }
      d.addPlacement({id, op.section, op.parent});
    }
    void operator()(const SectionSet& op) {
      Section& s = *d.sections_.at(op.section);
      MultiRegister<std::string>* regs[] = {&s.title, &s.assignee, &s.status};
      regs[size_t(op.field)]->write(actors, id, op.write.pred, op.write.value);
    }
    void operator()(const TextInsert& op) {
      d.sections_.at(op.section)->text.applyInsert({id, op.anchor.left, op.anchor.right, op.text});
    }
    void operator()(const TextDelete& op) {
      d.sections_.at(op.section)->text.applyDelete({op.start, op.length});
    }
    void operator()(const TableCreate& op) {
      auto table = std::make_unique<Table>(actors);
      table->templateKey = op.templateKey;
      table->name = op.name;
      table->title = op.title;
      table->section = op.section;
      table->legacy = op.legacy;
      d.tables_.emplace(id, std::move(table));
      auto pos = std::lower_bound(d.tableOrder_.begin(), d.tableOrder_.end(), id,
                                  [&](OpId a, OpId b) { return crdt::opIdLess(actors, a, b); });
      d.tableOrder_.insert(pos, id);
    }
    void operator()(const TableRemove& op) { d.tables_.at(op.table)->removed = true; }
    void operator()(const RowInsert& op) {
      Table& t = *d.tables_.at(op.table);
      t.rows.applyInsert({id, op.anchor.left, op.anchor.right, kElementPlaceholder});
      t.rowInfo[id] = Row{op.key, op.group};
    }
    void operator()(const RowDelete& op) { d.tables_.at(op.table)->rows.applyDelete({op.row, 1}); }
    void operator()(const CellSet& op) {
      Table& t = *d.tables_.at(op.table);
      t.cells[Table::cellKey(op.row, op.column)].write(actors, id, op.write.pred, op.write.value);
    }
    void operator()(const ReportSet& op) {
      d.reportFields_[size_t(op.field)].write(actors, id, op.write.pred, op.write.value);
    }
    void operator()(const MarkResolve& op) { d.resolved_.push_back({change, op}); }
  };
  std::visit(Visitor{*this, actors, id, change}, any);
}

void Document::applyHidden(const Op& any, OpId id, const ChangeId& change) {
  if (auto* op = std::get_if<SectionCreate>(&any)) {
    applyOp(*op, id, change);  // exists, so later ops may name it, but is never placed
  } else if (auto* op = std::get_if<SectionMove>(&any)) {
    Sequence& seq = mutableChildren(op->parent);
    seq.applyInsert({id, op->anchor.left, op->anchor.right, kElementPlaceholder});
    seq.applyDelete({id, 1});
  } else if (auto* op = std::get_if<TextInsert>(&any)) {
    Sequence& text = sections_.at(op->section)->text;
    text.applyInsert({id, op->anchor.left, op->anchor.right, op->text});
    text.applyDelete({id, uint32_t(op->text.size())});
  } else if (auto* op = std::get_if<TableCreate>(&any)) {
    applyOp(*op, id, change);
    tables_.at(id)->removed = true;
  } else if (auto* op = std::get_if<RowInsert>(&any)) {
    applyOp(*op, id, change);  // exists, so later ops may name it, but is never shown
    tables_.at(op->table)->rows.applyDelete({id, 1});
  }
  // Every other op is a write or a removal: skipped.
}

}  // namespace rs::doc
