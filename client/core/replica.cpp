#include "core/replica.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "core/actor_reissue.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/history_apply.h"
#include "doc/snapshot.h"
#include "util/errors.h"
#include "util/sync_limits.h"
#include "util/utf8.h"

namespace rs::core {

namespace {

constexpr size_t kMapSize = size_t(1) << 34;  // address space only; the file grows as used
// Named sub-databases the environment may open: the store's own tables, the template shelf
// and room for later schema steps (each costs a few bytes a transaction; running out makes
// the open fail with MDB_DBS_FULL, which the sessions' parallel additions came close to).
constexpr unsigned kMaxDbs = 32;

std::string rawId(const ReportId& id) {
  crdt::ActorId bytes;
  require(crdt::fromHex(id, bytes), "not a report id: " + id + " (不是报告编号)");
  return std::string(reinterpret_cast<const char*>(bytes.data()), 16);
}

ReportId hexId(std::string_view raw) {
  crdt::ActorId bytes;
  std::copy(raw.begin(), raw.begin() + 16, bytes.begin());
  return crdt::toHex(bytes);
}

int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

crdt::ActorId randomId() {
  crdt::ActorId id;
  randombytes_buf(id.data(), id.size());
  return id;
}

// The version vector stored beside a report's snapshot: (actor 16 bytes, seq u64) pairs.
// Cheaper to read than the snapshot, it tells whether another process has written.
std::string encodeVersion(const crdt::VersionVector& v) {
  std::string out;
  for (const auto& [actor, seq] : v.entries()) {
    out.append(reinterpret_cast<const char*>(actor.data()), 16);
    out += store::encodeU64(seq);
  }
  return out;
}

crdt::VersionVector decodeVersion(std::string_view bytes) {
  require(bytes.size() % 24 == 0, "the store's version record is damaged (本地数据已损坏)");
  crdt::VersionVector v;
  for (size_t i = 0; i < bytes.size(); i += 24) {
    crdt::ActorId actor;
    std::copy(bytes.begin() + i, bytes.begin() + i + 16, actor.begin());
    v.set(actor, store::decodeU64(bytes.substr(i + 16, 8)));
  }
  return v;
}

}  // namespace

std::string changeKey(const ReportId& report, const doc::ChangeId& id) {
  return rawId(report) + std::string(reinterpret_cast<const char*>(id.actor.data()), 16) +
         store::encodeU64(id.seq);
}

Replica::Replica(const std::string& dir) : env_(dir, kMapSize, kMaxDbs) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  store::Txn txn(env_, store::Txn::kWrite);
  profile_ = store::Dbi::open(txn, "profile");
  changes_ = store::Dbi::open(txn, "changes");
  snapshots_ = store::Dbi::open(txn, "snapshots");
  outbox_ = store::Dbi::open(txn, "outbox");
  pending_ = store::Dbi::open(txn, "pending");
  cursors_ = store::Dbi::open(txn, "cursors");
  actorUsers_ = store::Dbi::open(txn, "actor-users");
  spans_ = SpanTable(store::Dbi::open(txn, "spans"), store::Dbi::open(txn, "log"));
  upgradeStore(txn);
  if (profile_.get(txn, "actor")) {
    actor_ = storedActor(txn);
  } else {
    actor_ = randomId();
    profile_.put(txn, "actor", std::string_view(reinterpret_cast<char*>(actor_.data()), 16));
  }
  if (auto u = profile_.get(txn, "user")) {
    user_ = std::string(*u);
  } else {
    const char* env = std::getenv("USER");
    user_ = env && *env ? env : "local";
  }
  txn.commit();
}

// See the store layout log in replica.h.
void Replica::upgradeStore(store::Txn& txn) {
  constexpr uint64_t kStoreVersion = 4;
  auto v = profile_.get(txn, "store-version");
  uint64_t version = v && v->size() == 8 ? store::decodeU64(*v) : 1;
  // A newer program's layout is not guessed at: refused before anything is written (the
  // constructor's transaction aborts with the exception, so the store stays as it was).
  if (version > kStoreVersion) {
    const char* dir = "";
    mdb_env_get_path(env_.handle(), &dir);
    throw InputError("本地数据由更新版本的 reportsync 写入（存储格式 " + std::to_string(version) +
                     "，本程序只能读到 " + std::to_string(kStoreVersion) +
                     "），请安装新版本后再打开；数据未作任何改动。 The store in " +
                     std::string(dir) + " was written by a newer reportsync (store layout " +
                     std::to_string(version) + "; this one reads up to " +
                     std::to_string(kStoreVersion) + "): install that version; nothing changed");
  }
  if (version == kStoreVersion) return;
  if (version < 2) {
    // Pulled before the server named actors' users: read the history again to learn them.
    std::vector<std::string> reports;
    cursors_.scanPrefix(txn, "", [&](std::string_view key, std::string_view) {
      if (key.size() == 16) reports.emplace_back(key);
      return true;
    });
    for (const std::string& key : reports) cursors_.put(txn, key, store::encodeU64(0));
  }
  if (version < 3) {
    // One packed change per record becomes spans, report by report; the old records go in
    // the same transaction, so a failure leaves the version-2 store whole.
    std::vector<std::string> keys;
    std::string report;
    crdt::ActorTable actors;
    std::vector<doc::Change> held;
    auto flush = [&] {
      if (!held.empty()) spans_.add(txn, report, held, actors);
      migrated_ += held.size();
      held.clear();
    };
    changes_.scanPrefix(txn, "", [&](std::string_view key, std::string_view bytes) {
      require(key.size() == 40, "the store holds a damaged change record (本地数据已损坏)");
      if (key.substr(0, 16) != report) {
        flush();
        report = std::string(key.substr(0, 16));
      }
      held.push_back(doc::decodeChange(bytes, actors));
      keys.emplace_back(key);
      return true;
    });
    flush();
    for (const std::string& key : keys) changes_.del(txn, key);
  }
  // Version 4 only adds the log (opened, empty, by the constructor): a version-3 store's
  // changes since its snapshot are in its spans, where applyStored finds them as it finds
  // logged ones.
  profile_.put(txn, "store-version", store::encodeU64(kStoreVersion));
}

