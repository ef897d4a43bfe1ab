// Re-issuing a replica's unsent changes under a fresh actor, for a profile whose actor was
// used elsewhere too (a store folder copied to a second laptop, restored from a backup):
// two replicas writing as one actor make different changes with the same (actor, seq) and
// the same op ids, which would be refused for ever or, worse, resolve to the wrong text.
#pragma once

#include <vector>

#include "doc/change.h"
#include "doc/document.h"

namespace rs::core {

// `unsent` are changes of `oldActor` (in seq order) held by no one else, decoded against
// `doc`'s actor table; `doc` holds every other change, not these. Returns them as changes
// of `newActor` numbered from seq 1 (the actor must be fresh): the same ops and lamports,
// with references to the re-issued changes and to the elements they made renamed.
std::vector<doc::Change> reissueChanges(doc::Document& doc, const doc::ActorId& oldActor,
                                        const doc::ActorId& newActor,
                                        std::vector<doc::Change> unsent);

}  // namespace rs::core
