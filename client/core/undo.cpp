#include "core/undo.h"

#include <algorithm>
#include <functional>
#include <map>

#include "docreport/content_bridge.h"
#include "util/utf8.h"

namespace rs::core {

namespace {

using doc::OpId;

// Every op of the history by its OpId, to find the text a delete removed and the values a
// register write replaced.
struct OpIndex {
  std::map<std::pair<uint64_t, doc::ActorIdx>, const doc::Op*> ops;

  OpIndex(const doc::Document& d, const std::vector<doc::Change>& history) {
    for (const doc::Change& c : history) {
      OpId id{c.lamport, *d.actors().find(c.id.actor)};
      for (const doc::Op& op : c.ops) {
        ops[{id.counter, id.actor}] = &op;
        id.counter += doc::opWidth(op);
      }
    }
  }
  // The character element `el` was inserted with.
  std::optional<char32_t> charOf(OpId el) const {
    auto it = ops.upper_bound({el.counter, el.actor});
    while (it != ops.begin()) {
      --it;
      if (it->first.second != el.actor) continue;
      auto* ins = std::get_if<doc::TextInsert>(it->second);
      if (ins && el.counter - it->first.first < ins->text.size())
        return ins->text[el.counter - it->first.first];
      return std::nullopt;
    }
    return std::nullopt;
  }
  std::string valueOf(OpId write) const {
    auto it = ops.find({write.counter, write.actor});
    if (it == ops.end()) return "";
    if (auto* s = std::get_if<doc::CellSet>(it->second)) return s->write.value;
    if (auto* s = std::get_if<doc::SectionSet>(it->second)) return s->write.value;
    if (auto* s = std::get_if<doc::ReportSet>(it->second)) return s->write.value;
    return "";
  }
};

struct Inverter {
  doc::LocalEdit& edit;
  const doc::Document& d;
  const OpIndex& index;
  OpId id;  // the op being inverted
  // Tables the change being undone created: removing them undoes their rows and cells too.
  const std::vector<OpId>& created;
  // Rows it inserted: deleting them undoes their cells too. Emptying the cells first would
  // leave the deleted row empty, and the undo of that (a redo undone) would bring the row
  // back without its figures.
  const std::vector<OpId>& createdRows;

  bool inCreated(OpId table) const {
    return std::find(created.begin(), created.end(), table) != created.end();
  }
  bool rowCreated(OpId row) const {
    return std::find(createdRows.begin(), createdRows.end(), row) != createdRows.end();
  }