ActorUsers Replica::actorUsers() {
  ActorUsers out;
  store::Txn txn(env_, store::Txn::kRead);
  actorUsers_.scanPrefix(txn, "", [&](std::string_view key, std::string_view user) {
    if (key.size() != 16) return true;
    crdt::ActorId actor;
    std::copy(key.begin(), key.end(), actor.begin());
    out.emplace(actor, std::string(user));
    return true;
  });
  return out;
}

void Replica::putActorUsers(store::Txn& txn, const std::vector<ActorUser>& verified) {
  for (const ActorUser& a : verified) {
    // The server's names are checked like every stored value; a bad one is left out (its
    // changes show unverified) rather than refusing the page.
    if (a.user.empty() || a.user.size() > 200 || !isValidUtf8(a.user)) continue;
    actorUsers_.put(txn, std::string_view(reinterpret_cast<const char*>(a.actor.data()), 16),
                    a.user);
  }
}

void Replica::storeActorUsers(const std::vector<ActorUser>& verified) {
  store::Txn txn(env_, store::Txn::kWrite);
  putActorUsers(txn, verified);
  txn.commit();
}

bool Replica::lacksActorUsers(const ReportId& id) {
  store::Txn txn(env_, store::Txn::kRead);
  auto stored = profile_.get(txn, "version" + rawId(id));
  if (!stored) return false;
  crdt::VersionVector version = decodeVersion(*stored);
  for (const auto& [actor, seq] : version.entries())
    if (!actorUsers_.get(txn, std::string_view(reinterpret_cast<const char*>(actor.data()), 16)))
      return true;
  return false;
}

crdt::ActorId Replica::storedActor(store::Txn& txn) {
  auto a = profile_.get(txn, "actor");
  require(a && a->size() == 16, "the profile's actor record is damaged (本地数据已损坏)");
  crdt::ActorId actor;
  std::copy(a->begin(), a->end(), actor.begin());
  return actor;
}

void Replica::setUserName(const std::string& name) {
  require(!name.empty(), "user name must not be empty (请填写用户名)");
  if (auto login = serverLogin(); login && !login->user.empty() && login->user != name)
    throw InputError("you are logged in as " + login->user +
                     ": your changes carry that name; log in as another user instead (已以" +
                     login->user + "登录，修改署此名；如需换名请以其他用户登录)");
  require(isValidUtf8(name) && name.size() <= 200,
          "user name must be valid UTF-8 text (用户名须为有效文字，不超过200字节)");
  store::Txn txn(env_, store::Txn::kWrite);
  profile_.put(txn, "user", name);
  txn.commit();
  user_ = name;
}

std::vector<ReportSummary> Replica::list() {
  std::vector<ReportSummary> out;
  store::Txn txn(env_, store::Txn::kRead);
  std::vector<ReportId> ids;
  snapshots_.scanPrefix(txn, "", [&](std::string_view key, std::string_view) {
    ids.push_back(hexId(key));
    return true;
  });
  for (const ReportId& id : ids) {
    auto doc = loadSnapshot(txn, id);
    ReportSummary s{id, doc->reportValue(doc::ReportField::kTitle),
                    doc->reportValue(doc::ReportField::kDepartment),
                    doc->reportValue(doc::ReportField::kYear),
                    doc->reportValue(doc::ReportField::kTemplate)};
    outbox_.scanPrefix(txn, rawId(id), [&](auto, auto) { return ++s.unsynced, true; });
    pending_.scanPrefix(txn, rawId(id), [&](auto, auto) { return ++s.pending, true; });
    if (auto t = profile_.get(txn, "lastsync" + rawId(id)))
      s.lastSyncMs = std::stoll(std::string(*t));
    if (auto t = profile_.get(txn, "submission" + rawId(id))) s.submission = std::string(*t);
    out.push_back(std::move(s));
  }
  return out;
}

