#include "core/sync.h"

#include <chrono>

#include "doc/change_codec.h"
#include "util/errors.h"

namespace rs::core {

namespace {

constexpr size_t kPushBatch = 5000;
constexpr uint64_t kPullPage = 20000;  // the server's largest page

int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

void pushOutbox(Replica& replica, ServerConnection& server, const ReportId& id, SyncReport& out) {
  std::vector<std::string> outbox = replica.outbox(id);
  for (size_t start = 0; start < outbox.size(); start += kPushBatch) {
    std::vector<std::string> batch(outbox.begin() + start,
                                   outbox.begin() + std::min(outbox.size(), start + kPushBatch));
    std::vector<PushOutcome> outcomes = server.push(id, batch);
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

bool pullPage(Replica& replica, ServerConnection& server, SharedReport& shared, int waitSeconds,
              SyncReport& out) {
  const ReportId& id = shared.report.id;
  PullPage page = server.pull(id, replica.serverCursor(id), kPullPage, waitSeconds);
  std::lock_guard lock(shared.mu);
  try {
    out.pulled += replica.merge(shared.report, page.changes, page.lastSeq).applied;
  } catch (const InputError& e) {
    throw SyncError(std::string("the server sent a change this program refuses: ") + e.what(),
                    false);
  }
  if (!page.more) replica.setLastSyncMs(id, nowMs());
  return page.more;
}

SyncReport syncReport(Replica& replica, ServerConnection& server, OpenReport& report) {
  SyncReport out;
  SharedReport shared{{}, std::move(report)};
  auto pullAll = [&] {
    while (pullPage(replica, server, shared, 0, out)) {
    }
  };
  try {
    // Pull first: what arrives may show that this profile's actor is used elsewhere (a
    // copied profile), and then the unsent edits are re-issued under a fresh actor before
    // any of them is sent under the old one.
    pullAll();
    pushOutbox(replica, server, shared.report.id, out);
    pullAll();
  } catch (...) {
    report = std::move(shared.report);
    throw;
  }
  report = std::move(shared.report);
  return out;
}

ServerConnection connectFromProfile(Replica& replica) {
  auto login = replica.serverLogin();
  if (!login || login->token.empty())
    throw SyncError("not logged in: run reportsync-cli login URL USER first", false);
  return ServerConnection(login->url, login->token);
}

}  // namespace rs::core
