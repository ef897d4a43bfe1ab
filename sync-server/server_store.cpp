#include "server_store.h"

#include <sodium.h>

#include <chrono>
#include <stdexcept>

#include "login_guard.h"

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "proto/sync.capnp.h"
#include "util/errors.h"
#include "util/time_text.h"

namespace rs::server {

namespace {

// The store's schema, recorded as meta "schema" (a decimal number). Version log:
//   1  users, sessions, reports (members, assignments, last sequence), changes and
//      change-ids in server order, actors (actor -> user), meta (history-id). Stores made
//      before the version was recorded are version 1.
//   2  submission-comments (issue 17): reviewers' comments on a place of a submission, by
//      submission id and sequence. Nothing to migrate (a new, empty sub-database); recorded
//      so that an older server, which would show a return without its comments, refuses the
//      store.
//   3  spans: key report id ++ the span's last server sequence (8 bytes, big-endian),
//      value a span (doc/change_spans.h) whose changes took consecutive server sequences.
//      Migrating from 1 or 2 moves every report's `changes` into spans and empties `changes`.
//   4  span-ids: key report id ++ actor (16 bytes) ++ the span's last seq of that actor (8
//      bytes, big-endian), value the span's last server sequence ++ its first seq of the
//      actor (8 bytes each, big-endian): one record per stored span, found by a range seek,
//      replacing `change-ids` (one record per change: pushing automerge-paper's 259,779
//      changes put as many records, three quarters of the committer's CPU; issue 11).
//      Migrating from 3 indexes every stored span; from 1 or 2 the spans made are indexed
//      as they are made; `change-ids` is emptied.
// A store of a later schema than kSchema is refused untouched (a newer server wrote it);
// an older one is migrated on open, in the same write transaction as recording the new
// version.
constexpr uint64_t kSchema = 4;

constexpr size_t kMapSize = size_t(1) << 36;  // address space; the file grows as used
// Named sub-databases the environment may open: the store's own tables, the template shelf
// and room for later schema steps (each costs a few bytes a transaction; running out makes
// the open fail with MDB_DBS_FULL, which the sessions' parallel additions came close to).
constexpr unsigned kMaxDbs = 32;
// Every request thread may hold a read transaction at once (see httplib_adapter.cpp).
constexpr unsigned kMaxReaders = 4096;

std::string newHistoryText() {
  crdt::ActorId bytes;
  randombytes_buf(bytes.data(), bytes.size());
  return crdt::toHex(bytes);
}

std::string actorKey(const crdt::ActorId& a) {
  return std::string(reinterpret_cast<const char*>(a.data()), a.size());
}

// A span-ids key: report id ++ actor ++ seq (the span's last seq of the actor, schema 4).
std::string spanIdKey(std::string_view rawId, const crdt::ActorId& actor, uint64_t seq) {
  std::string key(rawId);
  key += actorKey(actor);
  key += store::encodeU64(seq);
  return key;
}

// "a\nb" records for small string tuples; names never hold a newline (checked at entry).
std::pair<std::string, std::string> splitPair(std::string_view v) {
  size_t nl = v.find('\n');
  if (nl == std::string_view::npos) return {std::string(v), ""};
  return {std::string(v.substr(0, nl)), std::string(v.substr(nl + 1))};
}

}  // namespace

std::optional<Role> parseRole(const std::string& text) {
  if (text == "member") return Role::kMember;
  if (text == "bureau") return Role::kBureau;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

std::string roleName(Role role) {
  switch (role) {
    case Role::kMember:
      return "member";
    case Role::kBureau:
      return "bureau";
    case Role::kAdmin:
      return "admin";
  }
  return "member";
}

std::optional<std::string> ReportRecord::roleOf(const std::string& user) const {
  for (const MemberEntry& m : members)
    if (m.user == user) return m.role;
  return std::nullopt;
}

uint64_t readableSchema(std::optional<std::string_view> recorded, const std::string& where) {
  if (!recorded) return 1;
  std::string text(*recorded);
  require(!text.empty() && text.size() < 10 &&
              text.find_first_not_of("0123456789") == std::string::npos,
          where + " records an unreadable schema version \"" + text + "\"");
  uint64_t schema = std::stoull(text);
  require(schema <= kSchema,
          where + " was written by a newer reportsync-server (schema " + std::to_string(schema) +
              "; this one reads up to " + std::to_string(kSchema) +
              "): install that version again, or restore a backup made by this one");
  return schema;
}

ServerStore::ServerStore(const std::string& dir)
    : ServerStore(std::make_unique<store::kv::LmdbEngine>(dir, kMapSize, kMaxDbs, kMaxReaders,
                                                          /*deferredCommits=*/true)) {}

ServerStore::ServerStore(std::unique_ptr<store::kv::Engine> engine)
    : engine_(std::move(engine)), logins_(std::make_unique<LoginGuard>()) {
  const std::string dir = engine_->describe();
  store::kv::Txn txn(*engine_, store::kv::Txn::kWrite);
  users_ = store::kv::Table::open(txn, "users");
  sessions_ = store::kv::Table::open(txn, "sessions");
  reports_ = store::kv::Table::open(txn, "reports");
  changes_ = store::kv::Table::open(txn, "changes");
  changeIds_ = store::kv::Table::open(txn, "change-ids");
  spanIds_ = store::kv::Table::open(txn, "span-ids");
  actors_ = store::kv::Table::open(txn, "actors");
  verified_ = store::kv::Table::open(txn, "verified-actors");
  meta_ = store::kv::Table::open(txn, "meta");
  spans_ = store::kv::Table::open(txn, "spans");
  logins_->open(txn);
  // Nothing is written before this check: the transaction aborts with the exception.
  uint64_t schema = readableSchema(meta_.get(txn, "schema"), "the store in " + dir);
  // Migration and the new version are one transaction: a failure leaves the old form.
  if (schema < 3)
    migrateToSpans(txn);  // indexes the spans it makes
  else if (schema < 4)
    indexSpans(txn);
  if (schema < 4) dropChangeIds(txn);
  if (schema < kSchema || !meta_.get(txn, "schema"))
    meta_.put(txn, "schema", std::to_string(kSchema));
  if (auto id = meta_.get(txn, "history-id")) {
    historyId_ = std::string(*id);
  } else {
    historyId_ = newHistoryText();
    meta_.put(txn, "history-id", historyId_);
  }
  txn.commit();
}

ServerStore::~ServerStore() = default;

void ServerStore::renewHistoryId() {
  store::kv::Txn txn(*engine_, store::kv::Txn::kWrite);
  std::string id = newHistoryText();
  meta_.put(txn, "history-id", id);
  txn.commit();
  historyId_ = id;
}

std::optional<User> ServerStore::user(store::kv::Txn& txn, const std::string& name) {
  auto v = users_.get(txn, name);
  if (!v) return std::nullopt;
  auto [role, hash] = splitPair(*v);
  return User{name, parseRole(role).value_or(Role::kMember), hash};
}

void ServerStore::putUser(store::kv::Txn& txn, const User& u) {
  users_.put(txn, u.name, roleName(u.role) + "\n" + u.passwordHash);
}

std::optional<Session> ServerStore::session(store::kv::Txn& txn, const std::string& tokenHash) {
  auto v = sessions_.get(txn, tokenHash);
  if (!v) return std::nullopt;
  auto [user, expires] = splitPair(*v);
  return Session{user, std::stoll(expires)};
}

void ServerStore::putSession(store::kv::Txn& txn, const std::string& tokenHash, const Session& s) {
  // Expired sessions are dropped where sessions are made, so the table stays bounded by
  // the sessions in use. A department logs in a few times a day: the scan is cheap. An
  // expired session is kept for a day after it ends, so that its user is told "session
  // expired" rather than "unknown session" when a colleague logged in meanwhile.
  constexpr int64_t kExpiredKeptMs = 24LL * 3600 * 1000;
  int64_t now = rs::wallClockMs();
  std::vector<std::string> expired;
  sessions_.scanPrefix(txn, "", [&](std::string_view key, std::string_view value) {
    if (splitPair(value).second.empty() ||
        std::stoll(splitPair(value).second) + kExpiredKeptMs <= now)
      expired.emplace_back(key);
    return true;
  });
  for (const std::string& key : expired) sessions_.del(txn, key);
  sessions_.put(txn, tokenHash, s.user + "\n" + std::to_string(s.expiresMs));
}

void ServerStore::dropSession(store::kv::Txn& txn, const std::string& tokenHash) {
  sessions_.del(txn, tokenHash);
}

std::vector<std::pair<std::string, Session>> ServerStore::sessions(store::kv::Txn& txn) {
  std::vector<std::pair<std::string, Session>> out;
  sessions_.scanPrefix(txn, "", [&](std::string_view key, std::string_view value) {
    auto [user, expires] = splitPair(value);
    out.push_back(
        {std::string(key),
         Session{std::string(user), expires.empty() ? 0 : std::stoll(std::string(expires))}});
    return true;
  });
  return out;
}

size_t ServerStore::dropSessionsOf(store::kv::Txn& txn, const std::string& user,
                                   const std::string& keep) {
  size_t n = 0;
  for (const auto& [hash, s] : sessions(txn))
    if (s.user == user && hash != keep) n += sessions_.del(txn, hash);
  return n;
}

bool ServerStore::removeUser(store::kv::Txn& txn, const std::string& name) {
  if (!users_.del(txn, name)) return false;
  dropSessionsOf(txn, name);
  logins_->counts().forget(txn, name);
  return true;
}

static ReportRecord decodeReport(std::string_view rawId, std::string_view bytes) {
  MessageBytes message(bytes, "server report record");
  auto r = message.root<proto::ReportInfo>();
  ReportRecord rec;
  rec.id = std::string(rawId);
  for (auto m : r.getMembers()) rec.members.push_back({m.getUser(), m.getRole()});
  for (auto a : r.getAssignments()) {
    AssignmentEntry e{a.getSectionCounter(), {}, a.getUser()};
    std::copy(a.getSectionActor().begin(), a.getSectionActor().end(), e.sectionActor.begin());
    rec.assignments.push_back(std::move(e));
  }
  rec.lastSeq = r.getLastSeq();
  return rec;
}

std::optional<ReportRecord> ServerStore::report(store::kv::Txn& txn, const std::string& rawId) {
  auto v = reports_.get(txn, rawId);
  if (!v) return std::nullopt;
  return decodeReport(rawId, *v);
}

void ServerStore::putReport(store::kv::Txn& txn, const ReportRecord& rec) {
  capnp::MallocMessageBuilder message;
  auto r = message.initRoot<proto::ReportInfo>();
  r.setId(kj::arrayPtr(reinterpret_cast<const kj::byte*>(rec.id.data()), rec.id.size()));
  auto members = r.initMembers(rec.members.size());
  for (size_t i = 0; i < rec.members.size(); ++i) {
    members[i].setUser(rec.members[i].user);
    members[i].setRole(rec.members[i].role);
  }
  auto assignments = r.initAssignments(rec.assignments.size());
  for (size_t i = 0; i < rec.assignments.size(); ++i) {
    const AssignmentEntry& a = rec.assignments[i];
    assignments[i].setSectionCounter(a.sectionCounter);
    assignments[i].setSectionActor(kj::arrayPtr(a.sectionActor.data(), 16));
    assignments[i].setUser(a.user);
  }
  r.setLastSeq(rec.lastSeq);
  reports_.put(txn, rec.id, messageToString(message));
}

std::vector<ReportRecord> ServerStore::reports(store::kv::Txn& txn) {
  std::vector<ReportRecord> out;
  reports_.scanPrefix(txn, "", [&](std::string_view k, std::string_view v) {
    out.push_back(decodeReport(k, v));
    return true;
  });
  return out;
}

void ServerStore::migrateToSpans(store::kv::Txn& txn) {
  // Schema 1 keys are report id ++ server sequence: each report's changes in server order.
  std::vector<std::string> keys;
  std::string report;
  uint64_t firstSeq = 0;
  crdt::ActorTable actors;
  std::vector<doc::Change> held;
  auto flush = [&] {
    if (!held.empty()) putSpans(txn, report, firstSeq, held, actors);
    migrated_ += held.size();
    held.clear();
  };
  changes_.scanPrefix(txn, "", [&](std::string_view key, std::string_view bytes) {
    require(key.size() == 24, "the server store holds a damaged change record");
    uint64_t seq = store::decodeU64(key.substr(16));
    if (key.substr(0, 16) != report || seq != firstSeq + held.size()) {
      flush();
      report = std::string(key.substr(0, 16));
      firstSeq = seq;
    }
    held.push_back(doc::decodeChange(bytes, actors));
    keys.emplace_back(key);
    return true;
  });
  flush();
  for (const std::string& key : keys) changes_.del(txn, key);
}

// Stores changes that took the server sequences firstSeq, firstSeq + 1, ... as spans: a
// span ends where the next change does not continue it (doc::extendsSpan), so each span's
// changes are consecutive in server order as well.
void ServerStore::putSpans(store::kv::Txn& txn, const std::string& rawId, uint64_t firstSeq,
                           std::span<const doc::Change> changes, const crdt::ActorTable& actors) {
  size_t begin = 0;
  for (size_t i = 1; i <= changes.size(); ++i) {
    if (i < changes.size() && i - begin < doc::kMaxSpanChanges &&
        doc::extendsSpan(changes[i - 1], changes[i]))
      continue;
    std::vector<std::string> span = doc::encodeSpans(changes.subspan(begin, i - begin), actors);
    require(span.size() == 1, "server store: a run of changes did not make one span");
    putSpan(txn, rawId, firstSeq + i - 1, span[0], changes[begin].id.actor, changes[begin].id.seq,
            changes[i - 1].id.seq);
    begin = i;
  }
}

void ServerStore::putSpan(store::kv::Txn& txn, const std::string& rawId, uint64_t lastServerSeq,
                          std::string_view span, const crdt::ActorId& actor, uint64_t firstSeq,
                          uint64_t lastSeq) {
  spans_.put(txn, rawId + store::encodeU64(lastServerSeq), span);
  spanIds_.put(txn, spanIdKey(rawId, actor, lastSeq),
               store::encodeU64(lastServerSeq) + store::encodeU64(firstSeq));
}

void ServerStore::indexSpans(store::kv::Txn& txn) {
  spans_.scanPrefix(txn, "", [&](std::string_view key, std::string_view span) {
    require(key.size() == 24, "the server store holds a damaged span record");
    doc::SpanInfo info = doc::readSpanInfo(span);
    spanIds_.put(txn, spanIdKey(key.substr(0, 16), info.first.actor, info.lastSeq()),
                 std::string(key.substr(16)) + store::encodeU64(info.first.seq));
    return true;
  });
}

void ServerStore::dropChangeIds(store::kv::Txn& txn) {
  std::vector<std::string> keys;
  changeIds_.scanPrefix(txn, "", [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  for (const std::string& key : keys) changeIds_.del(txn, key);
}

void ServerStore::scanSpans(store::kv::Txn& txn, const std::string& rawId, uint64_t since,
                            const std::function<bool(const StoredSpan&)>& visit) {
  // Keys are rawId ++ last seq (big-endian): the first key from since+1 on is the span that
  // holds since+1.
  spans_.scanFrom(txn, rawId + store::encodeU64(since + 1),
                  [&](std::string_view key, std::string_view value) {
                    if (key.substr(0, rawId.size()) != rawId) return false;
                    uint64_t last = store::decodeU64(key.substr(rawId.size()));
                    uint64_t count = doc::readSpanInfo(value).count;
                    return visit(StoredSpan{last - count + 1, last, value});
                  });
}

std::string ServerStore::history(store::kv::Txn& txn, const std::string& rawId) {
  std::vector<std::string_view> spans;
  scanSpans(txn, rawId, 0, [&](const StoredSpan& s) {
    spans.push_back(s.bytes);
    return true;
  });
  return doc::joinSpans(spans);
}

void ServerStore::appendChanges(store::kv::Txn& txn, ReportRecord& r,
                                std::span<const doc::Change> changes,
                                const crdt::ActorTable& actors) {
  if (changes.empty()) return;
  uint64_t firstSeq = r.lastSeq + 1;
  r.lastSeq += changes.size();
  // The last stored span takes the new changes when they continue it.
  std::string lastKey = r.id + store::encodeU64(firstSeq - 1);
  if (auto last = firstSeq > 1 ? spans_.get(txn, lastKey) : std::nullopt) {
    doc::SpanInfo info = doc::readSpanInfo(*last);
    if (info.count < kServerSpanJoinLimit && last->size() < kServerSpanJoinBytes &&
        info.first.actor == changes[0].id.actor && info.lastSeq() + 1 == changes[0].id.seq) {
      // Decoded into a copy of `actors`, so that the new changes' actor indices hold.
      crdt::ActorTable scratch = actors;
      std::vector<doc::Change> joined = doc::decodeSpan(*last, scratch);
      joined.insert(joined.end(), changes.begin(), changes.end());
      if (doc::extendsSpan(joined[info.count - 1], joined[info.count])) {
        spans_.del(txn, lastKey);
        spanIds_.del(txn, spanIdKey(r.id, info.first.actor, info.lastSeq()));
        putSpans(txn, r.id, firstSeq - info.count, joined, scratch);
        return;
      }
    }
  }
  putSpans(txn, r.id, firstSeq, changes, actors);
}

void ServerStore::appendSpan(store::kv::Txn& txn, ReportRecord& r, std::string_view span) {
  doc::SpanInfo info = doc::readSpanInfo(span);
  // A small stored span this one continues takes it (as appendChanges joins), so that
  // many small pushes do not leave many small spans; the usual large span goes as it came.
  if (auto last = r.lastSeq ? spans_.get(txn, r.id + store::encodeU64(r.lastSeq)) : std::nullopt) {
    doc::SpanInfo held = doc::readSpanInfo(*last);
    if (held.count < kServerSpanJoinLimit && last->size() < kServerSpanJoinBytes &&
        held.first.actor == info.first.actor && held.lastSeq() + 1 == info.first.seq) {
      crdt::ActorTable scratch;
      std::vector<doc::Change> changes = doc::decodeSpan(span, scratch);
      appendChanges(txn, r, changes, scratch);
      return;
    }
  }
  r.lastSeq += info.count;
  putSpan(txn, r.id, r.lastSeq, span, info.first.actor, info.first.seq, info.lastSeq());
}

std::optional<std::string> ServerStore::changeBytes(store::kv::Txn& txn, const std::string& rawId,
                                                    const crdt::ChangeId& id,
                                                    doc::SpanUnpacker& unpacker) {
  // The first span-ids record from (actor, seq) on is the actor's span ending at or after
  // seq; it holds seq when it starts at or before it.
  const std::string from = spanIdKey(rawId, id.actor, id.seq);
  std::optional<std::string> spanKey;
  spanIds_.scanFrom(txn, from, [&](std::string_view key, std::string_view value) {
    require(value.size() == 16, "the server store holds a damaged span-ids record");
    if (key.substr(0, 32) == std::string_view(from).substr(0, 32) &&
        store::decodeU64(value.substr(8)) <= id.seq)
      spanKey = rawId + std::string(value.substr(0, 8));
    return false;
  });
  if (!spanKey) return std::nullopt;
  auto span = spans_.get(txn, *spanKey);
  require(span.has_value(), "the server store's span-ids name a span it does not hold");
  return unpacker.packed(*spanKey, *span, id.seq);
}

std::optional<std::string> ServerStore::actorOwner(store::kv::Txn& txn,
                                                   const crdt::ActorId& actor) {
  auto v = actors_.get(txn, actorKey(actor));
  if (!v) return std::nullopt;
  return std::string(*v);
}

void ServerStore::bindActor(store::kv::Txn& txn, const crdt::ActorId& actor,
                            const std::string& user) {
  actors_.put(txn, actorKey(actor), user);
}

std::optional<std::string> ServerStore::verifiedUser(store::kv::Txn& txn,
                                                     const crdt::ActorId& actor) {
  auto v = verified_.get(txn, actorKey(actor));
  if (!v) return std::nullopt;
  return std::string(*v);
}

std::vector<std::pair<crdt::ActorId, std::string>> ServerStore::verifiedUsers(
    store::kv::Txn& txn, const std::vector<crdt::ActorId>& actors) {
  std::vector<std::string> keys;
  for (const crdt::ActorId& a : actors) keys.push_back(actorKey(a));
  std::vector<std::optional<std::string_view>> users = verified_.getMany(txn, keys);
  std::vector<std::pair<crdt::ActorId, std::string>> out;
  for (size_t i = 0; i < actors.size(); ++i)
    if (users[i]) out.emplace_back(actors[i], std::string(*users[i]));
  return out;
}

void ServerStore::verifyActor(store::kv::Txn& txn, const crdt::ActorId& actor,
                              const std::string& user) {
  verified_.put(txn, actorKey(actor), user);
  actors_.put(txn, actorKey(actor), user);
}

}  // namespace rs::server