ReportId Replica::resolve(std::string_view idOrPrefix) {
  require(!idOrPrefix.empty(), "empty report id (请填写报告编号)");
  std::vector<ReportId> matches;
  store::Txn txn(env_, store::Txn::kRead);
  snapshots_.scanPrefix(txn, "", [&](std::string_view key, std::string_view) {
    ReportId id = hexId(key);
    if (id.rfind(idOrPrefix, 0) == 0) matches.push_back(id);
    return true;
  });
  require(!matches.empty(), "no report with id " + std::string(idOrPrefix) + " (没有该编号的报告)");
  require(matches.size() == 1, "report id prefix " + std::string(idOrPrefix) +
                                   " is ambiguous (报告编号不唯一，请多输入几位)");
  return matches.front();
}

OpenReport Replica::create(const std::function<void(doc::LocalEdit&)>& build) {
  OpenReport report{crdt::toHex(randomId()), std::make_unique<doc::Document>()};
  bool made = edit(report, build);
  require(made, "a new report needs at least one op (新报告为空)");
  return report;
}

OpenReport Replica::open(const ReportId& id) {
  store::Txn txn(env_, store::Txn::kRead);
  return OpenReport{id, loadSnapshot(txn, id)};
}

OpenReport Replica::openOrEmpty(const ReportId& id) {
  OpenReport report{id, nullptr};
  rawId(id);  // validates the id
  reload(report);
  return report;
}

std::unique_ptr<doc::Document> Replica::loadSnapshot(store::Txn& txn, const ReportId& id) {
  auto bytes = snapshots_.get(txn, rawId(id));
  require(bytes.has_value(), "no report with id " + id + " (没有该编号的报告)");
  // The snapshot is a cache of the history. One refused as damaged (a disk's error, or a
  // check a newer program makes that an older one's snapshot fails) is rebuilt from the
  // history, which is what counts; only a damaged history is an error.
  std::unique_ptr<doc::Document> doc;
  try {
    doc = doc::decodeSnapshot(*bytes);
  } catch (const InputError&) {
  }
  if (doc) {
    // The changes committed after the snapshot was written (see storeSnapshot).
    if (auto stored = profile_.get(txn, "version" + rawId(id))) {
      crdt::VersionVector version = decodeVersion(*stored);
      if (!(doc->version() == version) && version.includes(doc->version()))
        applyStored(txn, id, *doc, version);
    }
    return doc;
  }
  // A snapshot of an older format, or damaged: rebuilt from the stored history (causal
  // order), spans of typing as runs.
  doc = std::make_unique<doc::Document>();
  doc::applyHistory(*doc, spans_.history(txn, rawId(id)));
  return doc;
}

void Replica::storeChanges(store::Txn& txn, const ReportId& id,
                           std::span<const doc::Change> changes, const crdt::ActorTable& actors) {
  if (!changes.empty()) spans_.add(txn, rawId(id), changes, actors);
}

void Replica::storeSnapshot(store::Txn& txn, const OpenReport& report, size_t newChanges) {
  const std::string key = rawId(report.id);
  // Changes stored since the snapshot was last written: replayed from the spans on open.
  uint64_t tail = newChanges;
  if (auto t = profile_.get(txn, "tail" + key); t && t->size() == 8) tail += store::decodeU64(*t);
  if (tail < kSnapshotEvery && snapshots_.get(txn, key)) {
    profile_.put(txn, "tail" + key, store::encodeU64(tail));
  } else {
    // The snapshot, the log folded into spans and the emptied log commit together: a crash
    // leaves the log and the old snapshot, or neither; no change is lost or held twice.
    snapshots_.put(txn, key, doc::encodeSnapshot(*report.doc));
    spans_.fold(txn, key);
    profile_.put(txn, "tail" + key, store::encodeU64(0));
  }
  profile_.put(txn, "version" + key, encodeVersion(report.doc->version()));
}

bool Replica::catchUp(OpenReport& report) {
  store::Txn txn(env_, store::Txn::kRead);
  return catchUp(txn, report);
}

bool Replica::catchUp(store::Txn& txn, OpenReport& report) {
  auto stored = profile_.get(txn, "version" + rawId(report.id));
  if (!stored) return false;  // a store written before versions were kept, or a new report
  crdt::VersionVector version = decodeVersion(*stored);
  if (report.doc->version() == version) return false;
  if (!version.includes(report.doc->version())) {
    // Another process re-issued unsent changes under a fresh actor: start from the store.
    report.doc = loadSnapshot(txn, report.id);
    return true;
  }
  applyStored(txn, report.id, *report.doc, version);
  return true;
}

void Replica::applyStored(store::Txn& txn, const ReportId& id, doc::Document& doc,
                          const crdt::VersionVector& version) {
  // The stored spans and logged changes past the document's version, spans of typing
  // applied as runs (doc/history_apply.h), nothing past `version`.
  std::string history = spans_.historyBetween(txn, rawId(id), doc.version(), version);
  doc::HistoryApplied got = doc::applyHistory(doc, history, doc::kMaxHistoryChanges, &version);
  require(got.missing.empty() && doc.version() == version,
          "the store lacks a change its snapshot holds (本地数据已损坏)");
}

