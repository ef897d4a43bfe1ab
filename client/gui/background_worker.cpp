#include "gui/background_worker.h"

#include <wx/app.h>
#include <wx/log.h>

#include "gui/ui_text.h"

namespace rs::gui {

BackgroundWorker::BackgroundWorker() : thread_([this] { run(); }) {}

BackgroundWorker::~BackgroundWorker() {
  std::deque<std::unique_ptr<Job>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);  // destroyed here, on the UI thread
  }
  wake_.notify_all();
  thread_.join();
}

void BackgroundWorker::post(wxWindow* owner, const std::string& kind, Work work) {
  auto job = std::make_unique<Job>();
  job->kind = kind;
  job->work = std::move(work);
  job->owner = owner;
  std::unique_ptr<Job> replaced;
  {
    std::lock_guard lock(mutex_);
    if (!kind.empty()) {
      for (auto& queued : queue_) {
        if (queued->kind == kind) {
          replaced = std::move(queued);
          queued = std::move(job);
          break;
        }
      }
    }
    if (job) queue_.push_back(std::move(job));
  }
  if (!replaced) ++outstanding_;
  wake_.notify_one();
}

void BackgroundWorker::run() {
  for (;;) {
    std::unique_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      job->done = job->work();
    } catch (const std::exception& e) {
      std::string what = e.what();
      job->done = [this, what] {  // runs only while the window, so this worker, exists
        if (onError)
          onError(what);
        else
          wxLogError("%s", errorText(what));
      };
    }
    job->work = nullptr;
    // Only a raw pointer crosses threads; the job (and its weak reference) is destroyed on
    // the UI thread. If the application quits before delivery, the job is leaked.
    Job* raw = job.release();
    BackgroundWorker* self = this;
    wxTheApp->CallAfter([raw, self] {
      std::unique_ptr<Job> owned(raw);
      if (owned->owner) {  // the window is still open, so its worker (self) is too
        --self->outstanding_;
        if (owned->done) owned->done();
      }
    });
  }
}

}  // namespace rs::gui
