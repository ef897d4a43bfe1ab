#include "core/sync.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <tuple>

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "proto/change.capnp.h"
#include "util/errors.h"

namespace rs::core {

namespace {

constexpr uint64_t kPullPage = 20000;  // the server's largest page
// A change in a push costs its bytes plus a list pointer and padding to a word.
constexpr size_t kPerChangeOverhead = 16;
// Room for the push message's own framing beyond its changes.
constexpr size_t kPushFraming = 4096;

int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// (lamport, actor, seq) of an encoded change: sorting by it puts dependencies first.
std::tuple<uint64_t, doc::ChangeId> causalKey(const std::string& bytes) {
  doc::ChangeId id = doc::peekChangeId(bytes);
  try {
    PackedMessageBytes message(bytes, "change");
    return {message.root<proto::Change>().getLamport(), id};
  } catch (const kj::Exception&) {
    return {0, id};
  }
}

// Changes in an order the server can apply one after the other (the outbox is keyed by
// actor; after a history reset it holds several actors' changes).
std::vector<std::string> causalOrder(std::vector<std::string> changes) {
  std::vector<std::pair<std::tuple<uint64_t, doc::ChangeId>, size_t>> keys;
  keys.reserve(changes.size());
  for (size_t i = 0; i < changes.size(); ++i) keys.push_back({causalKey(changes[i]), i});
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> out;
  out.reserve(changes.size());
  for (auto& [key, i] : keys) out.push_back(std::move(changes[i]));
  return out;
}

std::string megabytes(size_t bytes) {
  return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MB";
}

// True when the server's history is not the one the stored cursor counts in. An older
// server sends no identity: then nothing can be checked.
bool historyChanged(Replica& replica, const ReportId& id, const std::string& seen) {
  if (seen.empty()) return false;
  std::string stored = replica.serverHistory(id);
  // A cursor kept before histories had identities is trusted only at 0.
  if (stored.empty()) return replica.serverCursor(id) != 0;
  return stored != seen;
}

// Pushes `outbox` in batches under the server's limits; returns the history identity the
// server answered with (empty when nothing was pushed).
void pushChanges(Replica& replica, ServerConnection& server, const ReportId& id,
                 const std::vector<std::string>& outbox, SyncReport& out) {
  const ServerLimits& limits = server.limits();
  size_t budget = limits.maxBodyBytes > 2 * kPushFraming ? limits.maxBodyBytes - kPushFraming
                                                         : limits.maxBodyBytes / 2;
  size_t start = 0;
  while (start < outbox.size()) {
    std::vector<std::string> batch;
    size_t bytes = 0, end = start;
    for (; end < outbox.size() && batch.size() < limits.maxChangesPerPush; ++end) {
      size_t cost = outbox[end].size() + kPerChangeOverhead;
      if (outbox[end].size() > limits.maxChangeBytes || cost > budget) {
        if (batch.empty()) {
          // Larger than any push can carry: it stays in the outbox, said so, and later
          // changes still go.
          out.refused.push_back("an edit of " + megabytes(outbox[end].size()) +
                                " is larger than the server takes (" +
                                megabytes(limits.maxChangeBytes) +
                                "): it cannot be sent (这次修改过大，服务器不接收)");
          ++end;
        }
        break;
      }
      if (!batch.empty() && bytes + cost > budget) break;
      batch.push_back(outbox[end]);
      bytes += cost;
    }
    start = end;
    if (batch.empty()) continue;
    std::vector<PushOutcome> outcomes = server.push(id, batch, replica.actor());
    std::vector<doc::ChangeId> taken;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (outcomes[i].status == PushOutcome::kRejected) {
        out.refused.push_back(outcomes[i].reason);
      } else {
        taken.push_back(doc::peekChangeId(batch[i]));
      }
    }
    replica.acknowledge(id, taken);
    out.pushed += taken.size();
  }
}

// Pushes our own unsent changes as spans (Replica::outboxSpans), batched by spanBatches.
void pushSpans(Replica& replica, ServerConnection& server, const ReportId& id,
               std::vector<std::string> spans, SyncReport& out) {
  for (const std::string& history : spanBatches(std::move(spans), server.limits(), out.refused)) {
    std::vector<PushOutcome> outcomes = server.pushHistory(id, history, replica.actor());
    std::vector<doc::ChangeId> taken;
    size_t k = 0;
    for (const doc::SpanInfo& s : doc::listSpans(history))
      for (uint64_t seq = s.first.seq; seq <= s.lastSeq(); ++seq, ++k) {
        if (outcomes[k].status == PushOutcome::kRejected)
          out.refused.push_back(outcomes[k].reason);
        else
          taken.push_back({s.first.actor, seq});
      }
    replica.acknowledge(id, taken);
    out.pushed += taken.size();
  }
}

// Asks for the verified users of the report's actors when some held actor's is unknown: a
// binding the server made after this profile pulled the actor's changes (first forwarded by
// a colleague, later sent by its own profile) is in no later page. When our own actor is
// the unknown one (our changes reached the server forwarded by someone else before we
// logged in, so nothing of ours was left to push), its first change, which the server
// holds, is sent again as ours: a duplicate, which binds the actor to our login. An older server
// has no such endpoint (404): nothing is learnt.
void learnActorUsers(Replica& replica, ServerConnection& server, const ReportId& id) {
  if (!replica.lacksActorUsers(id)) return;
  try {
    doc::ChangeId first{replica.actor(), 1};
    if (!replica.actorUsers().count(replica.actor()) && !replica.unsent(id, first))
      if (auto bytes = replica.changeBytes(id, first))
        server.push(id, {*bytes}, replica.actor());  // refused: it stays unverified
    replica.storeActorUsers(server.actors(id));
  } catch (const SyncError& e) {
    if (e.status() != 404) throw;
  }
}

}  // namespace

