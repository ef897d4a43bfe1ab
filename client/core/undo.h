// Undo of the local user's own changes, as new changes: the inverse of the last own change
// not yet undone is computed against the document as it is now (others' later edits stay).
#pragma once

#include <optional>
#include <string>

#include "core/replica.h"

namespace rs::core {

// Returns the change that was undone, or nullopt when there is nothing to undo.
std::optional<doc::ChangeId> undoLast(Replica& replica, OpenReport& report);

// One line saying what a change did, for history.
std::string describeOps(const doc::Document& doc, const doc::Change& change);

}  // namespace rs::core
