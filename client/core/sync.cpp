#include "core/sync.h"

#include <chrono>

#include "doc/change_codec.h"
#include "util/errors.h"

namespace rs::core {

namespace {

constexpr size_t kPushBatch = 5000;
constexpr uint64_t kPullPage = 5000;

int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void pushOutbox(Replica& replica, ServerConnection& server, const OpenReport& report,
                SyncReport& out) {
  std::vector<std::string> outbox = replica.outbox(report.id);
  for (size_t start = 0; start < outbox.size(); start += kPushBatch) {
    std::vector<std::string> batch(outbox.begin() + start,
                                   outbox.begin() + std::min(outbox.size(), start + kPushBatch));
    std::vector<PushOutcome> outcomes = server.push(report.id, batch);
    std::vector<doc::ChangeId> taken;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (outcomes[i].status == PushOutcome::kRejected) {
        out.refused.push_back(outcomes[i].reason);
      } else {
        taken.push_back(doc::peekChangeId(batch[i]));
      }
    }
    replica.acknowledge(report.id, taken);
    out.pushed += taken.size();
  }
}

}  // namespace

SyncReport syncReport(Replica& replica, ServerConnection& server, OpenReport& report) {
  SyncReport out;
  pushOutbox(replica, server, report, out);
  for (bool more = true; more;) {
    PullPage page = server.pull(report.id, replica.serverCursor(report.id), kPullPage, 0);
    try {
      out.pulled += replica.merge(report, page.changes, page.lastSeq).applied;
    } catch (const InputError& e) {
      throw SyncError(std::string("the server sent a change this program refuses: ") + e.what(),
                      false);
    }
    more = page.more;
  }
  replica.setLastSyncMs(report.id, nowMs());
  return out;
}

ServerConnection connectFromProfile(Replica& replica) {
  auto login = replica.serverLogin();
  if (!login || login->token.empty())
    throw SyncError("not logged in: run reportsync-cli login URL USER first", false);
  return ServerConnection(login->url, login->token);
}

}  // namespace rs::core
