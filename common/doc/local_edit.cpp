#include "doc/local_edit.h"

#include <algorithm>
#include <cassert>

#include "util/errors.h"
#include "util/utf8.h"

namespace rs::doc {

namespace {

// Refuses a section that would be shown at `depth` (1: top level) beyond the outline's
// levels (Document::kMaxOutlineDepth).
void requireDepth(int depth) {
  require(depth <= Document::kMaxOutlineDepth, "sections nest at most ", Document::kMaxOutlineDepth,
          " levels deep (章节最多 ", Document::kMaxOutlineDepth, " 级)");
}

// Checked without require(), whose message would be built on every keystroke. ASCII (a
// user name, most keys) is checked byte by byte first: the decoder's call per code point
// was 4 % of a keystroke.
void requireText(std::string_view value, const char* what) {
  bool ascii = true;
  for (char c : value) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (!ascii && !isValidUtf8(value)) {
    throw InputError(std::string(what) +
                     " is not valid UTF-8 text; nothing was saved (文字编码无效，未保存)");
  }
}

// Every value an op carries must be what change_codec.h can decode again (valid UTF-8, code
// points outside the surrogates and at most U+10FFFF), so that no change this replica
// makes can leave a store, a peer or the server unable to read it.
struct ValueCheck {
  void operator()(const SectionCreate& op) const { requireText(op.templateKey, "a template key"); }
  void operator()(const SectionSet& op) const { requireText(op.write.value, "a section field"); }
  void operator()(const TextInsert& op) const {
    for (char32_t c : op.text)
      require(c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF),
              "the text holds a character that is not Unicode; nothing was saved "
              "(文字含无效字符，未保存)");
  }
  void operator()(const TableCreate& op) const {
    requireText(op.templateKey, "a table template");
    requireText(op.name, "a table name");
    requireText(op.title, "a table title");
  }
  void operator()(const RowInsert& op) const {
    requireText(op.key, "a row key");
    requireText(op.group, "a row group");
  }
  void operator()(const CellSet& op) const {
    requireText(op.column, "a column name");
    requireText(op.write.value, "a cell value");
  }
  void operator()(const ReportSet& op) const { requireText(op.write.value, "a report field"); }
  template <typename T>
  void operator()(const T&) const {}
};

}  // namespace

LocalEdit::LocalEdit(Document& doc, const ActorId& actor, std::string author, int64_t timeMs)
    : doc_(doc), actor_(doc.actors().intern(actor)), next_(doc.maxCounter() + 1) {
  requireText(author, "the user name");
  change_.id = ChangeId{actor, doc.version().get(actor) + 1};
  change_.lamport = next_;
  change_.deps = doc.heads();
  change_.timeMs = timeMs;
  change_.author = std::move(author);
}

OpId LocalEdit::nextId(uint64_t width) {
  OpId id{next_, actor_};
  next_ += width;
  return id;
}

void LocalEdit::push(Op op, OpId id) {
  std::visit(ValueCheck{}, op);
  doc_.applyOp(op, id, change_.id);
  change_.ops.push_back(std::move(op));
}

static Section& sectionOrThrow(Document& doc, OpId id) {
  Section* s = doc.mutableSection(id);
  if (s == nullptr) throw InputError("no such section (没有该章节)");
  return *s;
}

static Table& tableOrThrow(Document& doc, OpId id) {
  Table* t = doc.mutableTable(id);
  require(t != nullptr, "no such table (没有该表格)");
  return *t;
}

// Where a section would go: the placements the outline shows under `parent` (the moved
// section's own left out). One outline pass, O(sections): createSection used to walk the
// outline once to check the parent's level and moveSection again. Refuses, before anything is
// applied (so that a refused create leaves no section without a place), an `index` past the shown
// sections or a subtree reaching below level 9.
std::vector<OpId> LocalEdit::destination(std::optional<OpId> section, std::optional<OpId> parent,
                                         size_t index) const {
  // The index counts sections as the outline shows them; anchors use the child sequence,
  // where outdated placements also sit, so find the neighbours among shown ones.
  std::vector<OpId> shown;
  const auto outline = doc_.outline();
  int parentDepth = 0, height = 0;  // the levels of the moved section's subtree below it
  for (size_t i = 0; i < outline.size(); ++i) {
    const auto& e = outline[i];
    if (e.id == section) {
      for (size_t j = i + 1; j < outline.size() && outline[j].depth > e.depth; ++j)
        height = std::max(height, outline[j].depth - e.depth);
      continue;
    }
    if (parent && e.id == *parent) parentDepth = e.depth;
    if (doc_.parentOf(e.id) == parent) shown.push_back(doc_.placementOf(e.id));
  }
  require(index <= shown.size(), "section position is past the end (章节位置超出范围)");
  requireDepth(parentDepth + 1 + height);
  return shown;
}

OpId LocalEdit::createSection(std::optional<OpId> parent, size_t index, const std::string& title,
                              const std::string& templateKey) {
  if (parent) sectionOrThrow(doc_, *parent);
  const std::vector<OpId> shown = destination(std::nullopt, parent, index);
  OpId id = nextId(1);
  push(SectionCreate{templateKey}, id);
  place(id, parent, index, shown);
  if (!title.empty()) setSectionField(id, SectionField::kTitle, title);
  return id;
}

void LocalEdit::moveSection(OpId section, std::optional<OpId> parent, size_t index) {
  sectionOrThrow(doc_, section);
  if (parent) {
    sectionOrThrow(doc_, *parent);
    for (std::optional<OpId> up = parent; up; up = doc_.parentOf(*up))
      require(*up != section, "a section cannot move into itself (章节不能移到自身之下)");
  }
  place(section, parent, index, destination(section, parent, index));
}

