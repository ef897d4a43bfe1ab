// Push: every change is checked (well formed, not forged, dependencies held, valid against
// the report) and answered on its own; rights are the document's rule, not checked here.
// Pull: changes in server order after a cursor, paged, optionally waiting for new ones.
#include <capnp/message.h>

#include <algorithm>
#include <map>
#include <semaphore>
#include <set>

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
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

}  // namespace

// Decides on one pushed change and, when it is accepted, applies and appends it.
//
// Every well-formed change of the report from an authenticated member is taken, whoever
// wrote it (a colleague's change forwarded from a bundle too): whether its ops take effect
// is the document's rule (doc/rights.cpp), so a refusal never strands later changes. Still
// refused: malformed or invalid changes, and forged ones. An actor is bound to one user:
// an unbound actor is bound to the change's author when that is a user of this server (else
// to the pusher, whose work labelled before logging in it is). A
// change whose author differs from its actor's user is forged, unless the actor's own user
// pushes it with an author that is no user here (work labelled before logging in).
// Changes are not signed, so a forwarder can still claim the actor's own author.
//
// `refused` are the changes refused earlier in the same push: one built on them is refused
// too, even when the server holds a change of the same name. Two copies of one profile
// make different changes under one (actor, seq); the copy whose change is refused must not
// have its next change applied on top of the other copy's (it would name the wrong text).
static Outcome pushOne(ServerStore& store, store::Txn& txn, ReportRecord& rec, doc::Document& doc,
                       const std::string& user, const std::string& bytes,
                       const std::set<doc::ChangeId>& refused) {
  doc::Change change;
  try {
    change = doc::decodeChange(bytes, doc.actors());
  } catch (const InputError& e) {
    return {proto::PushResult::Status::REJECTED, e.what()};
  }
  if (doc.has(change.id)) {
    auto held = store.changeBytes(txn, rec.id, change.id);
    if (held && *held == bytes) return {proto::PushResult::Status::DUPLICATE, ""};
    return {proto::PushResult::Status::REJECTED,
            "change " + changeName(change.id) + " differs from the one already held"};
  }
  for (const doc::ChangeId& dep : change.deps)
    if (refused.count(dep))
      return {proto::PushResult::Status::REJECTED, "change " + changeName(change.id) +
                                                       " builds on change " + changeName(dep) +
                                                       ", refused above"};
  bool authorIsUser = store.user(txn, change.author).has_value();
  std::optional<std::string> owner = store.actorOwner(txn, change.id.actor);
  if (owner && change.author != *owner && (authorIsUser || user != *owner))
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
  if (!owner) store.bindActor(txn, change.id.actor, authorIsUser ? change.author : user);
  store.appendChange(txn, rec, change.id, bytes);
  return {proto::PushResult::Status::ACCEPTED, ""};
}

struct SyncService::PushJob {
  std::string rawId, user;
  std::vector<std::string> changes;
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
  std::map<std::string, uint64_t> appended;  // report -> its new last server sequence
  try {
    store::Txn txn(store_.env(), store::Txn::kWrite);
    for (size_t k = 0; k < batch.size(); ++k) {
      PushJob& j = *batch[k];
      if (!lives[k]) continue;
      std::lock_guard lock(lives[k]->mu);
      ReportRecord rec = *store_.report(txn, j.rawId);
      bool any = false;
      std::set<doc::ChangeId> refused;
      for (const std::string& bytes : j.changes) {
        j.outcomes.push_back(pushOne(store_, txn, rec, *lives[k]->doc, j.user, bytes, refused));
        any |= j.outcomes.back().status == proto::PushResult::Status::ACCEPTED;
        if (j.outcomes.back().status != proto::PushResult::Status::REJECTED) continue;
        try {
          refused.insert(doc::peekChangeId(bytes));
        } catch (const InputError&) {  // malformed: nothing can name it
        }
      }
      if (any) {
        store_.putReport(txn, rec);
        appended[j.rawId] = rec.lastSeq;
      }
    }
    if (!appended.empty()) txn.commit();
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
  try {
    MessageBytes message(request.body, "push");
    for (auto c : message.root<proto::PushRequest>().getChanges())
      changes.emplace_back(reinterpret_cast<const char*>(c.begin()), c.size());
  } catch (const InputError& e) {
    throw ApiError(400, "bad-request", e.what());
  } catch (const kj::Exception&) {
    throw ApiError(400, "bad-request", "malformed push body");
  }
  if (changes.size() > options_.maxChangesPerPush)
    throw ApiError(413, "too-many",
                   "at most " + std::to_string(options_.maxChangesPerPush) + " changes per push");

  // Group commit: the committer takes every push queued while it was committing the
  // previous ones into one write transaction (one disk flush), so that pushes from many
  // clients do not queue behind each other's flushes. A thread of its own, rather than the
  // first pusher leading: under load no pusher waits for another to be woken to lead, and
  // each pusher is woken alone.
  PushJob job{rawId, caller.user.name, std::move(changes), {}, nullptr};
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
  std::vector<std::string> found;
  uint64_t last = since;
  bool more = false;
  size_t bytesFound = 0;
  {
    store::Txn txn(store_.env(), store::Txn::kRead);
    store_.scanChanges(txn, rawId, since, [&](uint64_t seq, std::string_view bytes) {
      // Pages are bounded by count and by bytes (at least one change per page).
      if (found.size() == limit || (!found.empty() && bytesFound + bytes.size() > maxChangeBytes()))
        return more = true, false;
      bytesFound += bytes.size();
      found.emplace_back(bytes);
      last = seq;
      return true;
    });
  }
  auto list = b.initChanges(found.size());
  for (size_t i = 0; i < found.size(); ++i) list.set(i, bytesOf(found[i]));
  b.setLastSeq(last);
  b.setMore(more);
  b.setHistory(store_.historyId());
  HttpResponse r;
  r.body = messageToString(message);
  return r;
}

}  // namespace rs::server
