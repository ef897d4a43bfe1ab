// Push: every change is checked (well formed, not forged, dependencies held, valid against
// the report) and answered on its own; rights are the document's rule, not checked here.
// Pull: changes in server order after a cursor, paged, optionally waiting for new ones.
#include <capnp/message.h>

#include <algorithm>
#include <deque>
#include <map>
#include <semaphore>
#include <set>

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "proto/sync.capnp.h"
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

// The changes one push accepted, appended to the store together when it is decided (as
// spans: one record per run, not one per change).
struct Accepted {
  std::vector<doc::Change> changes;
  std::map<doc::ChangeId, std::string> bytes;  // the same, as sent, for a repeat in the push
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
static Outcome pushOne(ServerStore& store, store::kv::Txn& txn, ReportRecord& rec,
                       doc::Document& doc, const std::string& user,
                       const std::set<crdt::ActorId>& ownActors, const std::string& bytes,
                       const std::set<doc::ChangeId>& refused, bool& bound, Accepted& accepted) {
  doc::Change change;
  try {
    change = doc::decodeChange(bytes, doc.actors());
  } catch (const InputError& e) {
    return {proto::PushResult::Status::REJECTED, e.what()};
  }
  const bool own = ownActors.count(change.id.actor) > 0;
  std::optional<std::string> verified = store.verifiedUser(txn, change.id.actor);
  if (own && verified && *verified != user)
    return {proto::PushResult::Status::REJECTED, "change " + changeName(change.id) +
                                                     " is under an actor of another user (" +
                                                     *verified + "): refusing a forged change"};
  auto verify = [&] {
    if (own && !verified) {
      store.verifyActor(txn, change.id.actor, user);
      bound = true;
    }
  };
  if (doc.has(change.id)) {
    auto now = accepted.bytes.find(change.id);
    auto held = now != accepted.bytes.end()
                    ? std::optional(now->second)
                    : store.changeBytes(txn, rec.id, change.id, accepted.held);
    if (!held || *held != bytes)
      return {proto::PushResult::Status::REJECTED,
              "change " + changeName(change.id) + " differs from the one already held"};
    verify();  // forwarded first by a colleague, now sent by its own profile
    return {proto::PushResult::Status::DUPLICATE, ""};
  }
  for (const doc::ChangeId& dep : change.deps)
    if (refused.count(dep))
      return {proto::PushResult::Status::REJECTED, "change " + changeName(change.id) +
                                                       " builds on change " + changeName(dep) +
                                                       ", refused above"};
  bool authorIsUser = store.user(txn, change.author).has_value();
  std::optional<std::string> owner = store.actorOwner(txn, change.id.actor);
  if (!own && owner && change.author != *owner && (authorIsUser || user != *owner))
    return {proto::PushResult::Status::REJECTED,
            "change " + changeName(change.id) + " by " + change.author +
                " is under another user's actor (" + *owner + "): refusing a forged change"};
  try {
    if (doc.apply(change) == doc::ApplyResult::kMissingDeps)
      return {proto::PushResult::Status::REJECTED,
              "change " + changeName(change.id) + " depends on changes the server does not have"};
  } catch (const InputError& e) {
    return {proto::PushResult::Status::REJECTED, e.what()};
  }
  verify();
  if (!own && !owner) store.bindActor(txn, change.id.actor, authorIsUser ? change.author : user);
  accepted.bytes.emplace(change.id, bytes);
  accepted.changes.push_back(std::move(change));
  return {proto::PushResult::Status::ACCEPTED, ""};
}

struct SyncService::PushJob {
  std::string rawId, user;
  std::vector<std::string> changes;
  std::set<crdt::ActorId> ownActors;  // the pushing profile's own (PushRequest.ownActors)
  std::vector<Outcome> outcomes;      // one per change, once done
  std::exception_ptr error;           // or the reason none was decided
  std::binary_semaphore finished{0};  // released by the committer once decided
};

void SyncService::commitLoop() {
  std::unique_lock lock(pushMu_);
  while (true) {
    pushQueued_.wait(lock, [&] { return stopCommitting_ || !pushQueue_.empty(); });
    if (pushQueue_.empty()) return;  // stopping, and nothing left to commit
    std::vector<PushJob*> batch;
    batch.swap(pushQueue_);
    lock.unlock();
    auto appended = commitPushes(batch);
    // A job lives on its pusher's stack: it is not touched once released.
    for (PushJob* j : batch) j->finished.release();
    for (const auto& [rawId, lastSeq] : appended) live_.notify(rawId, lastSeq);
    lock.lock();
  }
}

std::map<std::string, uint64_t> SyncService::commitPushes(const std::vector<PushJob*>& batch) {
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
  // change ids, and the bindings of its changes' actors and of the pushers' own actors.
  // Other processes' pushes to other reports commit meanwhile (PostgreSQL).
  std::vector<std::string> scope;
  auto actorKey = [](const crdt::ActorId& a) { return "actor:" + std::string(a.begin(), a.end()); };
  for (const PushJob* j : batch) {
    scope.push_back("report:" + j->rawId);
    for (const crdt::ActorId& a : j->ownActors) scope.push_back(actorKey(a));
    for (const std::string& bytes : j->changes) {
      try {
        scope.push_back(actorKey(doc::peekChangeId(bytes).actor));
      } catch (const InputError&) {  // malformed: refused without a write
      }
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
      std::set<doc::ChangeId> refused;
      Accepted accepted;
      for (const std::string& bytes : j.changes) {
        j.outcomes.push_back(pushOne(store_, txn, rec, *lives[k]->doc, j.user, j.ownActors, bytes,
                                     refused, bound, accepted));
        if (j.outcomes.back().status != proto::PushResult::Status::REJECTED) continue;
        try {
          refused.insert(doc::peekChangeId(bytes));
        } catch (const InputError&) {  // malformed: nothing can name it
        }
      }
      if (!accepted.changes.empty()) {
        store_.appendChanges(txn, rec, accepted.changes, lives[k]->doc->actors());
        store_.putReport(txn, rec);
        lives[k]->seq = rec.lastSeq;
        appended[j.rawId] = rec.lastSeq;
      }
    }
    // Other server processes on the database wake their waiting pulls (sent on commit).
    for (const auto& [rawId, lastSeq] : appended)
      txn.impl().notify(kChangesChannel, changesNotice(rawId, lastSeq));
    if (!appended.empty() || bound) txn.commit();
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
  std::vector<std::string> changes;
  std::set<crdt::ActorId> ownActors;
  bool tooMany = false;
  try {
    MessageBytes message(request.body, "push");
    auto root = message.root<proto::PushRequest>();
    if (root.getChanges().size() > 0)
      throw InputError("push: changes must come as a history (protocol 4)");
    std::string_view history(reinterpret_cast<const char*>(root.getHistory().begin()),
                             root.getHistory().size());
    uint64_t claimed = 0;
    for (const doc::SpanInfo& s : doc::listSpans(history)) claimed += s.count;
    tooMany = claimed > options_.maxChangesPerPush;
    if (!tooMany) changes = doc::historyToPacked(history, options_.maxChangesPerPush);
    if (root.getOwnActors().size() > 16) throw InputError("at most 16 own actors per push");
    for (auto a : root.getOwnActors()) {
      if (a.size() != 16) throw InputError("an own actor must be 16 bytes");
      crdt::ActorId actor;
      std::copy(a.begin(), a.end(), actor.begin());
      ownActors.insert(actor);
    }
  } catch (const InputError& e) {
    throw ApiError(400, "bad-request", e.what());
  } catch (const kj::Exception&) {
    throw ApiError(400, "bad-request", "malformed push body");
  }
  if (tooMany)
    throw ApiError(413, "too-many",
                   "at most " + std::to_string(options_.maxChangesPerPush) + " changes per push");

  // Group commit: the committer takes every push queued while it was committing the
  // previous ones into one write transaction (one disk flush), so that pushes from many
  // clients do not queue behind each other's flushes. A thread of its own, rather than the
  // first pusher leading: under load no pusher waits for another to be woken to lead, and
  // each pusher is woken alone.
  PushJob job{rawId, caller.user.name, std::move(changes), std::move(ownActors), {}, nullptr};
  {
    std::lock_guard lock(pushMu_);
    pushQueue_.push_back(&job);
  }
  pushQueued_.notify_one();
  job.finished.acquire();
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

std::vector<std::pair<crdt::ActorId, std::string>> SyncService::verifiedBindings(
    const std::set<crdt::ActorId>& actors) {
  std::vector<std::pair<crdt::ActorId, std::string>> out;
  store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
  for (const crdt::ActorId& a : actors)
    if (auto u = store_.verifiedUser(txn, a)) out.emplace_back(a, *u);
  return out;
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
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    for (const crdt::ActorId& a : held)
      if (auto u = store_.verifiedUser(txn, a)) found.emplace_back(a, *u);
  }
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
                     std::string("query parameter ") + name + " must be a number");
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
  // The page is made of the stored spans as they are; only a span the page starts or ends
  // inside is decoded, cut and encoded again.
  std::deque<std::string> cut;  // owns the spans made here (a deque: views stay valid)
  std::vector<std::string_view> spans;
  std::set<crdt::ActorId> pageActors;
  uint64_t last = since, taken = 0;
  bool more = false;
  size_t bytesFound = 0;
  {
    store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
    store_.scanSpans(txn, rawId, since, [&](const StoredSpan& s) {
      if (taken == limit) return more = true, false;
      doc::SpanInfo info = doc::readSpanInfo(s.bytes);
      uint64_t from = std::max(since + 1, s.firstSeq);
      uint64_t to = std::min(s.lastSeq, from + (limit - taken) - 1);
      std::string_view span = s.bytes;
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
  }
  auto bindings = verifiedBindings(pageActors);
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