bool Replica::edit(OpenReport& report, const std::function<void(doc::LocalEdit&)>& build) {
  return commitEdit(report, build, std::nullopt);
}

bool Replica::editUndo(OpenReport& report, uint64_t undoneSeq,
                       const std::function<void(doc::LocalEdit&)>& build) {
  return commitEdit(report, build, std::pair{UndoRole::kUndo, undoneSeq});
}

bool Replica::editRedo(OpenReport& report, uint64_t undoSeq,
                       const std::function<void(doc::LocalEdit&)>& build) {
  return commitEdit(report, build, std::pair{UndoRole::kRedo, undoSeq});
}

bool Replica::isUndoRecord(const ReportId& id, uint64_t ownSeq) {
  store::Txn txn(env_, store::Txn::kRead);
  return profile_.get(txn, "undo" + changeKey(id, {actor_, ownSeq})).has_value();
}

void Replica::markUndone(const ReportId& id, uint64_t ownSeq) {
  store::Txn txn(env_, store::Txn::kWrite);
  profile_.put(txn, "undo" + changeKey(id, {actor_, ownSeq}), "");
  txn.commit();
}

void Replica::markRedone(const ReportId& id, uint64_t undoSeq) {
  store::Txn txn(env_, store::Txn::kWrite);
  profile_.put(txn, "redone" + changeKey(id, {actor_, undoSeq}), "");
  txn.commit();
}

UndoRole Replica::undoRole(const ReportId& id, uint64_t ownSeq) {
  store::Txn txn(env_, store::Txn::kRead);
  std::string key = changeKey(id, {actor_, ownSeq});
  if (profile_.get(txn, "redo" + key)) return UndoRole::kRedo;  // undone later or not
  auto undo = profile_.get(txn, "undo" + key);
  if (!undo) return UndoRole::kPlain;
  // An undo's record holds the seq it undid; an undone change's is empty.
  if (undo->empty()) return UndoRole::kUndone;
  return profile_.get(txn, "redone" + key) ? UndoRole::kRedoneUndo : UndoRole::kUndo;
}

bool Replica::commitEdit(OpenReport& report, const std::function<void(doc::LocalEdit&)>& build,
                         std::optional<std::pair<UndoRole, uint64_t>> mark) {
  try {
    store::Txn txn(env_, store::Txn::kWrite);  // held while building: see edit()
    actor_ = storedActor(txn);                 // another process may have moved to a fresh actor
    catchUp(txn, report);
    doc::LocalEdit edit(*report.doc, actor_, user_, nowMs());
    build(edit);
    if (edit.empty()) return false;
    doc::Change change;
    std::string bytes;
    std::vector<bool> effective = report.doc->effects(edit.pending());
    if (std::find(effective.begin(), effective.end(), false) == effective.end()) {
      change = edit.finish();
      bytes = doc::encodeChange(change, report.doc->actors());
      // What is stored must decode again, here and at every peer: checked before it is kept.
      doc::decodeChange(bytes, report.doc->actors());
    } else {
      // Some op does not take effect under the author's rights: the document shows it as
      // every other replica will (hidden, listed as ineffective), not as it was typed.
      bytes = doc::encodeChange(edit.release(), report.doc->actors());
      report.doc = snapshots_.get(txn, rawId(report.id)) ? loadSnapshot(txn, report.id)
                                                         : std::make_unique<doc::Document>();
      change = doc::decodeChange(bytes, report.doc->actors());
      report.doc->apply(change);
    }
    requireChangeFits(bytes.size());  // one that could never be sent is refused now
    // One log record; folded into spans when the snapshot is next written (storeSnapshot).
    spans_.append(txn, rawId(report.id), change.id, bytes);
    outbox_.put(txn, changeKey(report.id, change.id), "");
    if (mark && mark->first == UndoRole::kUndo) {
      profile_.put(txn, "undo" + changeKey(report.id, {actor_, mark->second}), "");
      profile_.put(txn, "undo" + changeKey(report.id, change.id), store::encodeU64(mark->second));
    } else if (mark) {
      profile_.put(txn, "redone" + changeKey(report.id, {actor_, mark->second}), "");
      profile_.put(txn, "redo" + changeKey(report.id, change.id), store::encodeU64(mark->second));
    }
    storeSnapshot(txn, report, 1);
    txn.commit();
    return true;
  } catch (...) {
    reload(report);  // the document may hold ops of the failed edit
    throw;
  }
}

void Replica::reload(OpenReport& report) {
  store::Txn txn(env_, store::Txn::kRead);
  if (snapshots_.get(txn, rawId(report.id))) {
    report.doc = loadSnapshot(txn, report.id);
  } else {
    report.doc = std::make_unique<doc::Document>();
  }
}

namespace {

// Thrown inside a merge that shows this profile's actor writing elsewhere too.
struct ActorReused {};

// Removes the outbox entries of `actor`'s seqs [from, to] (the server holds them): one
// range scan, so a long run of which none is in the outbox costs one lookup.
void dropFromOutbox(store::Txn& txn, const store::Dbi& outbox, const std::string& report,
                    const crdt::ActorId& actor, uint64_t from, uint64_t to) {
  const std::string last = actorSeqKey(report, actor, to);
  std::vector<std::string> keys;
  outbox.scanFrom(txn, actorSeqKey(report, actor, from), [&](std::string_view key, auto) {
    if (key > last) return false;
    keys.emplace_back(key);
    return true;
  });
  for (const std::string& key : keys) outbox.del(txn, key);
}

}  // namespace

