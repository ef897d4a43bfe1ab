#include "live_reports.h"

#include "doc/change_codec.h"

namespace rs::server {

std::shared_ptr<LiveReport> LiveReports::get(const std::string& rawId) {
  std::shared_ptr<LiveReport> live;
  {
    std::lock_guard lock(mu_);
    auto& slot = reports_[rawId];
    if (!slot) slot = std::make_shared<LiveReport>();
    live = slot;
  }
  std::lock_guard lock(live->mu);
  if (!live->doc) {
    auto doc = std::make_unique<doc::Document>();
    store::Txn txn(store_.env(), store::Txn::kRead);
    // Stored changes were accepted in causal order, so they apply in server order.
    store_.scanChanges(txn, rawId, 0, [&](uint64_t, std::string_view bytes) {
      doc->apply(doc::decodeChange(bytes, doc->actors()));
      return true;
    });
    live->doc = std::move(doc);
  }
  return live;
}

void LiveReports::drop(const std::string& rawId) {
  std::lock_guard lock(mu_);
  reports_.erase(rawId);
}

void LiveReports::notify() {
  {
    std::lock_guard lock(waitMu_);
    ++generation_;
  }
  changed_.notify_all();
}

bool LiveReports::waitUntil(const std::function<bool()>& ready,
                            std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(waitMu_);
  while (!ready()) {
    uint64_t seen = generation_;
    if (!changed_.wait_until(lock, deadline, [&] { return generation_ != seen; })) return ready();
  }
  return true;
}

}  // namespace rs::server
