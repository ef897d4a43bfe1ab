// What a document is to every reader and to every later change, as text to compare: two
// documents built from the same history in two ways (change by change, or spans as runs;
// from a snapshot plus its tail, or from nothing) must give the same. Actors are named by
// their bytes, not their index in the document's table (which depends on intern order).
#pragma once

#include <algorithm>
#include <string>

#include "crdt/ids.h"
#include "doc/document.h"
#include "docreport/render.h"

namespace rs::test {

inline std::string documentFacts(const doc::Document& d) {
  auto actor = [&](crdt::ActorIdx a) { return crdt::toHex(d.actors().bytes(a)); };
  auto id = [&](const std::optional<doc::OpId>& o) {
    return o ? std::to_string(o->counter) + "@" + actor(o->actor) : std::string("-");
  };
  std::string out = core::renderJson(d) + "\nversion";
  for (const auto& [a, seq] : d.version().entries())
    out += " " + crdt::toHex(a) + ":" + std::to_string(seq);
  std::vector<std::string> heads;
  for (const doc::ChangeId& h : d.heads())
    heads.push_back(crdt::toHex(h.actor) + ":" + std::to_string(h.seq));
  std::sort(heads.begin(), heads.end());
  out += "\nheads";
  for (const std::string& h : heads) out += " " + h;
  out += "\nmax counter " + std::to_string(d.maxCounter()) + "\nineffective " +
         std::to_string(d.ineffective().size());
  // Every element of every section's text, deleted ones too, with its origins: the same for
  // two sequences that differ only in where their runs are split.
  for (const auto& entry : d.outline()) {
    out += "\nsection " + id(entry.id) + ":";
    for (const crdt::SequenceRun& r : d.section(entry.id)->text.runs())
      for (uint32_t i = 0; i < r.length; ++i)
        out += " " + std::to_string(r.id.counter + i) + "@" + actor(r.id.actor) + "<" +
               id(i == 0 ? r.originLeft : doc::OpId{r.id.counter + i - 1, r.id.actor}) + ">" +
               id(r.originRight) + (r.deleted ? "x" : "");
  }
  return out;
}

}  // namespace rs::test
