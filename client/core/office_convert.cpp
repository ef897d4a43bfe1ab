#include "core/office_convert.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "util/errors.h"

extern char** environ;

namespace rs::core {

namespace {

namespace fs = std::filesystem;

constexpr int kStopped = -2;
constexpr int kCancelled = -3;

// soffice on PATH, or "".
std::string findSoffice() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = std::min(dirs.find(':', start), dirs.size());
    std::string dir = dirs.substr(start, end - start);
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / "soffice";
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return "";
}

// A temporary directory removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "reportsync-convert-XXXXXX").string();
    require(mkdtemp(pattern.data()) != nullptr,
            "cannot create a temporary directory (无法创建临时目录)");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs argv in a process group of its own, output to `log`; stops the group after limitMs.
// Returns the exit status, kStopped when it was stopped, kCancelled when `cancel` was set
// meanwhile (the group killed), -1 when it died of a signal.
int runLimited(const std::vector<std::string>& args, const fs::path& log, int limitMs,
               const std::atomic<bool>* cancel) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  int failed = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  require(failed == 0,
          "cannot start LibreOffice (" + args[0] + ") (无法启动 LibreOffice（" + args[0] + "）)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limitMs);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    bool cancelled = cancel && cancel->load();
    if (cancelled || std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);  // soffice and the soffice.bin it starts
      waitpid(pid, &status, 0);
      return cancelled ? kCancelled : kStopped;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(-pid, SIGKILL);  // anything of the group left behind
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::string convertToDocx(const std::string& bytes, const std::string& extension, int limitMs,
                          const std::atomic<bool>* cancel) {
  std::string soffice = findSoffice();
  require(!soffice.empty(),
          "Cannot import a " + extension +
              " file: converting it needs LibreOffice, which is not installed (apt-get install "
              "libreoffice-writer-nogui), or save it as .docx in Word or WPS. (无法导入 " +
              extension +
              " 文件：需要 LibreOffice 将其转换为 .docx，但未安装 LibreOffice（请安装 "
              "libreoffice-writer-nogui：apt-get install libreoffice-writer-nogui），或在 Word/WPS "
              "中另存为 .docx 后导入。)");
  TempDir dir;
  fs::path input = dir.path() / ("report" + extension);
  std::ofstream(input, std::ios::binary) << bytes;
  fs::path out = dir.path() / "out";
  fs::create_directory(out);
  int status =
      runLimited({soffice, "-env:UserInstallation=file://" + (dir.path() / "profile").string(),
                  "--headless", "--convert-to", "docx", "--outdir", out.string(), input.string()},
                 dir.path() / "soffice.log", limitMs, cancel);
  if (status == kCancelled) throw ConversionCancelled();
  require(status != kStopped,
          "LibreOffice took longer than " + std::to_string(limitMs / 1000) + " s to convert the " +
              extension +
              " file and was stopped; save it as .docx in Word or WPS. (LibreOffice 转换" +
              extension + " 文件超过 " + std::to_string(limitMs / 1000) +
              " 秒，已停止；请在 Word/WPS 中另存为 .docx 后导入。)");
  std::string docx = readAll(out / "report.docx");
  require(status == 0 && !docx.empty(),
          "LibreOffice could not convert the " + extension + " file to .docx: " +
              readAll(dir.path() / "soffice.log").substr(0, 300) + " (LibreOffice 未能将该" +
              extension + " 文件转换为 .docx：文件可能已损坏，或不是 Word/WPS 文档)");
  return docx;
}

}  // namespace rs::core
