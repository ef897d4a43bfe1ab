#include "gui/open_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/bundle.h"
#include "core/content_bridge.h"
#include "formats/docx_import.h"
#include "formats/text_import.h"
#include "report/template.h"

namespace rs::gui {

namespace {

std::string extensionOf(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext;
}

}  // namespace

std::string readFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string importReportFile(core::Replica& replica, const std::string& path) {
  std::string bytes = readFileBytes(path);
  report::Template tmpl = report::Template::newest("hunan-dept-selfeval");
  report::ReportContent content = extensionOf(path) == ".docx" ? formats::importDocx(bytes, tmpl)
                                                               : formats::importText(bytes, tmpl);
  return replica.create([&](doc::LocalEdit& e) { core::writeContent(e, content); }).id;
}

std::string openGivenFile(core::Replica& replica, const std::string& path) {
  std::string ext = extensionOf(path);
  if (ext == ".txt" || ext == ".docx") return importReportFile(replica, path);
  core::Bundle b = core::decodeBundle(readFileBytes(path));
  core::OpenReport r = replica.openOrEmpty(b.reportId);
  replica.merge(r, b.changes);
  return b.reportId;
}

}  // namespace rs::gui
