#include "core/span_table.h"

#include <algorithm>

#include "doc/change_codec.h"
#include "util/errors.h"

namespace rs::core {

namespace {

std::string actorBytes(const crdt::ActorId& a) {
  return std::string(reinterpret_cast<const char*>(a.data()), a.size());
}

// A single merged change (one colleague's key pulled alone) joins a stored span only while
// it holds fewer than this many: the join decodes and re-encodes (zstd) the span, which
// took gui-typing's every-key p99 to 32 ms at kSpanJoinLimit when local commits joined.
constexpr uint64_t kSingleJoinLimit = 32;

}  // namespace

std::string actorSeqKey(std::string_view report, const crdt::ActorId& actor, uint64_t seq) {
  return std::string(report) + actorBytes(actor) + store::encodeU64(seq);
}

doc::ChangeId idOfActorSeqKey(std::string_view key) {
  require(key.size() == 40, "the store holds a damaged change key (本地数据已损坏)");
  doc::ChangeId id;
  std::copy(key.begin() + 16, key.begin() + 32, id.actor.begin());
  id.seq = store::decodeU64(key.substr(32, 8));
  return id;
}

void SpanTable::add(store::Txn& txn, std::string_view report, std::span<const doc::Change> changes,
                    const crdt::ActorTable& actors) {
  for (const std::string& span : doc::encodeSpans(changes, actors)) {
    doc::SpanInfo info = doc::readSpanInfo(span);
    std::string before = actorSeqKey(report, info.first.actor, info.first.seq - 1);
    std::optional<std::string_view> held =
        info.first.seq > 1 ? dbi_.get(txn, before) : std::nullopt;
    if (held && doc::readSpanInfo(*held).count <
                    (changes.size() == 1 ? kSingleJoinLimit : kSpanJoinLimit)) {
      // The run continues a small stored span: the two become one (or stay two when the
      // run does not chain onto it, e.g. another author's label).
      crdt::ActorTable scratch;
      std::vector<doc::Change> joined = doc::decodeSpan(*held, scratch);
      for (doc::Change& c : doc::decodeSpan(span, scratch)) joined.push_back(std::move(c));
      std::vector<std::string> parts = doc::encodeSpans(joined, scratch);
      dbi_.del(txn, before);
      for (const std::string& p : parts) {
        doc::SpanInfo pi = doc::readSpanInfo(p);
        dbi_.put(txn, actorSeqKey(report, pi.first.actor, pi.lastSeq()), p);
      }
      continue;
    }
    dbi_.put(txn, actorSeqKey(report, info.first.actor, info.lastSeq()), span);
  }
}

void SpanTable::putSpan(store::Txn& txn, std::string_view report, std::string_view span) const {
  doc::SpanInfo info = doc::readSpanInfo(span);
  dbi_.put(txn, actorSeqKey(report, info.first.actor, info.lastSeq()), span);
}

void SpanTable::append(store::Txn& txn, std::string_view report, const doc::ChangeId& id,
                       std::string_view packed) const {
  log_.put(txn, actorSeqKey(report, id.actor, id.seq), packed);
}

std::vector<doc::Change> SpanTable::loggedChanges(store::Txn& txn, std::string_view report,
                                                  crdt::ActorTable& actors,
                                                  std::vector<std::string>* keys) const {
  std::vector<doc::Change> out;
  log_.scanPrefix(txn, report, [&](std::string_view key, std::string_view packed) {
    doc::Change c = doc::decodeChange(packed, actors);
    require(c.id == idOfActorSeqKey(key),
            "the store's log holds a change under another's key (本地数据已损坏)");
    out.push_back(std::move(c));
    if (keys) keys->emplace_back(key);
    return true;
  });
  return out;
}

size_t SpanTable::fold(store::Txn& txn, std::string_view report) {
  crdt::ActorTable actors;
  std::vector<std::string> keys;
  std::vector<doc::Change> logged = loggedChanges(txn, report, actors, &keys);
  if (logged.empty()) return 0;
  add(txn, report, logged, actors);
  for (const std::string& key : keys) log_.del(txn, key);
  return logged.size();
}

size_t SpanTable::logged(store::Txn& txn, std::string_view report) const {
  size_t n = 0;
  log_.scanPrefix(txn, report, [&](auto, auto) { return ++n, true; });
  return n;
}

std::optional<std::string_view> SpanTable::loggedChange(store::Txn& txn, std::string_view report,
                                                        const doc::ChangeId& id) const {
  return log_.get(txn, actorSeqKey(report, id.actor, id.seq));
}

bool SpanTable::has(store::Txn& txn, std::string_view report, const doc::ChangeId& id) const {
  return loggedChange(txn, report, id) || find(txn, report, id);
}

std::optional<std::pair<std::string, std::string_view>> SpanTable::find(
    store::Txn& txn, std::string_view report, const doc::ChangeId& id) const {
  std::string prefix = std::string(report) + actorBytes(id.actor);
  std::optional<std::pair<std::string, std::string_view>> out;
  dbi_.scanFrom(txn, prefix + store::encodeU64(id.seq),
                [&](std::string_view key, std::string_view value) {
                  if (key.substr(0, prefix.size()) != prefix) return false;
                  if (doc::readSpanInfo(value).first.seq <= id.seq) out.emplace(key, value);
                  return false;
                });
  return out;
}

namespace {

// Field by field: two decodings of one change (into one actor table) are equal exactly when
// its packed bytes are.
bool sameChange(const doc::Change& a, const doc::Change& b) {
  return a.id == b.id && a.lamport == b.lamport && a.deps == b.deps && a.timeMs == b.timeMs &&
         a.author == b.author && a.ops == b.ops;
}

}  // namespace

bool SpanTable::holdsAlike(store::Txn& txn, std::string_view report, const doc::SpanInfo& span,
                           crdt::ActorTable& actors) const {
  auto first = find(txn, report, span.first);
  if (first && first->second == span.bytes) return true;
  const std::vector<doc::Change> sent = doc::decodeSpan(span.bytes, actors);
  for (size_t i = 0; i < sent.size();) {
    const doc::ChangeId& id = sent[i].id;
    if (auto found = first && i == 0 ? first : find(txn, report, id)) {
      const uint64_t to = std::min(doc::readSpanInfo(found->second).lastSeq(), span.lastSeq());
      std::vector<doc::Change> held = doc::decodeSpan(found->second, actors, id.seq, to);
      if (held.empty()) return false;  // the stored span does not hold what its key says
      for (const doc::Change& c : held)
        if (i == sent.size() || !sameChange(c, sent[i++])) return false;
      continue;
    }
    auto packed = loggedChange(txn, report, id);
    if (!packed || !sameChange(doc::decodeChange(*packed, actors), sent[i])) return false;
    ++i;
  }
  return true;
}

namespace {

// Stored spans and logged changes as one history: the logged changes encoded as spans, all
// ordered by first lamport (a span's first change depends only on changes of lower lamport;
// the rest of it only on the change before it).
std::string joinByLamport(std::vector<std::string_view> stored, std::span<const doc::Change> logged,
                          const crdt::ActorTable& actors) {
  std::vector<std::pair<uint64_t, std::string_view>> held;  // (first lamport, span)
  held.reserve(stored.size());
  for (std::string_view span : stored)
    held.emplace_back(doc::readSpanInfo(span).firstLamport, span);
  const std::vector<std::string> logSpans = doc::encodeSpans(logged, actors);
  for (const std::string& span : logSpans)
    held.emplace_back(doc::readSpanInfo(span).firstLamport, span);
  std::stable_sort(held.begin(), held.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string_view> out;
  out.reserve(held.size());
  for (const auto& [lamport, span] : held) out.push_back(span);
  return doc::joinSpans(out);
}

}  // namespace

std::string SpanTable::history(store::Txn& txn, std::string_view report) const {
  std::vector<std::string_view> stored;
  dbi_.scanPrefix(txn, report, [&](std::string_view, std::string_view value) {
    stored.push_back(value);
    return true;
  });
  crdt::ActorTable actors;
  return joinByLamport(std::move(stored), loggedChanges(txn, report, actors), actors);
}

std::string SpanTable::historyBetween(store::Txn& txn, std::string_view report,
                                      const crdt::VersionVector& held,
                                      const crdt::VersionVector& upTo) const {
  std::vector<std::string_view> stored;
  std::vector<doc::Change> logged;
  crdt::ActorTable actors;
  for (const auto& [actor, toSeq] : upTo.entries()) {
    const uint64_t fromSeq = held.get(actor) + 1;
    if (fromSeq > toSeq) continue;
    // The first span keyed at or after fromSeq holds it (keys end with a span's last seq);
    // logged changes follow their actor's spans (fold() empties the log as it adds).
    std::string prefix = std::string(report) + actorBytes(actor);
    dbi_.scanFrom(txn, prefix + store::encodeU64(fromSeq),
                  [&](std::string_view key, std::string_view value) {
                    if (key.substr(0, prefix.size()) != prefix) return false;
                    if (doc::readSpanInfo(value).first.seq > toSeq) return false;
                    stored.push_back(value);
                    return true;
                  });
    log_.scanFrom(txn, prefix + store::encodeU64(fromSeq),
                  [&](std::string_view key, std::string_view packed) {
                    if (key.substr(0, prefix.size()) != prefix) return false;
                    if (idOfActorSeqKey(key).seq > toSeq) return false;
                    logged.push_back(doc::decodeChange(packed, actors));
                    require(logged.back().id == idOfActorSeqKey(key),
                            "the store's log holds a change under another's key");
                    return true;
                  });
  }
  return joinByLamport(std::move(stored), logged, actors);
}

std::vector<doc::ChangeId> SpanTable::ids(store::Txn& txn, std::string_view report) const {
  std::vector<doc::ChangeId> out;
  dbi_.scanPrefix(txn, report, [&](std::string_view, std::string_view value) {
    doc::SpanInfo info = doc::readSpanInfo(value);
    for (uint64_t s = info.first.seq; s <= info.lastSeq(); ++s)
      out.push_back({info.first.actor, s});
    return true;
  });
  log_.scanPrefix(txn, report, [&](std::string_view key, std::string_view) {
    out.push_back(idOfActorSeqKey(key));
    return true;
  });
  return out;
}

void SpanTable::clear(store::Txn& txn, std::string_view report) const {
  std::vector<std::string> keys;
  dbi_.scanPrefix(txn, report, [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  for (const std::string& k : keys) dbi_.del(txn, k);
  keys.clear();
  log_.scanPrefix(txn, report, [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  for (const std::string& k : keys) log_.del(txn, k);
}

std::optional<std::string> PackedLookup::get(const doc::ChangeId& id) {
  if (auto logged = table_.loggedChange(txn_, report_, id)) return std::string(*logged);
  auto found = table_.find(txn_, report_, id);
  if (!found) return std::nullopt;
  return unpacker_.packed(found->first, found->second, id.seq);
}

}  // namespace rs::core