std::vector<std::string> spanBatches(std::vector<std::string> spans, const ServerLimits& limits,
                                     std::vector<std::string>& refused) {
  size_t budget = limits.maxBodyBytes > 2 * kPushFraming ? limits.maxBodyBytes - kPushFraming
                                                         : limits.maxBodyBytes / 2;
  std::deque<std::string> queue(std::make_move_iterator(spans.begin()),
                                std::make_move_iterator(spans.end()));
  auto onlySpan = [](const std::string& history) {
    return std::string(doc::listSpans(history).at(0).bytes);
  };
  std::vector<std::string> out;
  while (!queue.empty()) {
    std::vector<std::string> batch;
    size_t bytes = 0, changes = 0;
    while (!queue.empty()) {
      doc::SpanInfo info = doc::readSpanInfo(queue.front());
      const size_t cost = queue.front().size() + kPerChangeOverhead;
      if (cost <= budget && info.count <= limits.maxChangesPerPush) {
        if (bytes + cost > budget || changes + info.count > limits.maxChangesPerPush) break;
        bytes += cost;
        changes += info.count;
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
        continue;
      }
      if (!batch.empty()) break;  // alone over the limits: cut, in pushes of its own
      if (info.count > 1) {
        // Cut where the limits allow: by count, and by bytes in proportion (a piece still
        // too large is cut again).
        uint64_t keep = std::min<uint64_t>(info.count - 1, limits.maxChangesPerPush);
        if (cost > budget) keep = std::min<uint64_t>(keep, info.count * budget / cost);
        auto [head, tail] =
            doc::splitSpan(queue.front(), info.first.seq + std::max<uint64_t>(keep, 1));
        queue.front() = onlySpan(tail);
        queue.push_front(onlySpan(head));
        continue;
      }
      // One change larger than any push can carry: it stays in the outbox, said so, and
      // later changes still go.
      refused.push_back("an edit of " + megabytes(queue.front().size()) +
                        " is larger than the server takes (" + megabytes(limits.maxChangeBytes) +
                        "): it cannot be sent (这次修改过大，服务器不接收)");
      queue.pop_front();
    }
    if (batch.empty()) continue;
    std::vector<std::string_view> views(batch.begin(), batch.end());
    out.push_back(doc::joinSpans(views));
  }
  return out;
}