MergeResult Replica::merge(OpenReport& report, const std::vector<std::string>& encoded,
                           std::optional<uint64_t> serverCursor,
                           std::optional<std::string> serverHistory,
                           const std::vector<ActorUser>& verified) {
  MergeInput in{&encoded, {}};
  try {
    return mergeOnce(report, in, serverCursor, serverHistory, verified);
  } catch (const ActorReused&) {
    reissueUnsent(report);
    return mergeOnce(report, in, serverCursor, serverHistory, verified);
  }
}

MergeResult Replica::mergeHistory(OpenReport& report, std::string_view history,
                                  std::optional<uint64_t> serverCursor,
                                  std::optional<std::string> serverHistory,
                                  const std::vector<ActorUser>& verified) {
  MergeInput in{nullptr, history};
  try {
    return mergeOnce(report, in, serverCursor, serverHistory, verified);
  } catch (const ActorReused&) {
    reissueUnsent(report);
    return mergeOnce(report, in, serverCursor, serverHistory, verified);
  }
}

MergeResult Replica::mergeOnce(OpenReport& report, const MergeInput& in,
                               std::optional<uint64_t> serverCursor,
                               const std::optional<std::string>& serverHistory,
                               const std::vector<ActorUser>& verified) {
  MergeResult result;
  const bool fromServer = serverCursor.has_value();
  try {
    store::Txn txn(env_, store::Txn::kWrite);
    actor_ = storedActor(txn);
    catchUp(txn, report);
    const std::string reportKey = rawId(report.id);
    size_t waiting = 0;  // pending changes, so that the common case skips their lookups
    pending_.scanPrefix(txn, reportKey, [&](auto, auto) { return ++waiting, true; });
    // The outbox holds every held change the server is not known to hold, whoever wrote
    // it: a colleague's work that came on a USB stick is sent on at the next sync.
    std::unordered_set<std::string> serverHas;
    // Applied changes are stored together at the end (one span per run, not a record each);
    // until then a lookup of one finds it in appliedNow.
    std::vector<doc::Change> applied;
    std::unordered_map<std::string, std::string> appliedNow;
    size_t storedAsSent = 0;  // changes of spans stored as they came (putSpan)
    PackedLookup stored(spans_, txn, reportKey);
    auto heldBytes = [&](const std::string& key, const doc::ChangeId& id) {
      auto it = appliedNow.find(key);
      return it != appliedNow.end() ? std::optional<std::string>(it->second) : stored.get(id);
    };
    // One change, `bytes` its packed form (compared with a held change of the same id).
    auto take = [&](doc::Change change, const std::string& bytes) {
      std::string key = changeKey(report.id, change.id);
      // A change of our own actor that this store did not make: the profile was copied or
      // restored, and the other copy writes as us too (or made a different change under
      // one of our seqs). Our unsent edits are re-issued under a fresh actor first.
      if (change.id.actor == actor_ &&
          (!report.doc->has(change.id) ||
           (outbox_.get(txn, key).has_value() && heldBytes(key, change.id) != bytes)))
        throw ActorReused{};
      if (fromServer) {
        serverHas.insert(key);
        outbox_.del(txn, key);
      }
      // The document holds exactly the stored changes, so only a held change is looked up.
      if (report.doc->has(change.id)) {
        require(heldBytes(key, change.id) == bytes,
                "change " + crdt::toHex(change.id.actor) + "/" + std::to_string(change.id.seq) +
                    " differs from the one already held: refusing a forged change");
        ++result.duplicate;
        return;
      }
      if (auto held = waiting ? pending_.get(txn, key) : std::nullopt) {
        require(*held == bytes,
                "change differs from the one already received: refusing it "
                "(收到的修改与已有的不一致，已拒收)");
        return;
      }
      doc::ApplyResult r = report.doc->apply(change);
      if (r == doc::ApplyResult::kApplied) {
        appliedNow.emplace(key, bytes);
        applied.push_back(std::move(change));
        // From a bundle: the server may lack it, so it is sent on (issue 9, case 2).
        if (!fromServer) outbox_.put(txn, key, "");
        ++result.applied;
        if (waiting) {
          size_t before = applied.size();
          size_t drained = drainPending(txn, report, serverHas, applied);
          for (size_t i = before; i < applied.size(); ++i)
            appliedNow.emplace(changeKey(report.id, applied[i].id),
                               doc::encodeChange(applied[i], report.doc->actors()));
          result.applied += drained;
          waiting -= drained;
        }
      } else {
        assert(r == doc::ApplyResult::kMissingDeps);
        pending_.put(txn, key, bytes);
        ++waiting;
      }
    };
    if (in.packed) {
      for (const std::string& bytes : *in.packed)
        take(doc::decodeChange(bytes, report.doc->actors()), bytes);
    } else {
      crdt::ActorTable& actors = report.doc->actors();
      uint64_t opsLeft = std::max(doc::kMaxHistoryChanges, doc::kMaxSpanOps);
      for (const doc::SpanInfo& span : doc::listSpans(in.history)) {
        const crdt::ActorId& actor = span.first.actor;
        uint64_t from = span.first.seq;
        // A span held already (our own changes coming back after a push, or a colleague's
        // sent again): compared whole with what is held, nothing packed change by change.
        if (report.doc->version().get(actor) >= span.lastSeq() &&
            spans_.holdsAlike(txn, reportKey, span, actors)) {
          result.duplicate += span.count;
          result.bySpan += span.count;
          if (fromServer) dropFromOutbox(txn, outbox_, reportKey, actor, from, span.lastSeq());
          continue;
        }
        // A colleague's span none of which is held, nothing waiting: applied as runs and
        // stored as it came. Our own actor's, or one partly held, goes change by change
        // (compared with what is held, so a forged or reused one is caught).
        if (actor != actor_ && !waiting && report.doc->version().get(actor) < from) {
          doc::HistoryApplied got;
          bool whole =
              doc::applySpanPieces(*report.doc, span, span.first.seq, span.lastSeq(), opsLeft, got);
          uint64_t took = report.doc->version().get(actor) >= from
                              ? report.doc->version().get(actor) - from + 1
                              : 0;
          if (whole) {
            spans_.putSpan(txn, reportKey, span.bytes);
            storedAsSent += took;
            result.bySpan += took;
          } else if (took) {
            // Pieces applied before one that must go change by change: stored decoded.
            for (doc::Change& c : doc::decodeSpan(span.bytes, actors, from, from + took - 1))
              applied.push_back(std::move(c));
          }
          result.applied += took;
          // Outbox: the server holds these (drop any copy a bundle put there), or from a
          // bundle they are to be sent on. (serverHas only matters for pending changes,
          // and none of these was pending: nothing was waiting.)
          if (fromServer) {
            if (took) dropFromOutbox(txn, outbox_, reportKey, actor, from, from + took - 1);
          } else {
            for (uint64_t seq = from; seq < from + took; ++seq)
              outbox_.put(txn, actorSeqKey(reportKey, actor, seq), "");
          }
          if (whole) continue;
          from += took;
        }
        for (doc::Change& c : doc::decodeSpan(span.bytes, actors, from)) {
          std::string bytes = doc::encodeChange(c, actors);
          take(std::move(c), bytes);
        }
      }
    }
    if (waiting)  // recount: draining may also have dropped duplicates
      pending_.scanPrefix(txn, reportKey, [&](auto, auto) { return ++result.pending, true; });
    storeChanges(txn, report.id, applied, report.doc->actors());
    storeSnapshot(txn, report, applied.size() + storedAsSent);
    if (serverCursor) cursors_.put(txn, reportKey, store::encodeU64(*serverCursor));
    if (serverHistory) cursors_.put(txn, reportKey + "history", *serverHistory);
    putActorUsers(txn, verified);
    txn.commit();
  } catch (...) {
    reload(report);
    throw;
  }
  return result;
}

