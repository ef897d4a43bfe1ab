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

class OpValidator {
 public:
  OpValidator(const Document& doc) : doc_(doc) {}

  void check(const Op& op, OpId id) {
    std::visit([&](const auto& o) { checkOp(o, id); }, op);
  }

 private:
  void requireSection(OpId s) const {
    require(doc_.section(s) || contains(created_.sections, s), "change names an unknown section");
  }
  void requireTable(OpId t) const {
    require(doc_.table(t) || contains(created_.tables, t), "change names an unknown table");
  }
  void requireTextElement(OpId section, OpId el) const {
    const Section* s = doc_.section(section);
    require((s && s->text.contains(el)) || created_.hasText(section, el),
            "change names unknown text in a section");
  }
  void requireRow(OpId table, OpId row) const {
    const Table* t = doc_.table(table);
    bool known = (t && t->rowInfo.count(row)) ||
                 std::find(created_.rows.begin(), created_.rows.end(), std::pair{table, row}) !=
                     created_.rows.end();
    require(known, "change names an unknown table row");
  }

  void checkOp(const SectionCreate&, OpId id) {
    require(!doc_.section(id), "change creates a section that exists");
    created_.sections.push_back(id);
  }
  void checkOp(const SectionMove& op, OpId id) {
    requireSection(op.section);
    if (op.parent) {
      requireSection(*op.parent);
      require(*op.parent != op.section, "a section cannot be its own parent");
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
      require(known, "change places a section next to an unknown one");
    }
    created_.placements.push_back({op.parent, id});
  }
  void checkOp(const SectionSet& op, OpId) { requireSection(op.section); }
  void checkOp(const TextInsert& op, OpId id) {
    requireSection(op.section);
    if (op.anchor.left) requireTextElement(op.section, *op.anchor.left);
    if (op.anchor.right) requireTextElement(op.section, *op.anchor.right);
    created_.text.push_back({op.section, {id, op.text.size()}});
  }
  void checkOp(const TextDelete& op, OpId) {
    requireSection(op.section);
    for (uint64_t k = 0; k < op.length; ++k)
      requireTextElement(op.section, OpId{op.start.counter + k, op.start.actor});
  }
  void checkOp(const TableCreate& op, OpId id) {
    require(!op.templateKey.empty(), "change creates a table without a template key");
    if (op.section) requireSection(*op.section);
    created_.tables.push_back(id);
  }
  void checkOp(const TableRemove& op, OpId) { requireTable(op.table); }
  void checkOp(const RowInsert& op, OpId id) {
    requireTable(op.table);
    if (op.anchor.left) requireRow(op.table, *op.anchor.left);
    if (op.anchor.right) requireRow(op.table, *op.anchor.right);
    created_.rows.push_back({op.table, id});
  }
  void checkOp(const RowDelete& op, OpId) { requireRow(op.table, op.row); }
  void checkOp(const CellSet& op, OpId) {
    requireRow(op.table, op.row);
    require(!op.column.empty(), "change writes a cell without a column");
  }
  void checkOp(const ReportSet&, OpId) {}
  void checkOp(const MarkResolve& op, OpId) {
    requireSection(op.section);
    for (const ChangeId& c : op.changes)
      require(doc_.has(c), "change resolves a mark naming a change that is not here");
  }

  const Document& doc_;
  Created created_;
};

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
  require(sections_.size() + newSections <= kMaxSections,
          "a report has at most " + std::to_string(kMaxSections) + " sections");
  require(tables_.size() + newTables <= kMaxTables,
          "a report has at most " + std::to_string(kMaxTables) + " tables");
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
      d.placements_.push_back({id, op.section, op.parent});
      d.recomputeTree();
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
