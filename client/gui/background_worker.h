// One background thread for work that must not hold up the window (checks, computed
// tables). A job runs on the thread and returns what to do with its result on the UI
// thread; that continuation is delivered through wxTheApp->CallAfter and runs only if the
// window it was posted for still exists (a wxWeakRef, created, checked and destroyed on
// the UI thread only; the worker thread never touches it).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <wx/weakref.h>
#include <wx/window.h>

namespace rs::gui {

class BackgroundWorker {
 public:
  using Continuation = std::function<void()>;
  using Work = std::function<Continuation()>;

  BackgroundWorker();
  // Drops queued jobs and waits for the running one; its continuation is still queued
  // and then finds its window gone.
  ~BackgroundWorker();
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // From the UI thread. A queued job with the same non-empty `kind` that has not started
  // is replaced: only the latest request for the same thing is worth doing.
  void post(wxWindow* owner, const std::string& kind, Work work);

  // On the UI thread, with a job's exception text, when its window still exists (the main
  // window puts it in the notice bar rather than a modal box; unset: a wxLogError box).
  std::function<void(const std::string& what)> onError;

  // Jobs posted and not yet delivered (for tests: "wait until the checks are back").
  int outstanding() const { return outstanding_; }

 private:
  struct Job {
    std::string kind;
    Work work;
    Continuation done;
    wxWeakRef<wxWindow> owner;  // UI thread only
  };
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Job>> queue_;
  bool stopping_ = false;
  int outstanding_ = 0;  // UI thread only
  std::thread thread_;
};

}  // namespace rs::gui