void Replica::reissueUnsent(OpenReport& report) {
  try {
    store::Txn txn(env_, store::Txn::kWrite);
    actor_ = storedActor(txn);
    const doc::ActorId oldActor = actor_;
    const std::string prefix = rawId(report.id);
    const std::string ownPrefix =
        prefix + std::string(reinterpret_cast<const char*>(oldActor.data()), 16);
    std::unordered_set<std::string> unsentKeys;
    outbox_.scanPrefix(txn, ownPrefix, [&](std::string_view key, std::string_view) {
      unsentKeys.emplace(key);
      return true;
    });
    // The document without the unsent changes, from the rest of the history; the report's
    // spans are written anew below from what stays.
    auto fresh = std::make_unique<doc::Document>();
    std::vector<doc::Change> others, unsent;
    for (doc::Change& c : doc::decodeHistory(spans_.history(txn, prefix), fresh->actors()))
      (unsentKeys.count(changeKey(report.id, c.id)) ? unsent : others).push_back(std::move(c));
    spans_.clear(txn, prefix);
    for (const std::string& key : unsentKeys) outbox_.del(txn, key);
    auto causal = [](const doc::Change& a, const doc::Change& b) {
      return std::tie(a.lamport, a.id) < std::tie(b.lamport, b.id);
    };
    std::sort(others.begin(), others.end(), causal);
    std::sort(unsent.begin(), unsent.end(), causal);
    std::vector<doc::Change> kept;
    for (doc::Change& c : others) {
      if (fresh->apply(c) == doc::ApplyResult::kApplied) {
        kept.push_back(std::move(c));
        continue;
      }
      // It came back from someone who had our unsent change: it waits like any other.
      std::string key = changeKey(report.id, c.id);
      pending_.put(txn, key, doc::encodeChange(c, fresh->actors()));
      outbox_.del(txn, key);
    }
    actor_ = randomId();
    profile_.put(txn, "actor", std::string_view(reinterpret_cast<char*>(actor_.data()), 16));
    for (doc::Change& c : reissueChanges(*fresh, oldActor, actor_, std::move(unsent))) {
      doc::ApplyResult r = fresh->apply(c);
      require(r == doc::ApplyResult::kApplied,
              "an unsent change could not be re-issued (未发送的修改无法重新生成，本地数据已损坏)");
      outbox_.put(txn, changeKey(report.id, c.id), "");
      kept.push_back(std::move(c));
    }
    storeChanges(txn, report.id, kept, fresh->actors());
    report.doc = std::move(fresh);
    storeSnapshot(txn, report, kSnapshotEvery);  // the snapshot is written whole
    txn.commit();
  } catch (...) {
    reload(report);
    throw;
  }
}