void LocalEdit::place(OpId section, std::optional<OpId> parent, size_t index,
                      const std::vector<OpId>& shown) {
  // The anchor must name the placement's exact neighbours in the child sequence, outdated
  // placements included: FugueMax orders concurrent inserts correctly only when nothing
  // but concurrent elements lies between an insert's origins. So insert right before the
  // shown section at `index` (or right after the last one), and let the sequence say what
  // is adjacent; applyOp then finds the element already there.
  Sequence& children = doc_.mutableChildren(parent);
  size_t at = index < shown.size() ? *children.visiblePosition(shown[index])
              : shown.empty()      ? children.size()
                                   : *children.visiblePosition(shown.back()) + 1;
  OpId id = nextId(1);
  crdt::InsertOp ins = children.insertLocal(at, kElementPlaceholder, id);
  push(SectionMove{section, parent, {ins.originLeft, ins.originRight}}, id);
}

void LocalEdit::setSectionField(OpId section, SectionField field, const std::string& value) {
  Section& s = sectionOrThrow(doc_, section);
  const MultiRegister<std::string>* regs[] = {&s.title, &s.assignee, &s.status};
  push(SectionSet{section, field, {value, regs[size_t(field)]->ids()}}, nextId(1));
}

void LocalEdit::insertText(OpId section, size_t pos, std::u32string_view text) {
  Section& s = sectionOrThrow(doc_, section);
  // Checked without require(), whose message would be built on every keystroke.
  if (pos > s.text.size()) {
    throw InputError("insert position " + std::to_string(pos) +
                     " is past the end of the section, " + std::to_string(s.text.size()) +
                     " (插入位置超出章节末尾)");
  }
  if (text.empty()) return;
  OpId id = nextId(text.size());
  crdt::InsertOp ins = s.text.insertLocal(pos, text, id);
  // Made as the variant's alternative: moving an Op goes through the variant's dispatch (6 %
  // of a keystroke). Braces, not parentheses: clang 14 (the fuzz build) has no aggregate
  // initialization from parentheses.
  change_.ops.emplace_back(
      std::in_place_type<TextInsert>,
      TextInsert{section, {ins.originLeft, ins.originRight}, std::move(ins.content)});
}

void LocalEdit::deleteText(OpId section, size_t pos, size_t len) {
  Section& s = sectionOrThrow(doc_, section);
  if (pos > s.text.size() || len > s.text.size() - pos) {
    throw InputError("delete range is past the end of the section, " +
                     std::to_string(s.text.size()) + " (删除范围超出章节末尾)");
  }
  if (len == 0) return;
  for (const crdt::DeleteOp& del : s.text.deleteLocal(pos, len)) {
    nextId(1);
    change_.ops.emplace_back(std::in_place_type<TextDelete>,
                             TextDelete{section, del.start, del.length});
  }
}

OpId LocalEdit::createTable(const std::string& templateKey, const std::string& name,
                            const std::string& title, std::optional<OpId> section) {
  if (section) sectionOrThrow(doc_, *section);
  OpId id = nextId(1);
  push(TableCreate{templateKey, name, title, section}, id);
  return id;
}

void LocalEdit::removeTable(OpId table) {
  tableOrThrow(doc_, table);
  push(TableRemove{table}, nextId(1));
}

OpId LocalEdit::insertRow(OpId table, size_t index, const std::string& key,
                          const std::string& group) {
  Table& t = tableOrThrow(doc_, table);
  require(index <= t.rows.size(),
          "position " + std::to_string(index) + " is past the end (行位置超出范围)");
  // As in moveSection: the sequence gives the exact neighbours, deleted rows included.
  OpId id = nextId(1);
  crdt::InsertOp ins = t.rows.insertLocal(index, kElementPlaceholder, id);
  push(RowInsert{table, {ins.originLeft, ins.originRight}, key, group}, id);
  return id;
}

void LocalEdit::deleteRow(OpId table, OpId row) {
  Table& t = tableOrThrow(doc_, table);
  require(t.rows.visiblePosition(row).has_value(), "no such row (没有该行)");
  push(RowDelete{table, row}, nextId(1));
}

void LocalEdit::setCell(OpId table, OpId row, const std::string& column, const std::string& value) {
  Table& t = tableOrThrow(doc_, table);
  require(t.rows.visiblePosition(row).has_value(), "no such row (没有该行)");
  require(!column.empty(), "empty column name (列名为空)");
  auto it = t.cells.find(Table::cellKey(row, column));
  std::vector<OpId> pred = it == t.cells.end() ? std::vector<OpId>{} : it->second.ids();
  push(CellSet{table, row, column, {value, pred}}, nextId(1));
}

void LocalEdit::setReportField(ReportField field, const std::string& value) {
  push(ReportSet{field, {value, doc_.reportField(field).ids()}}, nextId(1));
}

void LocalEdit::addOffice(const std::string& user) {
  require(!user.empty(), "an office user needs a name (请填写办公室用户名)");
  push(ReportSet{ReportField::kOffice, {user, {}}}, nextId(1));
}

void LocalEdit::resolveMark(OpId section, std::optional<OpId> paragraphEnd,
                            std::vector<ChangeId> changes) {
  sectionOrThrow(doc_, section);
  push(MarkResolve{section, paragraphEnd, std::move(changes)}, nextId(1));
}

Change LocalEdit::finish() {
  assert(!change_.ops.empty() && "finish() on an empty edit");
  doc_.recordChange(change_);
  return std::move(change_);
}

}  // namespace rs::doc