  // Deletes what is still visible of the inserted run.
  void operator()(const doc::TextInsert& op) {
    const crdt::Sequence& text = d.section(op.section)->text;
    for (size_t k = op.text.size(); k-- > 0;) {
      if (auto pos = text.visiblePosition(OpId{id.counter + k, id.actor}))
        edit.deleteText(op.section, *pos, 1);
    }
  }
  // Types the deleted text again where it stood.
  void operator()(const doc::TextDelete& op) {
    const crdt::Sequence& text = d.section(op.section)->text;
    std::u32string again;
    for (uint32_t k = 0; k < op.length; ++k) {
      OpId el{op.start.counter + k, op.start.actor};
      if (!text.isDeleted(el)) continue;
      if (auto ch = index.charOf(el)) again.push_back(*ch);
    }
    edit.insertText(op.section, text.positionBefore(op.start), again);
  }
  // Where a row of `table` is now: the same row, or, when the table was removed and brought
  // back, the copy's row of the same key (copies keep row keys).
  std::optional<std::pair<OpId, OpId>> shownRow(OpId table, OpId row) const {
    auto heir = shownHeir(d, table);
    if (!heir) return std::nullopt;
    if (*heir == table)
      return d.table(table)->rows.visiblePosition(row) ? std::optional(std::pair{table, row})
                                                       : std::nullopt;
    const std::string& key = d.table(table)->rowInfo.at(row).key;
    for (OpId r : d.rows(*heir))
      if (d.table(*heir)->rowInfo.at(r).key == key) return std::pair{*heir, r};
    return std::nullopt;
  }
  void operator()(const doc::CellSet& op) {
    if (inCreated(op.table) || rowCreated(op.row)) return;
    auto at = shownRow(op.table, op.row);
    if (!at) return;
    std::string before = op.write.pred.empty() ? "" : index.valueOf(op.write.pred.back());
    edit.setCell(at->first, at->second, op.column, before);
  }
  void operator()(const doc::SectionSet& op) {
    std::string before = op.write.pred.empty() ? "" : index.valueOf(op.write.pred.back());
    edit.setSectionField(op.section, op.field, before);
  }
  void operator()(const doc::ReportSet& op) {
    if (op.field == doc::ReportField::kOffice) return;  // rights are not undone
    std::string before = op.write.pred.empty() ? "" : index.valueOf(op.write.pred.back());
    edit.setReportField(op.field, before);
  }
  void operator()(const doc::RowInsert& op) {
    if (inCreated(op.table)) return;
    if (auto at = shownRow(op.table, id)) edit.deleteRow(at->first, at->second);
  }
  // An added table goes again (新增项目支出绩效自评表 undone); when it was removed and brought
  // back meanwhile, the copy that holds its key goes.
  void operator()(const doc::TableCreate&) {
    if (auto shown = shownHeir(d, id)) edit.removeTable(*shown);
  }
  // A removed table comes back as a copy of what it holds now (its rows and cells, with
  // any colleague's edit made meanwhile), under its key: a table, once removed, stays
  // removed. Nothing when a copy already holds the key.
  void operator()(const doc::TableRemove& op) {
    if (shownHeir(d, op.table)) return;
    const doc::Table& t = *d.table(op.table);
    report::TableContent copy = heldTableContent(d, op.table);
    copy.key = restoredName(d, op.table);
    writeTable(edit, copy, t.section);
  }
  // A deleted row comes back where it stood, with its key, group and cells (redo of an undone
  // 插入行; in a table removed and brought back, at the same place in the copy).
  void operator()(const doc::RowDelete& op) {
    auto table = shownHeir(d, op.table);
    if (!table || (*table == op.table && d.table(*table)->rows.visiblePosition(op.row))) return;
    const doc::Table& was = *d.table(op.table);
    const doc::Row& info = was.rowInfo.at(op.row);
    size_t at = std::min(was.rows.positionBefore(op.row), d.rows(*table).size());
    OpId row = edit.insertRow(*table, at, info.key, info.group);
    was.forEachCell(op.row, [&](const std::string& column, const auto& values) {
      for (const auto& v : values.entries()) edit.setCell(*table, row, column, v.value);
    });
  }
  // Other structure (sections, mark resolution) is not undone.
  template <typename T>
  void operator()(const T&) {}
};

// Undo never reaches the report's creation (the change with no dependencies: title,
// department, year, template and the template's sections and tables) nor a change that
// only made sections or marks, which has no inverse: undoing either would blank the report.
// A change it passes over is not undone, and the undo goes to the one before: so every op
// the Inverter can take back is listed (删除行 was not, and its Ctrl+Z undid older typing).
bool undoable(const doc::Change& c) {
  if (c.deps.empty()) return false;
  for (const doc::Op& op : c.ops)
    if (std::holds_alternative<doc::TextInsert>(op) ||
        std::holds_alternative<doc::TextDelete>(op) || std::holds_alternative<doc::CellSet>(op) ||
        std::holds_alternative<doc::SectionSet>(op) || std::holds_alternative<doc::ReportSet>(op) ||
        std::holds_alternative<doc::RowInsert>(op) || std::holds_alternative<doc::RowDelete>(op) ||
        std::holds_alternative<doc::TableCreate>(op) ||
        std::holds_alternative<doc::TableRemove>(op))
      return true;
  return false;
}

}  // namespace

namespace {

// Writes the inverse of own change `target` through `commit` (Replica::editUndo or editRedo);
// returns what `commit` returns: false when the inverse made no op (nothing left to take back).
bool invert(const std::vector<doc::Change>& history, const doc::Change& target, OpenReport& report,
            const std::function<bool(const std::function<void(doc::LocalEdit&)>&)>& commit) {
  OpIndex index(*report.doc, history);
  OpId first{target.lamport, *report.doc->actors().find(target.id.actor)};
  std::vector<OpId> created, createdRows;
  {
    OpId id = first;
    for (const doc::Op& op : target.ops) {
      if (std::holds_alternative<doc::TableCreate>(op)) created.push_back(id);
      if (std::holds_alternative<doc::RowInsert>(op)) createdRows.push_back(id);
      id.counter += doc::opWidth(op);
    }
  }
  return commit([&](doc::LocalEdit& e) {
    for (auto op = target.ops.rbegin(); op != target.ops.rend(); ++op) {
      uint64_t offset = 0;
      for (auto o = target.ops.begin(); &*o != &*op; ++o) offset += doc::opWidth(*o);
      std::visit(Inverter{e, *report.doc, index, OpId{first.counter + offset, first.actor}, created,
                          createdRows},
                 *op);
    }
  });
}

// The undo a redo would take back: scanning own changes from the newest, the first undo not
// yet redone, passing redos and redone undos; an own edit made after an undo ends the chance
// to redo it (as in every editor). Nullptr when there is none.
const doc::Change* redoTarget(Replica& replica, const OpenReport& report,
                              const std::vector<doc::Change>& history) {
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (it->id.actor != replica.actor()) continue;
    UndoRole role = replica.undoRole(report.id, it->id.seq);
    if (role == UndoRole::kUndo) return &*it;
    if (role == UndoRole::kRedo || role == UndoRole::kRedoneUndo) continue;
    if (undoable(*it)) return nullptr;  // a plain edit (undone or not) came after
  }
  return nullptr;
}

}  // namespace

