// Push: every change is checked (well formed, not forged, dependencies held, valid against
// the report) and answered on its own; rights are the document's rule, not checked here.
// Pull: changes in server order after a cursor, paged, optionally waiting for new ones.
#include <capnp/message.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <semaphore>
#include <set>

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/history_apply.h"
#include "proto/sync.capnp.h"
#include "push_stages.h"
#include "sync_service.h"
#include "util/errors.h"

namespace rs::server {

namespace {

struct Outcome {
  proto::PushResult::Status status;
  std::string reason;
};

kj::ArrayPtr<const kj::byte> bytesOf(std::string_view s) {
  return kj::arrayPtr(reinterpret_cast<const kj::byte*>(s.data()), s.size());
}

std::string changeName(const doc::ChangeId& id) {
  return crdt::toHex(id.actor).substr(0, 8) + "/" + std::to_string(id.seq);
}

// The changes one push accepted change by change, appended to the store together (as
// spans: one record per run, not one per change) before the next span accepted whole, or
// when the push is decided.
struct Accepted {
  std::vector<doc::Change> changes;
  std::map<doc::ChangeId, std::string> bytes;  // the same, packed, for a repeat in the push
  doc::SpanUnpacker held;                      // the stored span last compared against
};

}  // namespace

// Decides on one pushed change and, when it is accepted, applies and appends it.
//
// Every well-formed change of the report from an authenticated member is taken, whoever
// wrote it (a colleague's change forwarded from a bundle too): whether its ops take effect
// is the document's rule (doc/rights.cpp), so a refusal never strands later changes. Still
// refused: malformed or invalid changes, and forged ones.
//
// Who wrote a change is its actor's user, not the name (`author`) it carries, which is
// only a label. A change of an actor in `ownActors` (the pushing profile's own) binds that
// actor to the pusher, verified, whatever its label (`set-user office` before logging in
// as zhang still gives zhang's changes); refused only when the actor is verified as
// another user's. A forwarded change (any other actor) binds an unbound actor, unverified,
// to its label when that is a user here (else to the pusher), and is forged when its label
// differs from its actor's user, unless the actor's own user pushes it with a label that is
// no user here (work labelled before logging in, pushed by an older program). Changes are
// not signed: a forwarder can still claim the actor's own label, unverified.
//
// `refused` are the changes refused earlier in the same push: one built on them is refused
// too, even when the server holds a change of the same name. Two copies of one profile
// make different changes under one (actor, seq); the copy whose change is refused must not
// have its next change applied on top of the other copy's (it would name the wrong text).
// `bound` is set when a binding was recorded (the push must commit, even with no change
// appended). An accepted change is applied to `doc` and added to `accepted`.
//
// `change` was decoded from the pushed history into doc's actors.
static Outcome pushOne(ServerStore& store, store::kv::Txn& txn, ReportRecord& rec,
                       doc::Document& doc, const std::string& user,
                       const std::set<crdt::ActorId>& ownActors, doc::Change change,
                       const std::set<doc::ChangeId>& refused, bool& bound, Accepted& accepted) {
  const bool own = ownActors.count(change.id.actor) > 0;
  std::optional<std::string> verified = store.verifiedUser(txn, change.id.actor);
  if (own && verified && *verified != user)
    return {proto::PushResult::Status::REJECTED,
            "change " + changeName(change.id) + " is under an actor of another user (" + *verified +
                "): refusing a forged change (修改冒用他人身份，已拒收)"};
  auto verify = [&] {
    if (own && !verified) {
      store.verifyActor(txn, change.id.actor, user);
      bound = true;
    }
  };
  if (doc.has(change.id)) {
    // Compared packed, as held changes are looked up (one encode, only for a repeat).
    std::string bytes = doc::encodeChange(change, doc.actors());
    auto now = accepted.bytes.find(change.id);
    auto held = now != accepted.bytes.end()
                    ? std::optional(now->second)
                    : store.changeBytes(txn, rec.id, change.id, accepted.held);
    if (!held || *held != bytes)
      return {proto::PushResult::Status::REJECTED,
              "change " + changeName(change.id) +
                  " differs from the one already held (与服务器已有的修改不一致，已拒收)"};
    verify();  // forwarded first by a colleague, now sent by its own profile
    return {proto::PushResult::Status::DUPLICATE, ""};
  }
  for (const doc::ChangeId& dep : change.deps)
    if (refused.count(dep))
      return {proto::PushResult::Status::REJECTED, "change " + changeName(change.id) +
                                                       " builds on change " + changeName(dep) +
                                                       ", refused above (所依据的修改已被拒收)"};
  bool authorIsUser = store.user(txn, change.author).has_value();
  std::optional<std::string> owner = store.actorOwner(txn, change.id.actor);
  if (!own && owner && change.author != *owner && (authorIsUser || user != *owner))
    return {proto::PushResult::Status::REJECTED,
            "change " + changeName(change.id) + " by " + change.author +
                " is under another user's actor (" + *owner +
                "): refusing a forged change (修改冒用他人身份，已拒收)"};
  try {
    if (doc.apply(change) == doc::ApplyResult::kMissingDeps)
      return {proto::PushResult::Status::REJECTED,
              "change " + changeName(change.id) +
                  " depends on changes the server does not have (服务器缺少所依据的修改)"};
  } catch (const InputError& e) {
    return {proto::PushResult::Status::REJECTED, e.what()};
  }
  verify();
  if (!own && !owner) store.bindActor(txn, change.id.actor, authorIsUser ? change.author : user);
  accepted.bytes.emplace(change.id, doc::encodeChange(change, doc.actors()));
  accepted.changes.push_back(std::move(change));
  return {proto::PushResult::Status::ACCEPTED, ""};
}

namespace {

// The author of a span's changes (one for the whole span) and its first change's deps.
std::pair<const std::string*, const std::vector<doc::ChangeId>*> headOf(
    const std::vector<doc::SpanPiece>& pieces) {
  if (auto* run = std::get_if<doc::ChangeRun>(&pieces[0])) return {&run->author, &run->deps};
  const doc::Change& c = std::get<doc::Change>(pieces[0]);
  return {&c.author, &c.deps};
}

// Whether pushOne would pass the first change of a span none of which the document holds,
// up to applying it (then every change of the span, as they share actor and author, and
// each depends on the one before): the actor not verified as another user's, no dependency
// refused earlier in this push, and not under another user's actor by its label. A span
// that may not go whole goes change by change, where pushOne says why.
bool spanMayGoWhole(ServerStore& store, store::kv::Txn& txn, const doc::Document& doc,
                    const std::string& user, const std::set<crdt::ActorId>& ownActors,
                    const doc::SpanInfo& span, const std::vector<doc::SpanPiece>& pieces,
                    const std::set<doc::ChangeId>& refused) {
  if (pieces.empty() || doc.version().get(span.first.actor) >= span.first.seq) return false;
  auto [author, deps] = headOf(pieces);
  for (const doc::ChangeId& dep : *deps)
    if (refused.count(dep)) return false;
  const bool own = ownActors.count(span.first.actor) > 0;
  std::optional<std::string> verified = store.verifiedUser(txn, span.first.actor);
  if (own && verified && *verified != user) return false;
  if (own) return true;
  std::optional<std::string> owner = store.actorOwner(txn, span.first.actor);
  return !owner || *author == *owner || (!store.user(txn, *author).has_value() && user == *owner);
}

}  // namespace

// Takes one span of a push. A span none of which is held, from an actor the pusher may
// push for, is applied as its pieces (runs of text changes at once) and, when every piece
// took, appended as it was sent. Otherwise, from the first change not applied, change by
// change through pushOne. Appends one outcome per change of the span to `outcomes`.
static void pushSpan(ServerStore& store, store::kv::Txn& txn, ReportRecord& rec, doc::Document& doc,
                     const std::string& user, const std::set<crdt::ActorId>& ownActors,
                     const doc::SpanInfo& span, const std::vector<doc::SpanPiece>& pieces,
                     std::set<doc::ChangeId>& refused, bool& bound, Accepted& accepted,
                     std::vector<Outcome>& outcomes) {
  uint64_t from = span.first.seq;
  if (spanMayGoWhole(store, txn, doc, user, ownActors, span, pieces, refused)) {
    doc::HistoryApplied got;
    bool whole = true;
    try {
      for (const doc::SpanPiece& piece : pieces) {
        if (auto* run = std::get_if<doc::ChangeRun>(&piece)) {
          if (doc.apply(*run) != doc::ApplyResult::kApplied) whole = false;
        } else if (doc.apply(std::get<doc::Change>(piece)) != doc::ApplyResult::kApplied) {
          whole = false;
        }
        if (!whole) break;
      }
    } catch (const InputError&) {
      whole = false;  // the refused change is found, and said, change by change
    }
    uint64_t held = doc.version().get(span.first.actor);
    uint64_t took = held >= from ? held - from + 1 : 0;
    if (took) {
      const bool own = ownActors.count(span.first.actor) > 0;
      if (own && !store.verifiedUser(txn, span.first.actor)) {
        store.verifyActor(txn, span.first.actor, user);
        bound = true;
      }
      const std::string& author = *headOf(pieces).first;
      if (!own && !store.actorOwner(txn, span.first.actor))
        store.bindActor(txn, span.first.actor, store.user(txn, author) ? author : user);
      outcomes.insert(outcomes.end(), took, Outcome{proto::PushResult::Status::ACCEPTED, ""});
    }
    if (whole) {
      // In server order: what was accepted change by change before goes first.
      store.appendChanges(txn, rec, accepted.changes, doc.actors());
      accepted.changes.clear();
      store.appendSpan(txn, rec, span.bytes);
      return;
    }
    if (took) {
      std::vector<doc::Change> part = doc::decodeSpan(span.bytes, doc.actors(), from, held);
      for (doc::Change& c : part) accepted.bytes.emplace(c.id, doc::encodeChange(c, doc.actors()));
      accepted.changes.insert(accepted.changes.end(), std::make_move_iterator(part.begin()),
                              std::make_move_iterator(part.end()));
    }
    from += took;
  }
  for (doc::Change& c : doc::decodeSpan(span.bytes, doc.actors(), from)) {
    doc::ChangeId id = c.id;
    outcomes.push_back(
        pushOne(store, txn, rec, doc, user, ownActors, std::move(c), refused, bound, accepted));
    if (outcomes.back().status == proto::PushResult::Status::REJECTED) refused.insert(id);
  }
}

struct SyncService::PushJob {
  std::string rawId, user;
  std::string history;  // the pushed changes (doc/change_spans.h), span headers checked
  std::set<crdt::ActorId> ownActors;  // the pushing profile's own (PushRequest.ownActors)
  std::vector<Outcome> outcomes;      // one per change, once done
  std::exception_ptr error;           // or the reason none was decided
  std::binary_semaphore finished{0};  // released by the committer once decided
  push_stages::Marks stages{};        // the committer's marks (push_stages.h)
};

uint64_t SyncService::lastCommitSeen() {
  store::Env* env = store_.db().lmdb();
  MDB_envinfo info{};
  if (!env || mdb_env_info(env->handle(), &info) != MDB_SUCCESS) return 0;
  return info.me_last_txnid;
}

void SyncService::awaitDurable(uint64_t seen) {
  if (seen == 0) return;
  std::unique_lock lock(publishMu_);
  if (!durable_.wait_for(lock, std::chrono::milliseconds(options_.durableWaitMs),
                         [&] { return undurable_.empty() || undurable_.front() > seen; }))
    throw ApiError(
        503, "busy",
        "the server could not save to its disk yet: try again (服务器暂时无法写盘，请再试)", true,
        1);
}

bool SyncService::retryFlush() {
  try {
    store_.db().makeDurable();
  } catch (const std::exception&) {
    return false;
  }
  uint64_t last = lastCommitSeen();  // every commit so far was covered by that flush
  {
    std::lock_guard lock(publishMu_);
    markDurable(last);
  }
  durable_.notify_all();
  return true;
}

void SyncService::markDurable(uint64_t last) {
  while (!undurable_.empty() && undurable_.front() <= last) undurable_.pop_front();
}

// LMDB (store/kv.h, LmdbEngine): a commit's flush of its data also flushes the meta pages
// written before it. So while pushes keep coming each commit makes the batch before it
// durable, one flush a commit; a batch after which none is queued gets a flush of its own
// at once. A batch is published (publishLoop: answered, its long-polls woken) only once
// durable, and no push of a later batch before it (its answer may rest on the earlier
// batch: a duplicate). On PostgreSQL a commit is durable when it returns.
void SyncService::commitLoop() {
  const bool deferred = store_.db().lmdb() != nullptr;
  std::vector<Committed> pending;  // committed, meta page not yet flushed (LMDB)
  // A flush failed: its batches were answered with the error (the pushers retry), but what
  // they committed is visible, and the pulls that saw it wait in awaitDurable until a flush
  // succeeds: the next batch's commit, or retryFlush every flushRetryMs meanwhile.
  bool flushFailed = false;
  std::unique_lock lock(pushMu_);
  while (true) {
    auto woken = [&] { return stopCommitting_ || !pushQueue_.empty() || !pending.empty(); };
    if (!flushFailed) {
      pushQueued_.wait(lock, woken);
    } else if (!pushQueued_.wait_for(lock, std::chrono::milliseconds(options_.flushRetryMs),
                                     woken)) {
      lock.unlock();
      flushFailed = !retryFlush();
      lock.lock();
      continue;
    }
    if (pushQueue_.empty() && pending.empty()) return;  // stopping, and all published
    Committed done;
    done.batch.swap(pushQueue_);
    lock.unlock();
    if (done.batch.empty()) {  // none queued: flush what is pending now
      std::exception_ptr failed;
      try {
        store_.db().makeDurable();
      } catch (...) {
        failed = std::current_exception();  // the disk failed: the pushes get a 500, and retry
      }
      flushFailed = failed != nullptr;
      publish(pending, failed);
    } else {
      done.batchAt = push_stages::Clock::now();
      batchWritten_ = {};  // set by commitPushes before it commits
      done.appended = commitPushes(done.batch, done.txnId);
      done.written = batchWritten_;
      done.committedAt = push_stages::Clock::now();
      if (done.txnId) {
        publish(pending, nullptr);  // its data flush covered their meta pages
        flushFailed = false;        // and those of the commits whose flush failed
      }
      pending.push_back(std::move(done));
      if (!deferred) publish(pending, nullptr);
    }
    lock.lock();
  }
}

void SyncService::publish(std::vector<Committed>& batches, std::exception_ptr failed) {
  if (batches.empty()) return;
  auto durableAt = push_stages::Clock::now();
  uint64_t last = 0;
  for (Committed& c : batches) {
    c.durableAt = durableAt;
    c.failed = failed;
    last = std::max(last, c.txnId);
  }
  {
    std::lock_guard published(publishMu_);
    if (!failed) markDurable(last);
    for (Committed& c : batches) committed_.push_back(std::move(c));
  }
  batches.clear();
  durable_.notify_all();
  committedReady_.notify_one();
}

void SyncService::publishLoop() {
  std::unique_lock lock(publishMu_);
  while (true) {
    committedReady_.wait(lock, [&] { return stopPublishing_ || !committed_.empty(); });
    if (committed_.empty()) return;  // stopping, and every batch published
    std::vector<Committed> ready;
    ready.swap(committed_);
    lock.unlock();
    for (Committed& c : ready) {
      // A job lives on its pusher's stack: it is not touched once released.
      for (PushJob* j : c.batch) {
        j->stages.batch = c.batchAt;
        j->stages.written = c.written;
        j->stages.committed = c.committedAt;
        j->stages.durable = c.durableAt;
        if (c.failed && !j->error) j->error = c.failed;
        j->finished.release();
      }
      auto notifyAt = push_stages::Clock::now();
      size_t woken = 0;
      if (!c.failed)
        for (const auto& [rawId, lastSeq] : c.appended) woken += live_.notify(rawId, lastSeq);
      push_stages::batchEnded(c.batch.size(), push_stages::msSince(notifyAt), woken);
    }
    lock.lock();
  }
}

std::map<std::string, uint64_t> SyncService::commitPushes(const std::vector<PushJob*>& batch,
                                                          uint64_t& txnId) {
  // Live states first: loading one reads the store, which must not nest in the write txn.
  std::vector<std::shared_ptr<LiveReport>> lives;
  for (PushJob* j : batch) {
    try {
      lives.push_back(live_.get(j->rawId));
    } catch (...) {
      j->error = std::current_exception();
      lives.push_back(nullptr);
    }
  }
  // What the batch writes (store/kv.h scoped writes): its reports' records, spans and
  // span-ids records, and the bindings of its changes' actors and of the pushers' own actors.
  // Other processes' pushes to other reports commit meanwhile (PostgreSQL).
  std::vector<std::string> scope;
  auto actorKey = [](const crdt::ActorId& a) { return "actor:" + std::string(a.begin(), a.end()); };
  for (const PushJob* j : batch) {
    scope.push_back("report:" + j->rawId);
    for (const crdt::ActorId& a : j->ownActors) scope.push_back(actorKey(a));
    try {
      for (const doc::SpanInfo& span : doc::listSpans(j->history))
        scope.push_back(actorKey(span.first.actor));
    } catch (const InputError&) {  // malformed: refused below without a write
    }
  }
  std::map<std::string, uint64_t> appended;  // report -> its new last server sequence
  bool bound = false;                        // an actor binding was recorded
  try {
    store::kv::Txn txn(store_.db(), scope);
    for (size_t k = 0; k < batch.size(); ++k) {
      PushJob& j = *batch[k];
      if (!lives[k]) continue;
      std::lock_guard lock(lives[k]->mu);
      ReportRecord rec = *store_.report(txn, j.rawId);
      // Another server process on the same database may have appended since (PostgreSQL).
      live_.catchUp(*lives[k], txn, j.rawId, rec.lastSeq);
      doc::Document& doc = *lives[k]->doc;
      // Every span decodes before any is taken: a malformed history is refused whole, with
      // nothing changed but doc's actor table having gained actors (which is harmless).
      std::vector<doc::SpanInfo> spans;
      std::vector<std::vector<doc::SpanPiece>> pieces;
      try {
        spans = doc::listSpans(j.history);
        uint64_t opsLeft = std::max(doc::kMaxHistoryChanges, doc::kMaxSpanOps);
        for (const doc::SpanInfo& span : spans)
          pieces.push_back(doc::decodeSpanPieces(span.bytes, doc.actors(), opsLeft));
      } catch (const InputError& e) {
        j.error = std::make_exception_ptr(ApiError(400, "bad-request", e.what()));
        continue;
      }
      uint64_t before = rec.lastSeq;
      std::set<doc::ChangeId> refused;
      Accepted accepted;
      for (size_t i = 0; i < spans.size(); ++i)
        pushSpan(store_, txn, rec, doc, j.user, j.ownActors, spans[i], pieces[i], refused, bound,
                 accepted, j.outcomes);
      store_.appendChanges(txn, rec, accepted.changes, doc.actors());
      if (rec.lastSeq != before) {
        store_.putReport(txn, rec);
        lives[k]->seq = rec.lastSeq;
        appended[j.rawId] = rec.lastSeq;
      }
    }
    // Other server processes on the database wake their waiting pulls (sent on commit).
    for (const auto& [rawId, lastSeq] : appended)
      txn.impl().notify(kChangesChannel, changesNotice(rawId, lastSeq));
    batchWritten_ = push_stages::Clock::now();
    // Durable, answered and woken in publishLoop.
    if (!appended.empty() || bound) {
      uint64_t id = lastCommitSeen() + 1;  // LMDB: this write is the next transaction
      if (id > 1) {
        std::lock_guard counted(publishMu_);
        undurable_.push_back(id);  // before readers may see it
      }
      txn.commitDeferred();
      txnId = id;  // committed: its data is on disk (and every meta page before it)
    }
  } catch (...) {
    for (PushJob* j : batch) {
      j->error = std::current_exception();
      live_.drop(j->rawId);  // memory may hold changes the store does not
    }
    return {};
  }
  return appended;
}

HttpResponse SyncService::push(const Caller& caller, const std::string& rawId,
                               const HttpRequest& request) {
  memberReport(caller, rawId);
  std::string history;
  std::set<crdt::ActorId> ownActors;
  bool tooMany = false;
  try {
    MessageBytes message(request.body, "push");
    auto root = message.root<proto::PushRequest>();
    if (root.getChanges().size() > 0)
      throw InputError(
          "push: changes must come as a history, protocol 4 (客户端版本过旧，请升级本程序)");
    history.assign(reinterpret_cast<const char*>(root.getHistory().begin()),
                   root.getHistory().size());
    // Headers only here; the committer decodes the spans (a span that does not decode
    // refuses the push whole, 400).
    uint64_t claimed = 0;
    for (const doc::SpanInfo& s : doc::listSpans(history)) claimed += s.count;
    tooMany = claimed > options_.maxChangesPerPush;
    if (root.getOwnActors().size() > 16)
      throw InputError("at most 16 own actors per push (数据已损坏)");
    for (auto a : root.getOwnActors()) {
      if (a.size() != 16) throw InputError("an own actor must be 16 bytes (数据已损坏)");
      crdt::ActorId actor;
      std::copy(a.begin(), a.end(), actor.begin());
      ownActors.insert(actor);
    }
  } catch (const InputError& e) {
    throw ApiError(400, "bad-request", e.what());
  } catch (const kj::Exception&) {
    throw ApiError(400, "bad-request", "malformed push body (请求无法读取)");
  }
  if (tooMany)
    throw ApiError(413, "too-many",
                   "at most " + std::to_string(options_.maxChangesPerPush) +
                       " changes per push (一次推送的修改过多)");

  // Group commit: the committer takes every push queued while it was committing the
  // previous ones into one write transaction (one disk flush), so that pushes from many
  // clients do not queue behind each other's flushes. A thread of its own, rather than the
  // first pusher leading: under load no pusher waits for another to be woken to lead, and
  // each pusher is woken alone. On LMDB one flush a commit makes the batch before it
  // durable (commitLoop); the publisher then wakes this thread.
  PushJob job{rawId, caller.user.name, std::move(history), std::move(ownActors), {}, nullptr};
  push_stages::current().queued = push_stages::Clock::now();
  {
    std::lock_guard lock(pushMu_);
    pushQueue_.push_back(&job);
  }
  pushQueued_.notify_one();
  job.finished.acquire();
  push_stages::pushResumed(job.stages);
  if (job.error) std::rethrow_exception(job.error);
  const std::vector<Outcome>& outcomes = job.outcomes;

  HttpResponse r;
  capnp::MallocMessageBuilder message;
  auto answer = message.initRoot<proto::PushResponse>();
  answer.setHistory(store_.historyId());
  auto results = answer.initResults(outcomes.size());
  for (size_t i = 0; i < outcomes.size(); ++i) {
    results[i].setStatus(outcomes[i].status);
    results[i].setReason(outcomes[i].reason);
  }
  r.body = messageToString(message);
  return r;
}

HttpResponse SyncService::actors(const Caller& caller, const std::string& rawId) {
  memberReport(caller, rawId);
  std::vector<crdt::ActorId> held;
  {
    std::shared_ptr<LiveReport> live = live_.get(rawId);
    std::lock_guard lock(live->mu);
    for (const auto& [actor, seq] : live->doc->version().entries()) held.push_back(actor);
  }
  capnp::MallocMessageBuilder message;
  std::vector<std::pair<crdt::ActorId, std::string>> found;
  uint64_t seen;
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    seen = lastCommitSeen();  // after the snapshot began: at least what it sees
    found = store_.verifiedUsers(txn, held);
  }
  awaitDurable(seen);
  auto list = message.initRoot<proto::ActorList>().initActors(found.size());
  for (size_t i = 0; i < found.size(); ++i) {
    list[i].setActor(kj::arrayPtr(found[i].first.data(), found[i].first.size()));
    list[i].setUser(found[i].second);
  }
  HttpResponse r;
  r.body = messageToString(message);
  return r;
}

