#include "core/authors.h"

namespace rs::core {

std::string authorText(const ActorUsers& users, const crdt::ActorId& actor,
                       const std::string& label, bool chinese) {
  auto it = users.find(actor);
  if (it == users.end()) return label + (chinese ? "（未验证）" : " (unverified)");
  if (it->second == label) return label;
  return it->second + (chinese ? "（署名：" + label + "）" : " (signed " + label + ")");
}

std::string authorUser(const ActorUsers& users, const crdt::ActorId& actor,
                       const std::string& label) {
  auto it = users.find(actor);
  return it == users.end() ? label : it->second;
}

}  // namespace rs::core