std::optional<doc::ChangeId> undoLast(Replica& replica, OpenReport& report) {
  std::vector<doc::Change> history = replica.decodedChanges(report.id, report.doc->actors());
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (it->id.actor != replica.actor() || !undoable(*it) ||
        replica.isUndoRecord(report.id, it->id.seq) ||
        report.doc->isIneffective(it->id))  // took no effect: nothing to undo
      continue;
    if (invert(history, *it, report,
               [&](const auto& build) { return replica.editUndo(report, it->id.seq, build); }))
      return it->id;
    // Nothing of it is left to take back (a table removed by someone else since): passed,
    // so that undo goes on to the change before.
    replica.markUndone(report.id, it->id.seq);
  }
  return std::nullopt;
}

std::optional<doc::ChangeId> redoLast(Replica& replica, OpenReport& report) {
  std::vector<doc::Change> history = replica.decodedChanges(report.id, report.doc->actors());
  while (const doc::Change* target = redoTarget(replica, report, history)) {
    if (invert(history, *target, report,
               [&](const auto& build) { return replica.editRedo(report, target->id.seq, build); }))
      return target->id;
    replica.markRedone(report.id, target->id.seq);  // nothing to bring back: the next one
  }
  return std::nullopt;
}

bool canRedo(Replica& replica, const OpenReport& report) {
  return redoTarget(replica, report, replica.decodedChanges(report.id, report.doc->actors()));
}

ChangeSummary summarizeOps(const doc::Document& d, const doc::Change& c) {
  ChangeSummary s;
  auto note = [](std::vector<OpId>& places, OpId id) {
    if (std::find(places.begin(), places.end(), id) == places.end()) places.push_back(id);
  };
  for (const doc::Op& op : c.ops) {
    if (auto* ins = std::get_if<doc::TextInsert>(&op)) {
      s.inserted += ins->text.size();
      note(s.sections, ins->section);
    } else if (auto* del = std::get_if<doc::TextDelete>(&op)) {
      s.deleted += del->length;
      note(s.sections, del->section);
    } else if (auto* cell = std::get_if<doc::CellSet>(&op)) {
      ++s.cells;
      note(s.tables, cell->table);
    } else {
      ++s.other;
      if (auto* row = std::get_if<doc::RowInsert>(&op)) note(s.tables, row->table);
      if (auto* row = std::get_if<doc::RowDelete>(&op)) note(s.tables, row->table);
    }
  }
  // A change its author had no right to make is held but shows nothing (doc/rights.cpp).
  s.ineffective = d.isIneffective(c.id);
  return s;
}

std::string describeOps(const doc::Document& d, const doc::Change& c) {
  ChangeSummary sum = summarizeOps(d, c);
  std::string s;
  if (sum.inserted) s += "+" + std::to_string(sum.inserted) + " 字 ";
  if (sum.deleted) s += "-" + std::to_string(sum.deleted) + " 字 ";
  if (sum.cells) s += std::to_string(sum.cells) + " 个单元格 ";
  if (sum.other) s += std::to_string(sum.other) + " 项其他修改";
  if (sum.ineffective) s += "（未生效）";
  return s;
}

}  // namespace rs::core
