// A change in memory: what one person did in one step, as a list of ops.
//
// Ops name other ops by OpId, whose actor is an index into the document's ActorTable
// (see crdt/ids.h). change_codec.h turns changes into the bytes of proto/change.capnp
// and back.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "crdt/ids.h"

namespace rs::doc {

using crdt::ActorId;
using crdt::ActorIdx;
using crdt::ChangeId;
using crdt::OpId;

enum class SectionField : uint8_t { kTitle, kAssignee, kStatus };
// kOffice: a set of user names who may change everything (see doc/rights.cpp). Each
// write adds one name (empty pred); a write naming an entry in pred and an empty value
// removes it.
enum class ReportField : uint8_t { kTitle, kDepartment, kYear, kTemplate, kOffice };
inline constexpr size_t kReportFieldCount = 5;

// Neighbours of an inserted element at insertion time (nullopt: start or end).
struct Anchor {
  std::optional<OpId> left;
  std::optional<OpId> right;
  bool operator==(const Anchor&) const = default;
};

struct RegisterWrite {
  std::string value;
  std::vector<OpId> pred;  // the values this write replaces
  bool operator==(const RegisterWrite&) const = default;
};

struct SectionCreate {
  std::string templateKey;  // empty for a section a user added
  bool operator==(const SectionCreate&) const = default;
};
struct SectionMove {
  OpId section;
  std::optional<OpId> parent;  // nullopt: top level
  Anchor anchor;               // among the parent's children
  bool operator==(const SectionMove&) const = default;
};
struct SectionSet {
  OpId section;
  SectionField field;
  RegisterWrite write;
  bool operator==(const SectionSet&) const = default;
};
struct TextInsert {
  OpId section;
  Anchor anchor;
  std::u32string text;
  bool operator==(const TextInsert&) const = default;
};
struct TextDelete {
  OpId section;
  OpId start;
  uint32_t length;
  bool operator==(const TextDelete&) const = default;
};
struct TableCreate {
  std::string templateKey;
  std::string name;  // the table's key in the report
  std::string title;
  // The section whose assignees may write the table's cells and add rows (the template's
  // TableTemplate.section); nullopt: the office's alone, or a table made before v3.
  std::optional<OpId> section;
  bool legacy = false;  // made by a program before v3: every member may write it
  bool operator==(const TableCreate&) const = default;
};
struct TableRemove {
  OpId table;
  bool operator==(const TableRemove&) const = default;
};
struct RowInsert {
  OpId table;
  Anchor anchor;
  std::string key;    // template row key, or generated for an added row
  std::string group;  // added rows: the template row or block they belong to
  bool operator==(const RowInsert&) const = default;
};
struct RowDelete {
  OpId table;
  OpId row;
  bool operator==(const RowDelete&) const = default;
};
struct CellSet {
  OpId table;
  OpId row;
  std::string column;
  RegisterWrite write;
  bool operator==(const CellSet&) const = default;
};
struct ReportSet {
  ReportField field;
  RegisterWrite write;
  bool operator==(const ReportSet&) const = default;
};
struct MarkResolve {
  OpId section;
  std::optional<OpId> paragraphEnd;  // the paragraph's newline element; nullopt: last paragraph
  std::vector<ChangeId> changes;
  bool operator==(const MarkResolve&) const = default;
};

using Op = std::variant<SectionCreate, SectionMove, SectionSet, TextInsert, TextDelete, TableCreate,
                        TableRemove, RowInsert, RowDelete, CellSet, ReportSet, MarkResolve>;

// How many Lamport counters an op uses.
inline uint64_t opWidth(const Op& op) {
  if (auto* ins = std::get_if<TextInsert>(&op)) return ins->text.size();
  return 1;
}

struct Change {
  ChangeId id;
  uint64_t lamport = 0;  // counter of the first op
  std::vector<ChangeId> deps;
  int64_t timeMs = 0;
  std::string author;
  std::vector<Op> ops;

  uint64_t width() const {
    uint64_t w = 0;
    for (const Op& op : ops) w += opWidth(op);
    return w;
  }
  // Highest counter used by this change (lamport + width - 1); lamport - 1 when empty.
  uint64_t lastCounter() const { return lamport + width() - 1; }
};

// Consecutive changes of one actor whose ops are all text inserts and deletes (a span of a
// history, doc/change_spans.h), as the runs of ops they make together, for applying them as
// one (Document::apply). Change first.seq + i has lamport lamport + (widths of the changes
// before it) and depends on the change before it; the first depends on `deps`.
struct ChangeRun {
  ChangeId first;
  uint64_t count = 0;    // changes first.seq .. first.seq + count - 1
  uint64_t lamport = 0;  // the first change's
  std::vector<ChangeId> deps;
  std::string author;
  struct Widths {
    uint64_t width, count;  // `count` changes in a row each using `width` counters
  };
  std::vector<Widths> widths;  // in seq order, summing to `count`
  // The ops with their first counters: characters typed in a row (each inserted after the
  // one before, all before the same right neighbour) are one insert, adjacent deletes one
  // delete; in the order they were made.
  struct CountedOp {
    uint64_t counter;
    Op op;  // TextInsert or TextDelete
  };
  std::vector<CountedOp> ops;
  ChangeId last() const { return ChangeId{first.actor, first.seq + count - 1}; }
};

}  // namespace rs::doc
