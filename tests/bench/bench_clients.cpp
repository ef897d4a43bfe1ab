#include "bench_clients.h"

#include <sys/resource.h>

#include <algorithm>

#include "bench_util.h"
#include "doc/change_codec.h"
#include "doc/history_apply.h"
#include "doc/local_edit.h"

namespace rs::bench {

crdt::ActorId clientActor(int i) {
  crdt::ActorId a{};
  a[0] = uint8_t(1 + (i >> 8));
  a[1] = uint8_t(i & 0xff);
  a[15] = 0xbe;
  return a;
}

crdt::ActorId reportActor(int r, uint8_t tag) {
  crdt::ActorId a{};
  a[0] = tag;
  a[1] = uint8_t(r >> 8);
  a[2] = uint8_t(r & 0xff);
  return a;
}

bool Client::pull(core::ServerConnection& c, int wait) {
  core::PullPage page = c.pull(report, cursor, 5000, wait);
  ++requests;
  errors += doc::applyHistory(doc, page.changeHistory).missing.size();
  cursor = page.lastSeq;
  return page.more;
}

void Client::catchUp(core::ServerConnection& c) {
  while (pull(c, 0)) {
  }
}

void Client::typeAndPush(core::ServerConnection& c) {
  doc::OpId s = *doc.sectionByNumber({section + 1});
  doc::LocalEdit e(doc, clientActor(number), "client", 0);
  e.insertText(s, 0, U"[" + std::u32string(1, U'a' + number % 26) + U"]");
  std::string bytes = doc::encodeChange(e.finish(), doc.actors());
  ++made;
  auto t0 = Clock::now();
  auto outcome = c.push(report, {bytes});
  latenciesMs.push_back(msSince(t0));
  ++requests;
  if (outcome[0].status != core::PushOutcome::kAccepted) ++errors;
}

void Client::syncUntil(const std::string& url, const std::string& token, Clock::time_point end,
                       std::mt19937& rng, int intervalMs) {
  core::ServerConnection c(url, token);
  catchUp(c);
  if (intervalMs <= 0) {
    while (Clock::now() < end) {
      typeAndPush(c);
      catchUp(c);
    }
    return;
  }
  // People do not type in step: the first change comes at a random point.
  auto nextEdit = Clock::now() + std::chrono::milliseconds(rng() % intervalMs);
  while (Clock::now() < end) {
    if (Clock::now() >= nextEdit) {
      typeAndPush(c);
      nextEdit += std::chrono::milliseconds(intervalMs);
    }
    // As the worker: long-poll while there is nothing to send. The program's poll ends at
    // most kPollSeconds later; an edit typed meanwhile goes out after it.
    while (pull(c, kPollSeconds)) {
    }
  }
  catchUp(c);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * (v.size() - 1) + 0.5))];
}

std::vector<std::string> shareReports(core::ServerConnection& c, int reports, int perReport) {
  std::vector<std::string> ids;
  for (int r = 0; r < reports; ++r) {
    ids.push_back(crdt::toHex(reportActor(r, 0x77)));
    c.share(ids.back());
    doc::Document setup;
    doc::LocalEdit e(setup, reportActor(r, 0xee), "office", 0);
    for (int i = 0; i < perReport; ++i) e.createSection(std::nullopt, i, "section");
    c.push(ids.back(), {doc::encodeChange(e.finish(), setup.actors())});
  }
  return ids;
}

void raiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace rs::bench
