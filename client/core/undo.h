// Undo and redo of the local user's own changes, as new changes: the inverse of the last own change
// not yet undone is computed against the document as it is now (others' later edits stay).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/replica.h"

namespace rs::core {

// Returns the change that was undone, or nullopt when there is nothing to undo.
std::optional<doc::ChangeId> undoLast(Replica& replica, OpenReport& report);

// Redo: takes back the newest own undo not yet redone, as a new change (the inverse of the
// undo, computed against the document as it is now), as long as no own edit came after it.
// A table's add or removal is redone like text: the table goes again, or comes back with
// its content under its key. Returns the undo taken back, or nullopt when there is nothing
// to redo. A redo is itself undone by the next undo.
std::optional<doc::ChangeId> redoLast(Replica& replica, OpenReport& report);
// Whether redoLast() has something to take back (reads the report's history).
bool canRedo(Replica& replica, const OpenReport& report);

// What a change did, counted: code points inserted and deleted, cells set, other ops; and
// whether it took no effect (its author had no right to make it: doc/rights.cpp). Where:
// the sections whose text it changed and the tables whose cells or rows it changed, each
// once, in the order of its ops (the history panel names them, issue 12 item 6).
struct ChangeSummary {
  size_t inserted = 0, deleted = 0, cells = 0, other = 0;
  bool ineffective = false;
  std::vector<doc::OpId> sections, tables;
};
ChangeSummary summarizeOps(const doc::Document& doc, const doc::Change& change);

// One line saying what a change did, for history, in Chinese ("+12 字 1 个单元格").
std::string describeOps(const doc::Document& doc, const doc::Change& change);

}  // namespace rs::core
