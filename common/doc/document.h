// The report document: a pure function of the set of changes it holds.
//
// Sections form a tree (placements in parents' child sequences, latest placement wins);
// each section has title/assignee/status registers and a text sequence. Tables hold a row
// sequence and a multi-value register per cell. Report-level registers hold title,
// department, year and template.
//
// Changes are applied in causal order: apply() reports kMissingDeps for a change whose
// dependencies are not all here yet, and the caller keeps it until they arrive.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "crdt/ids.h"
#include "crdt/register.h"
#include "crdt/sequence.h"
#include "crdt/version_vector.h"
#include "doc/change.h"

namespace rs::doc {

using crdt::MultiRegister;
using crdt::OpIdHash;
using crdt::Sequence;

// The content of elements whose identity is all that matters: table rows and section
// placements in their sequences.
inline constexpr char32_t kElementPlaceholder[] = U"\u2022";

struct Placement {
  OpId id;  // the sectionMove op, also the element in the parent's child sequence
  OpId section;
  std::optional<OpId> parent;
};

struct Section {
  explicit Section(const crdt::ActorTable& actors) : text(actors), children(actors) {}
  std::string templateKey;
  // The parent the section was created under (its creating change's own placement): rights
  // given on a section reach the sections created under it. nullopt: top level.
  bool homeSet = false;
  std::optional<OpId> home;
  ChangeId createdIn;  // only while its creating change is applied
  MultiRegister<std::string> title, assignee, status;
  Sequence text;
  Sequence children;  // elements are placements
};

struct Row {
  std::string key;     // template row key, or generated for an added row
  std::string group;   // added rows: the template row or block they belong to
  std::string author;  // who inserted it (the inserting change's author)
  // A template row (fixed by the form: 总分, 合计, the fixed items) has no group; no one
  // may delete it (doc/rights.cpp).
  bool fixed() const { return group.empty(); }
};

struct Table {
  explicit Table(const crdt::ActorTable& actors) : rows(actors) {}
  std::string templateKey;
  std::string name;
  std::string title;
  // The section whose assignees may write the cells and add rows (TableCreate.section);
  // nullopt: the office's alone (or, for a table made before change format v3, anyone's).
  std::optional<OpId> section;
  bool legacy = false;  // TableCreate.legacy: made before v3, every member may write it
  bool removed = false;
  Sequence rows;  // element id = row id
  std::unordered_map<OpId, Row, OpIdHash> rowInfo;
  std::map<std::pair<std::pair<uint64_t, ActorIdx>, std::string>, MultiRegister<std::string>> cells;

  static std::pair<std::pair<uint64_t, ActorIdx>, std::string> cellKey(OpId row,
                                                                       const std::string& col) {
    return {{row.counter, row.actor}, col};
  }
  // The row's non-empty cells in column order: fn(column, register).
  template <typename Fn>
  void forEachCell(OpId row, Fn fn) const {
    for (auto it = cells.lower_bound(cellKey(row, ""));
         it != cells.end() && it->first.first == std::pair{row.counter, row.actor}; ++it)
      if (!it->second.empty()) fn(it->first.second, it->second);
  }
};

struct ResolvedMark {
  ChangeId by;
  MarkResolve op;
};

enum class ApplyResult { kApplied, kDuplicate, kMissingDeps };

// A change some op of which did not take effect because its author lacked the right to
// make it at the change's causal point (doc/rights.cpp). The change is still held.
struct Ineffective {
  // kTemplateRow: deleting a row the form fixes (nobody may); kOthersRow: deleting an added
  // row someone else added (only they or the office may).
  enum class Reason : uint8_t { kNotAssigned, kOfficeOnly, kTemplateRow, kOthersRow };
  ChangeId change;
  std::string author;
  std::optional<OpId> section;  // the section the first such op wrote, if any
  std::optional<OpId> table;    // the table, for row and cell ops
  Reason reason = Reason::kNotAssigned;
};

// A write that gives rights: a section's assignee or the report's office set.
struct Grant {
  ChangeId change;
  OpId id;
  bool office = false;
  OpId section;  // assignee writes
  std::string value;
  std::vector<OpId> pred;
};

class Document {
 public:
  Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // ---- causal state ----
  crdt::ActorTable& actors() { return *actors_; }
  const crdt::ActorTable& actors() const { return *actors_; }
  const crdt::VersionVector& version() const { return version_; }
  bool has(const ChangeId& id) const { return version_.includes(id); }
  // The frontier: changes no other held change depends on, sorted.
  const std::vector<ChangeId>& heads() const { return heads_; }
  uint64_t maxCounter() const { return maxCounter_; }
  // Counter range used by a held change; nullopt when not held.
  std::optional<std::pair<uint64_t, uint64_t>> counterRange(const ChangeId& id) const;