// Applies pending changes whose dependencies have arrived, until none can be applied, and
// appends them to `applied` (the caller stores them). Those not in `serverHas` (this
// pull's page) go to the outbox.
size_t Replica::drainPending(store::Txn& txn, OpenReport& report,
                             const std::unordered_set<std::string>& serverHas,
                             std::vector<doc::Change>& applied) {
  size_t drained = 0;
  for (bool progress = true; progress;) {
    progress = false;
    std::vector<std::pair<std::string, std::string>> waiting;
    pending_.scanPrefix(txn, rawId(report.id), [&](std::string_view k, std::string_view v) {
      waiting.emplace_back(k, v);
      return true;
    });
    for (auto& [key, bytes] : waiting) {
      doc::Change change = doc::decodeChange(bytes, report.doc->actors());
      doc::ApplyResult r = report.doc->apply(change);
      if (r == doc::ApplyResult::kMissingDeps) continue;
      pending_.del(txn, key);
      if (r == doc::ApplyResult::kApplied) {
        applied.push_back(std::move(change));
        if (!serverHas.count(key)) outbox_.put(txn, key, "");
        ++drained;
        progress = true;
      }
    }
  }
  return drained;
}

std::vector<std::string> Replica::changes(const ReportId& id) {
  return doc::historyToPacked(history(id));
}

std::string Replica::history(const ReportId& id) {
  store::Txn txn(env_, store::Txn::kRead);
  return spans_.history(txn, rawId(id));
}

std::vector<doc::Change> Replica::decodedChanges(const ReportId& id, crdt::ActorTable& actors) {
  std::vector<doc::Change> out = doc::decodeHistory(history(id), actors);
  // A change's lamport exceeds every counter of its dependencies, so this order is causal.
  std::sort(out.begin(), out.end(), [](const doc::Change& a, const doc::Change& b) {
    return std::tie(a.lamport, a.id) < std::tie(b.lamport, b.id);
  });
  return out;
}

std::optional<std::vector<std::string>> Replica::outboxSpans(const ReportId& id) {
  store::Txn txn(env_, store::Txn::kRead);
  const std::string report = rawId(id);
  const std::string_view own(reinterpret_cast<const char*>(actor_.data()), 16);
  std::vector<uint64_t> seqs;  // in key order: ascending
  bool ownOnly = true;
  outbox_.scanPrefix(txn, report, [&](std::string_view key, std::string_view) {
    if (key.substr(16, 16) != own) return ownOnly = false;
    seqs.push_back(idOfActorSeqKey(key).seq);
    return true;
  });
  if (!ownOnly) return std::nullopt;
  std::vector<std::string> out;
  crdt::ActorTable scratch;
  auto addEncoded = [&](const std::vector<doc::Change>& changes) {
    for (std::string& span : doc::encodeSpans(changes, scratch)) out.push_back(std::move(span));
  };
  for (size_t i = 0; i < seqs.size();) {
    // A run of consecutive seqs [seq, last] in the outbox.
    size_t j = i;
    while (j + 1 < seqs.size() && seqs[j + 1] == seqs[j] + 1) ++j;
    uint64_t seq = seqs[i], last = seqs[j];
    i = j + 1;
    while (seq <= last) {
      if (auto found = spans_.find(txn, report, {actor_, seq})) {
        doc::SpanInfo info = doc::readSpanInfo(found->second);
        uint64_t to = std::min(last, info.lastSeq());
        if (info.first.seq == seq && to == info.lastSeq())
          out.emplace_back(found->second);  // wholly unsent: as stored
        else
          addEncoded(doc::decodeSpan(found->second, scratch, seq, to));
        seq = to + 1;
        continue;
      }
      std::vector<doc::Change> logged;  // a run of local commits not folded into spans yet
      for (; seq <= last; ++seq) {
        auto packed = spans_.loggedChange(txn, report, {actor_, seq});
        if (!packed) break;
        logged.push_back(doc::decodeChange(*packed, scratch));
      }
      if (logged.empty()) {
        ++seq;  // not held: left out, as outbox() leaves it out
        continue;
      }
      addEncoded(logged);
    }
  }
  return out;
}

