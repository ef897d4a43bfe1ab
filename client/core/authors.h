// Who wrote a change, as people are shown it: the server-verified user of the change's
// actor, with the name the change carries (its `author`, a label anyone can set with
// set-user) beside it only when it differs, or the label marked unverified while no
// server has said whose the actor is.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "crdt/ids.h"

namespace rs::core {

// An actor's verified user, as the server reports it with pulled changes.
struct ActorUser {
  crdt::ActorId actor{};
  std::string user;
};

// actor -> its verified user, as stored in the profile (Replica::actorUsers).
using ActorUsers = std::map<crdt::ActorId, std::string>;

// UTF-8 text for `label` (a change's author) under `actor`:
//   "zhang"                 verified as zhang, labelled zhang;
//   "zhang（署名：office）"   verified as zhang, labelled office;
//   "office（未验证）"         no verified user known (not synced yet, or no server).
// `chinese` false (the desktop program under --lang en): "zhang (signed office)",
// "office (unverified)".
std::string authorText(const ActorUsers& users, const crdt::ActorId& actor,
                       const std::string& label, bool chinese = true);

// The verified user of `actor`, else the label: whom a change counts as from when asking
// "is this mine?" (refused --mine, the desktop program's notice).
std::string authorUser(const ActorUsers& users, const crdt::ActorId& actor,
                       const std::string& label);

}  // namespace rs::core
