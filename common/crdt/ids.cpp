#include "crdt/ids.h"

#include <cstring>

namespace rs::crdt {

std::string toHex(const ActorId& actor) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (uint8_t b : actor) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

static int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool fromHex(std::string_view hex, ActorId& out) {
  if (hex.size() != 32) return false;
  for (size_t i = 0; i < 16; ++i) {
    int hi = hexValue(hex[2 * i]), lo = hexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = uint8_t(hi * 16 + lo);
  }
  return true;
}

size_t ActorTable::Hash::operator()(const ActorId& a) const {
  uint64_t h;
  std::memcpy(&h, a.data(), sizeof h);  // actors are random bytes already
  return size_t(h);
}

ActorIdx ActorTable::intern(const ActorId& actor) {
  auto [it, inserted] = index_.try_emplace(actor, ActorIdx(actors_.size()));
  if (inserted) actors_.push_back(actor);
  return it->second;
}

std::optional<ActorIdx> ActorTable::find(const ActorId& actor) const {
  auto it = index_.find(actor);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

int ActorTable::compare(ActorIdx a, ActorIdx b) const {
  if (a == b) return 0;
  return std::memcmp(actors_[a].data(), actors_[b].data(), 16);
}

}  // namespace rs::crdt
