// reportsync-cli export --format docx|pdf|html and import FILE.docx, end to end.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "../support/run_process.h"
#include "../support/temp_dir.h"

using rs::test::runProcess;
using rs::test::TempDir;

namespace {

const std::string kSample = std::string(RS_TEST_DATA_DIR) + "/hongjiang-gxj-2024-selfeval.txt";

rs::test::ProcessResult cli(const std::string& store, std::vector<std::string> args) {
  args.insert(args.begin(), {RS_CLI_PATH, "--store", store});
  return runProcess(args);
}

std::string ok(const std::string& store, std::vector<std::string> args) {
  auto r = cli(store, args);
  INFO("stderr: " << r.err);
  REQUIRE(r.exitCode == 0);
  std::string out = r.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("CLI: export the sample as DOCX, PDF and HTML; the DOCX imports as the same report") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = ok(store, {"import", kSample});
  ok(store, {"export", id, "--format", "docx", "--out", dir.sub("r.docx")});
  ok(store, {"export", id, "--format", "pdf", "--out", dir.sub("r.pdf")});
  ok(store, {"export", id, "--format", "html", "--out", dir.sub("r.html")});
  CHECK(readFile(dir.sub("r.docx")).substr(0, 2) == "PK");
  CHECK(readFile(dir.sub("r.pdf")).substr(0, 5) == "%PDF-");
  CHECK(readFile(dir.sub("r.html")).find("十、其他需要说明的情况") != std::string::npos);

  std::string again = ok(store, {"import", dir.sub("r.docx")});
  CHECK(again != id);
  CHECK(ok(store, {"show", again, "--json"}) == ok(store, {"show", id, "--json"}));
}

TEST_CASE("CLI: unknown formats and files that are not DOCX reports are refused") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = ok(store, {"import", kSample});
  auto r = cli(store, {"export", id, "--format", "odt", "--out", dir.sub("r.odt")});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("docx, pdf, html, txt") != std::string::npos);

  std::ofstream(dir.sub("fake.docx")) << "not a zip";
  r = cli(store, {"import", dir.sub("fake.docx")});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("不是 DOCX 文件") != std::string::npos);
  std::ofstream(dir.sub("old.doc")) << "binary word";
  r = cli(store, {"import", dir.sub("old.doc")});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find(".docx") != std::string::npos);
  CHECK(ok(store, {"list"}).find(id) == 0);  // nothing else was created
  CHECK(ok(store, {"list"}).find('\n') == std::string::npos);
}
