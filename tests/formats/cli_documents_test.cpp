// reportsync-cli export --format docx|pdf|html and import FILE.docx, end to end.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
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

// The store's data file, byte for byte (lock.mdb holds readers' slots, not data).
std::string storeBytes(const std::string& store) {
  return readFile(store + "/data.mdb");
}

// soffice --convert-to in dir, with a profile of its own.
bool libreOfficeConvert(const std::string& dir, const std::string& file, const std::string& to) {
  return runProcess({"/bin/sh", "-c",
                     "cd '" + dir + "' && timeout 300 soffice -env:UserInstallation=file://" + dir +
                         "/profile --headless --convert-to " + to + " " + file})
             .exitCode == 0;
}

}  // namespace

TEST_CASE(
    "CLI: import --dry-run prints what lands where and stores nothing, and import prints it too") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = ok(store, {"import", kSample});
  std::string before = storeBytes(store), list = ok(store, {"list"});
  REQUIRE(!before.empty());
  auto dry = cli(store, {"import", "--dry-run", kSample});
  INFO(dry.err);
  REQUIRE(dry.exitCode == 0);
  CHECK(dry.out.find("未保存") != std::string::npos);
  CHECK(dry.out.find("    （一）部门（单位）基本情况  165字\n") != std::string::npos);
  CHECK(dry.out.find("  十、其他需要说明的情况  1字\n") != std::string::npos);
  CHECK(dry.out.find("  部门整体支出绩效自评表  26行，填写114格\n") != std::string::npos);
  CHECK(storeBytes(store) == before);
  CHECK(ok(store, {"list"}) == list);
  // A normal import: the id on stdout, the same summary on stderr.
  auto real = cli(store, {"import", kSample});
  REQUIRE(real.exitCode == 0);
  CHECK(real.out.size() == id.size() + 1);
  CHECK(dry.out.substr(dry.out.find('\n') + 1) == real.err);
}

TEST_CASE("CLI: a document that does not fit is refused (exit 2) and the store is untouched") {
  TempDir dir;
  std::string store = dir.sub("office");
  ok(store, {"import", kSample});
  std::string before = storeBytes(store);
  std::ofstream(dir.sub("other.txt"))
      << "2024年度某局整体支出绩效自评报告\n一、摘要\n全年工作良好。\n二、部门概况\n职工25人。\n";
  for (std::vector<std::string> args : {std::vector<std::string>{"import", dir.sub("other.txt")},
                                        {"import", "--dry-run", dir.sub("other.txt")}}) {
    auto r = cli(store, args);
    CHECK(r.exitCode == 2);
    CHECK(r.err.find("未找到“三、政府性基金预算支出情况”") != std::string::npos);
    CHECK(r.err.find("文档中的一级标题：一、摘要；二、部门概况") != std::string::npos);
  }
  CHECK(storeBytes(store) == before);
}

TEST_CASE("CLI: a .doc (and .wps) made by LibreOffice from our DOCX imports as the same report") {
  // The .doc is what `soffice --convert-to doc` makes of our export (Word 97 binary); the
  // .wps is the same file under WPS Office's name. Before: refused ("save it as .docx").
  REQUIRE(runProcess({"/bin/sh", "-c", "command -v soffice"}).exitCode == 0);
  TempDir dir;
  std::string store = dir.sub("office");
  std::string id = ok(store, {"import", kSample});
  ok(store, {"export", id, "--format", "docx", "--out", dir.sub("r.docx")});
  REQUIRE(libreOfficeConvert(dir.path(), "r.docx", "doc"));
  std::string doc = readFile(dir.sub("r.doc"));
  REQUIRE(doc.substr(0, 4) == "\xD0\xCF\x11\xE0");  // an OLE compound file, not a ZIP
  std::ofstream(dir.sub("r.wps"), std::ios::binary) << doc;
  std::string json = ok(store, {"show", id, "--json"});
  for (const char* file : {"r.doc", "r.wps"}) {
    std::string again = ok(store, {"import", dir.sub(file)});
    CHECK(ok(store, {"show", again, "--json"}) == json);
    CHECK(ok(store, {"table", again, "dept-eval"}) == ok(store, {"table", id, "dept-eval"}));
  }
}

TEST_CASE("CLI: a .doc without LibreOffice installed is refused naming the package") {
  TempDir dir;
  std::string store = dir.sub("office");
  std::ofstream(dir.sub("old.doc")) << "\xD0\xCF\x11\xE0 binary word";
  auto r = runProcess({"/usr/bin/env", "PATH=" + dir.path(), RS_CLI_PATH, "--store", store,
                       "import", dir.sub("old.doc")});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("libreoffice-writer-nogui") != std::string::npos);
  CHECK(r.err.find("未安装 LibreOffice") != std::string::npos);
  CHECK(ok(store, {"list"}).empty());
}

TEST_CASE("CLI: export the sample as DOCX, PDF and HTML, and the DOCX imports as the same report") {
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
  std::ofstream(dir.sub("notes.odt")) << "binary word";
  r = cli(store, {"import", dir.sub("notes.odt")});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find(".txt, .docx, .doc or .wps") != std::string::npos);
  CHECK(ok(store, {"list"}).find(id) == 0);  // nothing else was created
  CHECK(ok(store, {"list"}).find('\n') == std::string::npos);
}