  // Applies a decoded change, all of it or nothing. Throws InputError, leaving the document
  // unchanged, when the change is not valid here (counters reused or out of range, ops
  // naming objects that do not exist, empty inserts and deletes, an insert between
  // neighbours in the wrong order: checked before any op is applied, on a copy of the
  // sequence when only applying the change's earlier ops tells).
  ApplyResult apply(const Change& change);
  // Applies a span of changes as one run of ops (doc/document_run.cpp): all of it, or
  // nothing and InputError, as apply() does for a change. nullopt, doing nothing, when the
  // run must go change by change: some of it is held already, or some op of it would not
  // take effect under its author's rights (doc/rights.cpp).
  std::optional<ApplyResult> apply(const ChangeRun& run);
  // apply() refuses (InputError) a change that would take the document past these.
  static constexpr size_t kMaxSections = 10'000;
  static constexpr size_t kMaxTables = 2'000;
  // The outline shows at most this many levels (Word's heading levels 1-9, OOXML outline
  // levels 0-8; the 自评报告 uses 4): sections nested deeper are shown at level 9, after
  // their ancestor, and LocalEdit refuses to nest them deeper. A chain of sections 35,000
  // deep (a fuzzed snapshot of 1.3 KB) took outline() to 2 GB and a stack overflow.
  static constexpr int kMaxOutlineDepth = 9;
  // apply() refuses counters from here on (as the history decoder does, doc/change_spans.h).
  static constexpr uint64_t kMaxCounter = uint64_t(1) << 62;

  // ---- reading ----
  const MultiRegister<std::string>& reportField(ReportField f) const {
    return reportFields_[size_t(f)];
  }
  std::string reportValue(ReportField f) const;
  // Sections in outline order (depth first) with their depth (1 = top level, at most
  // kMaxOutlineDepth).
  struct OutlineEntry {
    OpId id;
    int depth;
    std::vector<int> number;  // 1-based position at each level, e.g. {2, 1}
  };
  std::vector<OutlineEntry> outline() const;
  const Section* section(OpId id) const;
  // The section's parent in the tree (nullopt: top level or not placed); the outline shows
  // it there unless it is nested deeper than kMaxOutlineDepth.
  std::optional<OpId> parentOf(OpId section) const { return effectiveParent(section); }
  OpId placementOf(OpId section) const { return current_.at(section).id; }
  std::optional<OpId> sectionByNumber(const std::vector<int>& number) const;
  // Tables not removed, in creation order.
  std::vector<OpId> tables() const;
  // Every table held, removed ones included (their rows and cells stay), in creation order:
  // undoing a removal copies one back (core/undo.h).
  const std::vector<OpId>& allTables() const { return tableOrder_; }
  const Table* table(OpId id) const;
  std::vector<OpId> rows(OpId table) const;
  const std::vector<ResolvedMark>& resolvedMarks() const { return resolved_; }

  // ---- rights (doc/rights.cpp) ----
  // Whether the report records who may write (an office set exists); when not, every
  // author may make every op.
  bool rightsRecorded() const;
  // The office set now (the register's values).
  std::vector<std::string> officeUsers() const;
  // Whether `user` may now write the text, title, status and marks of `section`.
  bool mayWriteSection(const std::string& user, OpId section) const;
  // Whether `user` may now make office-only ops (structure, assignees, report fields).
  bool isOffice(const std::string& user) const;
  // Whether `user` may now write cells of `table` and add rows to it: office, the table's
  // section assigned to them, a table made before v3, or no rights recorded.
  bool mayWriteTable(const std::string& user, OpId table) const;
  // Whether `user` may now delete `row` of `table`; nullopt when they may, else the reason
  // (kTemplateRow for everyone; kOthersRow, kNotAssigned for members).
  std::optional<Ineffective::Reason> rowDeleteRefusal(const std::string& user, OpId table,
                                                      OpId row) const;
  // Per op of `change` (not yet applied; its deps held): whether it takes effect under its
  // author's rights at the change's causal point. `why` gets the first refusal, if any.
  std::vector<bool> effects(const Change& change, Ineffective* why = nullptr) const;
  // Changes held with ops that did not take effect, sorted by change id.
  const std::vector<Ineffective>& ineffective() const { return ineffective_; }
  // Whether a held change has ops that did not take effect.
  bool isIneffective(const ChangeId& change) const;

