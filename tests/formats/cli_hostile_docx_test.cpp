// reportsync-cli import of crafted DOCX files (issue 14, case 8): a part nested tens of
// thousands of levels deep, and a small package that unpacks into millions of tiny
// elements. Each is refused with a message, nothing is stored, and the real process stays
// within a bounded peak memory. The files are built here with python3's zipfile.
#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../support/run_process.h"
#include "../support/temp_dir.h"

using rs::test::runProcess;
using rs::test::TempDir;

namespace {

const std::string kSample = std::string(RS_TEST_DATA_DIR) + "/hongjiang-gxj-2024-selfeval.txt";

// Writes PATH as a DOCX package whose word/document.xml is
// HEAD + OPEN * COUNT + CLOSE * COUNT + TAIL, streamed into the archive (python3 stays small
// whatever the size).
const char* kMakeDocx = R"PY(
import sys, zipfile
path, head, opening, closing, count, tail = sys.argv[1:4] + [sys.argv[5], int(sys.argv[4]), sys.argv[6]]
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    with z.open('word/document.xml', 'w', force_zip64=True) as f:
        f.write(head.encode())
        for body in (opening, closing):
            chunk = (body * 4096).encode()
            for _ in range(count // 4096): f.write(chunk)
            f.write((body * (count % 4096)).encode())
        f.write(tail.encode())
)PY";

const std::string kDocHead =
    R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
    "<w:body>";
const std::string kDocTail = "</w:body></w:document>";

void makeDocx(const std::string& path, const std::string& head, const std::string& opening,
              long count, const std::string& closing, const std::string& tail) {
  auto r = runProcess({"/usr/bin/python3", "-c", kMakeDocx, path, head, opening,
                       std::to_string(count), closing, tail});
  INFO("python3: " << r.err);
  REQUIRE(r.exitCode == 0);
}

struct Measured {
  int exitCode = -1;
  bool signaled = false;
  long peakKb = 0;
  std::string err;
};

// Runs `argv`, with stderr to a file, and measures the peak resident memory of that process
// alone (wait4's rusage).
Measured measure(const std::vector<std::string>& argv, const std::string& errPath) {
  pid_t pid = fork();
  if (pid == 0) {
    if (!freopen(errPath.c_str(), "w", stderr) || !freopen("/dev/null", "w", stdout)) _exit(126);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Measured m;
  m.signaled = WIFSIGNALED(status);
  m.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.peakKb = usage.ru_maxrss;
  m.err = runProcess({"/bin/cat", errPath}).out;
  return m;
}

std::string listed(const std::string& store) {
  return runProcess({RS_CLI_PATH, "--store", store, "list"}).out;
}

}  // namespace

TEST_CASE("CLI: a DOCX nested 70,000 levels deep is refused with a message, not a crash") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = runProcess({RS_CLI_PATH, "--store", store, "import", kSample}).out;
  REQUIRE(!id.empty());
  std::string before = listed(store);

  // 70,000 hyperlinks inside one paragraph, the next 70,000 tables inside one cell.
  makeDocx(dir.sub("deep.docx"), kDocHead + "<w:p>", "<w:hyperlink>", 70000, "</w:hyperlink>",
           "</w:p>" + kDocTail);
  makeDocx(dir.sub("deep-table.docx"), kDocHead, "<w:tbl><w:tr><w:tc>", 70000,
           "</w:tc></w:tr></w:tbl>", kDocTail);
  for (std::string name : {"deep.docx", "deep-table.docx"}) {
    CAPTURE(name);
    Measured m = measure({RS_CLI_PATH, "--store", store, "import", dir.sub(name)}, dir.sub("err"));
    INFO("stderr: " << m.err);
    CHECK_FALSE(m.signaled);
    CHECK(m.exitCode == 2);
    CHECK(m.err.find("嵌套过深") != std::string::npos);
  }
  CHECK(listed(store) == before);
}

TEST_CASE("CLI: a DOCX that unpacks into millions of tiny elements is refused in bounded memory") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = runProcess({RS_CLI_PATH, "--store", store, "import", kSample}).out;
  REQUIRE(!id.empty());
  std::string before = listed(store);

  // The issue's file: about 64 KB that unpacks to 63 MB of empty paragraphs; then one just
  // under the size limit (15 MB, 2.6 million elements), and one of attributes.
  makeDocx(dir.sub("bomb63.docx"), kDocHead, "<w:p/>", 63l * 1024 * 1024 / 6, "", kDocTail);
  makeDocx(dir.sub("bomb15.docx"), kDocHead, "<w:p/>", 15l * 1024 * 1024 / 6, "", kDocTail);
  makeDocx(dir.sub("attrs.docx"), kDocHead + "<w:p ", "a=\"\" ", 15l * 1024 * 1024 / 6, "",
           "/>" + kDocTail);
  // Budget for this test: the CLI opening a store and refusing the file takes ~20 MB.
  constexpr long kPeakLimitKb = 200 * 1024;
  for (std::string name : {"bomb63.docx", "bomb15.docx", "attrs.docx"}) {
    CAPTURE(name);
    Measured m = measure({RS_CLI_PATH, "--store", store, "import", dir.sub(name)}, dir.sub("err"));
    INFO("stderr: " << m.err);
    CHECK(m.exitCode == 2);
    CHECK((m.err.find("过大") != std::string::npos || m.err.find("过多") != std::string::npos));
    CHECK(m.peakKb < kPeakLimitKb);
    MESSAGE(name << ": peak RSS " << m.peakKb / 1024 << " MB");
  }
  CHECK(listed(store) == before);
}
