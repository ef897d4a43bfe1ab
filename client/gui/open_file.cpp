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
  if (!in) throw std::runtime_error("无法读取文件 / cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

report::Template importTemplate() {
  return report::Template::newest("hunan-dept-selfeval");
}

report::ReportContent readReportFile(const std::string& path, const report::Template& tmpl,
                                     const std::atomic<bool>* cancel) {
  return core::importReportBytes(path, readFileBytes(path), tmpl, cancel);
}

std::string storeReport(core::Replica& replica, const report::ReportContent& content) {
  return replica.create([&](doc::LocalEdit& e) { core::writeContent(e, content); }).id;
}

std::string importReportFile(core::Replica& replica, const std::string& path) {
  return storeReport(replica, readReportFile(path, importTemplate()));
}

std::string openGivenFile(core::Replica& replica, const std::string& path) {
  if (core::isReportFileName(path)) return importReportFile(replica, path);
  core::Bundle b = core::decodeBundle(readFileBytes(path));
  core::OpenReport r = replica.openOrEmpty(b.reportId);
  replica.mergeHistory(r, b.history);
  return b.reportId;
}

}  // namespace rs::gui
