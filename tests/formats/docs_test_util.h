// Helpers for the document export tests: the sample as a report, temporary files, and
// running an independent reader (python3-docx, pdftotext) on what was written.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "formats/text_import.h"
#include "report/report_content.h"
#include "report/template.h"
#include "sample_data.h"

namespace docs_test {

inline const rs::report::Template& tmpl() {
  static const rs::report::Template t = rs::report::Template::builtin("hunan-dept-selfeval");
  return t;
}

inline const rs::report::ReportContent& sample() {
  static const rs::report::ReportContent r = rs::formats::importText(sampleText(), tmpl());
  return r;
}

// A file in a fresh temporary directory, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& name) {
    std::string pattern = (std::filesystem::temp_directory_path() / "rs-docs-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    path_ = dir_ + "/" + name;
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }
  void write(const std::string& bytes) const { std::ofstream(path_, std::ios::binary) << bytes; }

 private:
  std::string dir_, path_;
};

struct CommandResult {
  int status = -1;
  std::string output;
};

// Runs a shell command and returns its exit status and standard output.
inline CommandResult run(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
  int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::vector<std::string> split(const std::string& s, char by) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(by, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// Converts dir/file with LibreOffice headless (`soffice --convert-to target`, e.g. "docx",
// "doc") into outDir (default dir), with a profile of its own so parallel runs and a user's
// LibreOffice do not meet; returns the command's result (its output holds soffice's messages).
inline CommandResult convertWithLibreOffice(const std::string& dir, const std::string& file,
                                            const std::string& target, std::string outDir = "") {
  if (outDir.empty()) outDir = dir;
  return run("mkdir -p " + outDir + " && cd " + dir +
             " && timeout 300 soffice -env:UserInstallation=file://" + dir +
             "/profile --headless --convert-to " + target + " --outdir " + outDir + " " + file +
             " 2>&1");
}

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every section title of a report, depth first.
inline std::vector<std::string> sectionTitles(const rs::report::ReportContent& r) {
  std::vector<std::string> out;
  rs::report::forEachSection(r.sections, [&](const rs::report::SectionContent& s,
                                             const std::string&) { out.push_back(s.title); });
  return out;
}

}  // namespace docs_test
