#include "core/undo.h"

#include <algorithm>
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

  bool inCreated(OpId table) const {
    return std::find(created.begin(), created.end(), table) != created.end();
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
  void operator()(const doc::CellSet& op) {
    if (inCreated(op.table) || !d.table(op.table)->rows.visiblePosition(op.row)) return;
    std::string before = op.write.pred.empty() ? "" : index.valueOf(op.write.pred.back());
    edit.setCell(op.table, op.row, op.column, before);
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
    if (d.table(op.table)->rows.visiblePosition(id)) edit.deleteRow(op.table, id);
  }
  // An added table goes again (新增项目支出绩效自评表 undone).
  void operator()(const doc::TableCreate&) {
    if (!d.table(id)->removed) edit.removeTable(id);
  }
  // A removed table comes back as a copy of what it holds now (its rows and cells, with
  // any colleague's edit made meanwhile): a table, once removed, stays removed.
  void operator()(const doc::TableRemove& op) {
    const doc::Table& t = *d.table(op.table);
    writeTable(edit, heldTableContent(d, op.table), t.section);
  }
  // Other structure (sections, row deletion, mark resolution) is not undone.
  template <typename T>
  void operator()(const T&) {}
};

// Undo never reaches the report's creation (the change with no dependencies: title,
// department, year, template and the template's sections and tables) nor a change that
// only made sections or marks, which has no inverse: undoing either would blank the report.
bool undoable(const doc::Change& c) {
  if (c.deps.empty()) return false;
  for (const doc::Op& op : c.ops)
    if (std::holds_alternative<doc::TextInsert>(op) ||
        std::holds_alternative<doc::TextDelete>(op) || std::holds_alternative<doc::CellSet>(op) ||
        std::holds_alternative<doc::SectionSet>(op) || std::holds_alternative<doc::ReportSet>(op) ||
        std::holds_alternative<doc::RowInsert>(op) ||
        std::holds_alternative<doc::TableCreate>(op) ||
        std::holds_alternative<doc::TableRemove>(op))
      return true;
  return false;
}

}  // namespace

std::optional<doc::ChangeId> undoLast(Replica& replica, OpenReport& report) {
  std::vector<doc::Change> history = replica.decodedChanges(report.id, report.doc->actors());
  const doc::Change* target = nullptr;
  for (auto it = history.rbegin(); it != history.rend() && !target; ++it)
    if (it->id.actor == replica.actor() && undoable(*it) &&
        !replica.isUndoRecord(report.id, it->id.seq) &&
        !report.doc->isIneffective(it->id))  // took no effect: nothing to undo
      target = &*it;
  if (!target) return std::nullopt;
  OpIndex index(*report.doc, history);
  doc::ChangeId undone = target->id;
  OpId first{target->lamport, *report.doc->actors().find(target->id.actor)};
  std::vector<OpId> created;
  {
    OpId id = first;
    for (const doc::Op& op : target->ops) {
      if (std::holds_alternative<doc::TableCreate>(op)) created.push_back(id);
      id.counter += doc::opWidth(op);
    }
  }
  replica.editUndo(report, undone.seq, [&](doc::LocalEdit& e) {
    for (auto op = target->ops.rbegin(); op != target->ops.rend(); ++op) {
      uint64_t offset = 0;
      for (auto o = target->ops.begin(); &*o != &*op; ++o) offset += doc::opWidth(*o);
      std::visit(
          Inverter{e, *report.doc, index, OpId{first.counter + offset, first.actor}, created}, *op);
    }
  });
  return undone;
}

ChangeSummary summarizeOps(const doc::Document& d, const doc::Change& c) {
  ChangeSummary s;
  for (const doc::Op& op : c.ops) {
    if (auto* ins = std::get_if<doc::TextInsert>(&op))
      s.inserted += ins->text.size();
    else if (auto* del = std::get_if<doc::TextDelete>(&op))
      s.deleted += del->length;
    else if (std::holds_alternative<doc::CellSet>(op))
      ++s.cells;
    else
      ++s.other;
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
