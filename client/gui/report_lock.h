// The open report, shared with the sync worker (core::SharedReport): the worker merges
// pulled changes under its mutex, so the window holds that mutex whenever it reads or
// changes the document. On the UI thread the lock nests (a handler that locks may call
// another that locks too). It is held only for the work itself: never across a dialog,
// a wait, or a call to the server.
#pragma once

#include <memory>

#include "core/sync.h"

namespace rs::gui {

class SharedDoc {
 public:
  SharedDoc() : shared_(std::make_shared<core::SharedReport>()) {}
  SharedDoc(const SharedDoc&) = delete;
  SharedDoc& operator=(const SharedDoc&) = delete;

  const std::shared_ptr<core::SharedReport>& shared() const { return shared_; }
  core::OpenReport& report() { return shared_->report; }

  // UI thread only.
  class Lock {
   public:
    explicit Lock(SharedDoc& d) : d_(d) {
      if (d_.depth_++ == 0) d_.shared_->mu.lock();
    }
    ~Lock() {
      if (--d_.depth_ == 0) d_.shared_->mu.unlock();
    }
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

   private:
    SharedDoc& d_;
  };
  bool locked() const { return depth_ > 0; }

 private:
  std::shared_ptr<core::SharedReport> shared_;
  int depth_ = 0;
};

}  // namespace rs::gui