std::vector<std::string> Replica::outbox(const ReportId& id) {
  std::vector<std::string> out;
  store::Txn txn(env_, store::Txn::kRead);
  std::vector<std::pair<uint64_t, std::string>> held;  // (lamport, bytes)
  bool ownOnly = true;
  PackedLookup stored(spans_, txn, rawId(id));
  outbox_.scanPrefix(txn, rawId(id), [&](std::string_view key, std::string_view) {
    if (auto bytes = stored.get(idOfActorSeqKey(key))) {
      ownOnly &=
          key.substr(16, 16) == std::string_view(reinterpret_cast<const char*>(actor_.data()), 16);
      held.emplace_back(0, *bytes);
    }
    return true;
  });
  // One actor's changes are in seq order already; several actors' (a bundle's) are put in
  // causal order, so that the server never gets a change before its dependencies.
  if (!ownOnly) {
    for (auto& [lamport, bytes] : held) lamport = doc::peekLamport(bytes);
    std::stable_sort(held.begin(), held.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  for (auto& [lamport, bytes] : held) out.push_back(std::move(bytes));
  return out;
}

std::optional<std::string> Replica::changeBytes(const ReportId& id, const doc::ChangeId& change) {
  store::Txn txn(env_, store::Txn::kRead);
  return PackedLookup(spans_, txn, rawId(id)).get(change);
}

std::optional<Replica::ServerLogin> Replica::serverLogin() {
  store::Txn txn(env_, store::Txn::kRead);
  auto url = profile_.get(txn, "server-url");
  if (!url) return std::nullopt;
  return ServerLogin{std::string(*url), std::string(profile_.get(txn, "server-user").value_or("")),
                     std::string(profile_.get(txn, "server-token").value_or(""))};
}

void Replica::setServerLogin(const ServerLogin& login) {
  store::Txn txn(env_, store::Txn::kWrite);
  // The server binds an actor to the first user who sends its changes: another user logging
  // in on this profile writes under a fresh actor, or all their changes would be refused
  // as forged (those already made keep their author and can still be sent).
  auto previous = profile_.get(txn, "server-user");
  if (previous && !previous->empty() && *previous != login.user) {
    actor_ = randomId();
    profile_.put(txn, "actor", std::string_view(reinterpret_cast<char*>(actor_.data()), 16));
  }
  profile_.put(txn, "server-url", login.url);
  profile_.put(txn, "server-user", login.user);
  profile_.put(txn, "server-token", login.token);
  profile_.put(txn, "user", login.user);
  txn.commit();
  user_ = login.user;
}

uint64_t Replica::serverCursor(const ReportId& id) {
  store::Txn txn(env_, store::Txn::kRead);
  auto v = cursors_.get(txn, rawId(id));
  return v ? store::decodeU64(*v) : 0;
}

std::string Replica::serverHistory(const ReportId& id) {
  store::Txn txn(env_, store::Txn::kRead);
  auto v = cursors_.get(txn, rawId(id) + "history");
  return v ? std::string(*v) : std::string();
}

void Replica::resetServerHistory(const ReportId& id, const std::string& history) {
  store::Txn txn(env_, store::Txn::kWrite);
  for (const doc::ChangeId& c : spans_.ids(txn, rawId(id))) outbox_.put(txn, changeKey(id, c), "");
  cursors_.put(txn, rawId(id), store::encodeU64(0));
  cursors_.put(txn, rawId(id) + "history", history);
  txn.commit();
}

void Replica::acknowledge(const ReportId& id, const std::vector<doc::ChangeId>& changes) {
  store::Txn txn(env_, store::Txn::kWrite);
  for (const doc::ChangeId& c : changes) outbox_.del(txn, changeKey(id, c));
  txn.commit();
}

std::optional<int64_t> Replica::lastSyncMs(const ReportId& id) {
  store::Txn txn(env_, store::Txn::kRead);
  auto v = profile_.get(txn, "lastsync" + rawId(id));
  if (!v) return std::nullopt;
  return std::stoll(std::string(*v));
}

void Replica::setLastSyncMs(const ReportId& id, int64_t ms) {
  store::Txn txn(env_, store::Txn::kWrite);
  profile_.put(txn, "lastsync" + rawId(id), std::to_string(ms));
  txn.commit();
}

void Replica::setSubmissionStatus(const ReportId& id, const std::string& text) {
  store::Txn txn(env_, store::Txn::kWrite);
  profile_.put(txn, "submission" + rawId(id), text);
  txn.commit();
}

size_t Replica::outboxCount(const ReportId& id) {
  size_t n = 0;
  store::Txn txn(env_, store::Txn::kRead);
  outbox_.scanPrefix(txn, rawId(id), [&](auto, auto) { return ++n, true; });
  return n;
}

bool Replica::unsent(const ReportId& id, const doc::ChangeId& change) {
  store::Txn txn(env_, store::Txn::kRead);
  return outbox_.get(txn, changeKey(id, change)).has_value();
}

size_t Replica::pendingCount(const ReportId& id) {
  size_t n = 0;
  store::Txn txn(env_, store::Txn::kRead);
  pending_.scanPrefix(txn, rawId(id), [&](auto, auto) { return ++n, true; });
  return n;
}

}  // namespace rs::core