void pushOutbox(Replica& replica, ServerConnection& server, const ReportId& id, SyncReport& out) {
  // A change's limit (maxChangeBytes) is on its packed size, which a compressed span does
  // not show: a large span (a big paste) goes packed, checked change by change.
  auto small = [&](const std::vector<std::string>& spans) {
    return std::all_of(spans.begin(), spans.end(), [&](const std::string& s) {
      return s.size() <= server.limits().maxChangeBytes / 16;
    });
  };
  std::optional<std::vector<std::string>> spans = replica.outboxSpans(id);
  if (spans && small(*spans)) {
    if (spans->empty()) return;
    pushSpans(replica, server, id, std::move(*spans), out);
  } else {
    // Others' changes too (from a bundle, or after a history reset): packed, in causal
    // order across actors.
    std::vector<std::string> outbox = replica.outbox(id);
    if (outbox.empty()) return;
    pushChanges(replica, server, id, causalOrder(std::move(outbox)), out);
  }
  if (historyChanged(replica, id, server.history())) {
    // A restored or new server: what it lacks is more than the outbox. Every held change
    // goes back into the outbox; the caller pulls from 0 (which takes out what the server
    // has) and pushes again.
    replica.resetServerHistory(id, server.history());
    out.historyReset = true;
  }
}

bool pullPage(Replica& replica, ServerConnection& server, SharedReport& shared, int waitSeconds,
              SyncReport& out) {
  const ReportId& id = shared.report.id;
  PullPage page = server.pull(id, replica.serverCursor(id), kPullPage, waitSeconds);
  if (historyChanged(replica, id, page.history)) {
    // The cursor counted in another history: start again from 0 and send what we hold.
    replica.resetServerHistory(id, page.history);
    out.historyReset = true;
    return true;
  }
  std::lock_guard lock(shared.mu);
  try {
    out.pulled += replica
                      .mergeHistory(shared.report, page.changeHistory, page.lastSeq,
                                    page.history.empty() ? std::nullopt
                                                         : std::optional<std::string>(page.history),
                                    page.actors)
                      .applied;
  } catch (const InputError& e) {
    throw SyncError(std::string("the server sent a change this program refuses: ") + e.what() +
                        " (服务器发来的修改无法采用)",
                    false);
  }
  if (!page.more) replica.setLastSyncMs(id, nowMs());
  return page.more;
}

void pushThenPull(Replica& replica, ServerConnection& server, SharedReport& shared, SyncReport& out,
                  bool pullFirst) {
  const ReportId& id = shared.report.id;
  if (pullFirst) {
    // What arrives may show that this profile's actor is used elsewhere (a copied
    // profile): the unsent edits are then re-issued under a fresh actor before any is sent
    // under the old one. It also shows a new server history before anything is pushed.
    while (pullPage(replica, server, shared, 0, out)) {
    }
    out.historyReset = false;  // read again from 0: the push below sends what the server lacks
  }
  // A push that fails (the server is refusing it, or it is too large) must not stop
  // colleagues' work from arriving: pull anyway, then report the push's error.
  std::optional<SyncError> pushError;
  try {
    pushOutbox(replica, server, id, out);
  } catch (const SyncError& e) {
    if (e.status() == 0) throw;  // no answer at all: the pull would fail the same way
    pushError = e;
  }
  while (pullPage(replica, server, shared, 0, out)) {
  }
  if (out.historyReset && !pushError) {
    out.historyReset = false;
    pushOutbox(replica, server, id, out);
    while (pullPage(replica, server, shared, 0, out)) {
    }
  }
  if (pushError) throw *pushError;
  learnActorUsers(replica, server, id);
}

SyncReport syncReport(Replica& replica, ServerConnection& server, OpenReport& report) {
  SyncReport out;
  SharedReport shared{{}, std::move(report)};
  try {
    pushThenPull(replica, server, shared, out, true);
  } catch (...) {
    report = std::move(shared.report);
    throw;
  }
  report = std::move(shared.report);
  return out;
}

size_t pushBeforeClose(Replica& replica, const ReportId& id, int timeoutSeconds) {
  try {
    if (replica.outboxCount(id) == 0) return 0;
    ServerConnection server = connectFromProfile(replica);
    server.setTimeouts(timeoutSeconds, timeoutSeconds);
    SyncReport out;
    pushOutbox(replica, server, id, out);
  } catch (const std::exception&) {
    // Offline, refused or a store error: the edits stay in the outbox, as before the try.
  }
  return replica.outboxCount(id);
}

ServerConnection connectFromProfile(Replica& replica) {
  auto login = replica.serverLogin();
  if (!login || login->token.empty())
    throw SyncError("not logged in: run reportsync-cli login URL USER first (尚未登录服务器)",
                    false);
  return ServerConnection(login->url, login->token);
}

}  // namespace rs::core
