// The bytes of request bodies being read at once, under a ceiling: beyond it a request is
// refused (503, retryable) before its body is read, so bodies cannot exhaust memory.
#pragma once

#include <atomic>
#include <cstddef>

namespace rs::server {

class BodyBudget {
 public:
  explicit BodyBudget(size_t limitBytes) : limit_(limitBytes) {}

  // Holds its bytes of the budget until destroyed; empty (false) when refused.
  class Lease {
   public:
    Lease() = default;
    Lease(BodyBudget* b, size_t n) : budget_(b), bytes_(n) {}
    Lease(Lease&& o) noexcept : budget_(o.budget_), bytes_(o.bytes_) { o.budget_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (budget_) budget_->used_ -= bytes_;
    }
    explicit operator bool() const { return budget_ != nullptr; }

   private:
    BodyBudget* budget_ = nullptr;
    size_t bytes_ = 0;
  };

  // Reserves `bytes` while the returned lease lives; an empty lease when they would take
  // the budget over its limit (bytes).
  Lease take(size_t bytes) {
    size_t used = used_.load();
    do {
      if (used + bytes > limit_) return {};
    } while (!used_.compare_exchange_weak(used, used + bytes));
    return Lease(this, bytes);
  }
  size_t limit() const { return limit_; }

 private:
  const size_t limit_;
  std::atomic<size_t> used_{0};
};

// Large bodies (only from valid sessions) and small ones draw on separate budgets, so that
// a few large pushes never make small requests wait.
struct BodyBudgets {
  BodyBudget large, small;
};

}  // namespace rs::server
