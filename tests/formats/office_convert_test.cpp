// core::convertToDocx with stand-ins for soffice on PATH: one that never finishes (stopped at
// the limit, its whole process group), one that fails, and none at all.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>

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

}  // namespace

TEST_CASE("convertToDocx: soffice that hangs is stopped at the limit with its children") {
  rs::test::TempDir dir;
  // A child that would outlive its parent, as soffice.bin does oosplash; it writes its pid.
  script(dir.sub("soffice"),
         "/bin/sleep 600 & echo $! > " + dir.sub("child.pid") + "\nexec /bin/sleep 600");
  PathOnly path(dir.path());
  std::string message = refusal("\xD0\xCF\x11\xE0", 300);
  CHECK(message.find("超过") != std::string::npos);
  CHECK(message.find("took longer") != std::string::npos);
  int child = 0;
  std::ifstream(dir.sub("child.pid")) >> child;
  REQUIRE(child > 0);
  // Stopped with the group: gone, or a zombie waiting for init (kill(0) succeeds then).
  std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
  std::string pid, name, state;
  stat >> pid >> name >> state;
  CHECK((state.empty() || state == "Z"));
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
