// core::convertToDocx with stand-ins for soffice on PATH: one that never finishes (stopped at
// the limit, or when cancelled, with its whole process group), one that fails, and none at all.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "../support/temp_dir.h"
#include "core/office_convert.h"
#include "util/errors.h"

namespace {

// Puts `dir` alone on PATH for the object's life.
class PathOnly {
 public:
  explicit PathOnly(const std::string& dir) : old_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    setenv("PATH", dir.c_str(), 1);
  }
  ~PathOnly() { setenv("PATH", old_.c_str(), 1); }

 private:
  std::string old_;
};

void script(const std::string& path, const std::string& body) {
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  chmod(path.c_str(), 0755);
}

std::string refusal(const std::string& bytes, int limitMs) {
  try {
    rs::core::convertToDocx(bytes, ".doc", limitMs);
  } catch (const rs::InputError& e) {
    return e.what();
  }
  return "";
}

// A stand-in soffice that never finishes, with a child that would outlive it, as soffice.bin
// does oosplash; the child writes its pid to child.pid.
void hangingSoffice(const rs::test::TempDir& dir) {
  script(dir.sub("soffice"),
         "/bin/sleep 600 & echo $! > " + dir.sub("child.pid") + "\nexec /bin/sleep 600");
}

// Whether the stand-in's child was stopped with the group: gone, or a zombie waiting for
// init (kill(0) succeeds then). A SIGKILLed process ends when it is next scheduled, which on
// a loaded machine can be a while after kill() returned: wait for that, up to 10 s (the
// case failed under load when it looked once, right after the kill).
bool childStopped(const rs::test::TempDir& dir) {
  int child = 0;
  std::ifstream(dir.sub("child.pid")) >> child;
  REQUIRE(child > 0);
  for (int tries = 0; tries < 1000; ++tries) {
    std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
    std::string pid, name, state;
    stat >> pid >> name >> state;
    if (state.empty() || state == "Z") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("convertToDocx: soffice that hangs is stopped at the limit with its children") {
  rs::test::TempDir dir;
  hangingSoffice(dir);
  PathOnly path(dir.path());
  std::string message = refusal("\xD0\xCF\x11\xE0", 300);
  CHECK(message.find("超过") != std::string::npos);
  CHECK(message.find("took longer") != std::string::npos);
  CHECK(childStopped(dir));
}

TEST_CASE("convertToDocx: cancelled from another thread, soffice and its children are stopped") {
  rs::test::TempDir dir;
  hangingSoffice(dir);
  PathOnly path(dir.path());
  std::atomic<bool> cancel = false;
  std::thread canceller([&] {
    // Once the stand-in runs (its child wrote its pid), as 取消 is pressed during a conversion.
    for (int i = 0, pid = 0; i < 1000 && pid <= 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::ifstream(dir.sub("child.pid")) >> pid;
    }
    cancel = true;
  });
  bool cancelled = false;
  try {
    rs::core::convertToDocx("\xD0\xCF\x11\xE0", ".doc", 30'000, &cancel);
  } catch (const rs::core::ConversionCancelled&) {
    cancelled = true;
  } catch (const std::exception& e) {
    MESSAGE("not cancelled: " << std::string(e.what()));  // stopped at the limit instead
  }
  canceller.join();
  CHECK(cancelled);
  CHECK(childStopped(dir));
}

TEST_CASE("convertToDocx: soffice that fails or writes nothing is refused with its output") {
  rs::test::TempDir dir;
  script(dir.sub("soffice"), "echo 'Error: source file could not be loaded' >&2; exit 1");
  PathOnly path(dir.path());
  std::string message = refusal("not a document", 60'000);
  CHECK(message.find("未能将该.doc 文件转换为 .docx") != std::string::npos);
  CHECK(message.find("source file could not be loaded") != std::string::npos);
}

TEST_CASE("convertToDocx: without soffice the message names the package") {
  rs::test::TempDir dir;
  PathOnly path(dir.path());
  std::string message = refusal("\xD0\xCF\x11\xE0", 60'000);
  CHECK(message.find("apt-get install libreoffice-writer-nogui") != std::string::npos);
}