  // ---- for LocalEdit and snapshots ----
  Section* mutableSection(OpId id);
  Table* mutableTable(OpId id);
  void applyOp(const Op& op, OpId id, const ChangeId& change);
  // Applies an op that does not take effect: objects it creates exist but are hidden
  // (text and placements as deleted elements, tables removed), writes are skipped.
  void applyHidden(const Op& op, OpId id, const ChangeId& change);
  void validateOps(const Change& change) const;
  // Records an applied change; `effective` per op (empty: all took effect).
  void recordChange(const Change& change, const std::vector<bool>& effective = {},
                    const Ineffective* why = nullptr);
  bool rootContains(OpId element) const;
  const Sequence* rootSequence() const { return rootChildren_.get(); }
  // The sequence of placements under `parent` (nullopt: the top level).
  Sequence& mutableChildren(std::optional<OpId> parent);

 private:
  friend class SnapshotCodec;
  void recomputeTree();
  // Adds a placement and updates the tree: by itself when it is the newest placement (the
  // usual case, so that a change of n moves costs n steps, not n replays of every
  // placement), else by recomputeTree().
  void addPlacement(const Placement& placement);
  // The replay's step for one placement (section_tree.cpp).
  void place(const Placement& placement);
  std::vector<bool> grantsInPast(const Change& change) const;
  void recordGrants(const Change& change, const std::vector<bool>& effective);
  void updateHeads(const Change& change);
  // Lamport floor and counter range of a change about to be applied (its deps held).
  void checkCounters(const ChangeId& id, const std::vector<ChangeId>& deps, uint64_t lamport,
                     uint64_t width) const;
  // Records that changes seq .. seq + count - 1 of `actor` each used `width` counters.
  void recordCounters(const ActorId& actor, uint64_t seq, uint64_t lamport, uint64_t width,
                      uint64_t count);
  void applyTextRun(const ChangeRun& run, ActorIdx own);
  std::optional<OpId> effectiveParent(OpId section) const;

  std::unique_ptr<crdt::ActorTable> actors_;
  crdt::VersionVector version_;
  std::vector<ChangeId> heads_;
  uint64_t maxCounter_ = 0;
  // Per actor, the counters each seq used, run-length encoded: a sequential typist's
  // changes follow each other with equal widths and collapse into one segment.
  struct CounterSegment {
    uint64_t firstSeq, firstLamport, width, count;
  };
  std::map<ActorId, std::vector<CounterSegment>> counters_;

  MultiRegister<std::string> reportFields_[kReportFieldCount];
  std::unordered_map<OpId, std::unique_ptr<Section>, OpIdHash> sections_;
  std::unique_ptr<Sequence> rootChildren_;
  std::vector<Placement> placements_;
  // Derived from placements_: the winning placement of each section.
  std::unordered_map<OpId, Placement, OpIdHash> current_;
  std::optional<OpId> newestPlacement_;  // the greatest id in placements_
  // Derived from current_: how many sections are placed under each section that has any.
  std::unordered_map<OpId, uint32_t, OpIdHash> childCount_;
  std::unordered_map<OpId, std::unique_ptr<Table>, OpIdHash> tables_;
  std::vector<OpId> tableOrder_;
  std::vector<ResolvedMark> resolved_;
  // Rights: grants in the order applied; per actor and grant, the first seq of that actor
  // whose causal past holds the grant (0: none yet; shorter vectors: 0 beyond).
  std::vector<Grant> grants_;
  std::map<ActorId, std::vector<uint64_t>> grantSeen_;
  std::vector<Ineffective> ineffective_;
};

}  // namespace rs::doc