HttpResponse SyncService::pull(const Caller& caller, const std::string& rawId,
                               const HttpRequest& request) {
  memberReport(caller, rawId);
  auto number = [&](const char* name, uint64_t fallback) -> uint64_t {
    auto it = request.query.find(name);
    if (it == request.query.end()) return fallback;
    const std::string& v = it->second;
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
      throw ApiError(400, "bad-request",
                     std::string("query parameter ") + name + " must be a number (应为数字)");
    return std::stoull(v);
  };
  uint64_t since = number("since", 0);
  uint64_t limit = std::clamp<uint64_t>(number("limit", 1000), 1, options_.maxPullLimit);
  uint64_t wait = std::min<uint64_t>(number("wait", 0), options_.maxWaitSeconds);

  if (wait > 0) {
    // Bounded: beyond maxWaitingPulls a pull answers at once (the client polls again later),
    // and a wait ends as soon as its client has gone.
    if (waitingPulls_.fetch_add(1) < options_.maxWaitingPulls) {
      live_.waitForNews(rawId, since, std::chrono::steady_clock::now() + std::chrono::seconds(wait),
                        request.clientGone);
    }
    waitingPulls_.fetch_sub(1);
  }

  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<proto::PullResponse>();
  // The page is made of the stored spans as they are; only a span the page starts inside,
  // or one alone over its count, is decoded, cut and encoded again.
  std::deque<std::string> cut;  // owns the spans made here (a deque: views stay valid)
  std::vector<std::string_view> spans;
  std::set<crdt::ActorId> pageActors;
  std::vector<std::pair<crdt::ActorId, std::string>> bindings;  // their verified users
  uint64_t last = since, taken = 0;
  bool more = false;
  size_t bytesFound = 0;
  uint64_t seen;  // answered once every push commit the read may see is durable
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    seen = lastCommitSeen();  // after the snapshot began: at least what it sees
    store_.scanSpans(txn, rawId, since, [&](const StoredSpan& s) {
      if (taken == limit) return more = true, false;
      doc::SpanInfo info = doc::readSpanInfo(s.bytes);
      uint64_t from = std::max(since + 1, s.firstSeq);
      uint64_t to = std::min(s.lastSeq, from + (limit - taken) - 1);
      std::string_view span = s.bytes;
      // A span the page has no room for whole starts the next page (cut only when it
      // alone is over the page's count, or the page starts inside it).
      if (!spans.empty() && to != s.lastSeq) return more = true, false;
      if (from != s.firstSeq || to != s.lastSeq) {
        crdt::ActorTable scratch;
        uint64_t base = info.first.seq - s.firstSeq;  // server sequence -> the actor's seq
        std::vector<doc::Change> part = doc::decodeSpan(s.bytes, scratch, from + base, to + base);
        cut.push_back(doc::encodeSpans(part, scratch).at(0));
        span = cut.back();
      }
      // Pages are bounded by count and by bytes (at least one span per page).
      if (!spans.empty() && bytesFound + span.size() > maxChangeBytes()) return more = true, false;
      bytesFound += span.size();
      spans.push_back(span);
      pageActors.insert(info.first.actor);
      taken += to - from + 1;
      last = to;
      if (to < s.lastSeq) return more = true, false;
      return true;
    });
    // Joined while the transaction lives: the stored spans are views into it.
    b.setChangeHistory(bytesOf(doc::joinSpans(spans)));
    // In the same read transaction: one snapshot, and no second BEGIN on PostgreSQL.
    bindings = store_.verifiedUsers(txn, {pageActors.begin(), pageActors.end()});
  }
  awaitDurable(seen);
  auto actors = b.initActors(bindings.size());
  for (size_t i = 0; i < bindings.size(); ++i) {
    actors[i].setActor(kj::arrayPtr(bindings[i].first.data(), bindings[i].first.size()));
    actors[i].setUser(bindings[i].second);
  }
  b.setLastSeq(last);
  b.setMore(more);
  b.setHistory(store_.historyId());
  HttpResponse r;
  r.body = messageToString(message);
  return r;
}

}  // namespace rs::server
