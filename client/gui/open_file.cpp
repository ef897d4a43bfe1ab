#include "gui/open_file.h"

#include <fstream>
#include <iterator>

#include "core/bundle.h"
#include "core/import_file.h"
#include "docreport/content_bridge.h"
#include "report/template.h"

namespace rs::gui {

std::string readFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string importReportFile(core::Replica& replica, const std::string& path) {
  std::string bytes = readFileBytes(path);
  report::Template tmpl = report::Template::newest("hunan-dept-selfeval");
  report::ReportContent content = core::importReportBytes(path, bytes, tmpl);
  return replica.create([&](doc::LocalEdit& e) { core::writeContent(e, content); }).id;
}

std::string openGivenFile(core::Replica& replica, const std::string& path) {
  if (core::isReportFileName(path)) return importReportFile(replica, path);
  core::Bundle b = core::decodeBundle(readFileBytes(path));
  core::OpenReport r = replica.openOrEmpty(b.reportId);
  replica.merge(r, b.changes);
  return b.reportId;
}

}  // namespace rs::gui
