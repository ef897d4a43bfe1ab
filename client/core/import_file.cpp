#include "core/import_file.h"

#include <algorithm>
#include <filesystem>

#include "core/office_convert.h"
#include "formats/docx_import.h"
#include "formats/text_import.h"
#include "report/labels.h"
#include "report/table_order.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::core {

namespace {

std::string extensionOf(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

size_t characters(const std::string& text) {
  auto u = utf8ToU32(text);
  return static_cast<size_t>(
      std::count_if(u.begin(), u.end(), [](char32_t c) { return c != '\n'; }));
}

}  // namespace

bool isReportFileName(const std::string& path) {
  std::string ext = extensionOf(path);
  return ext == ".txt" || ext == ".text" || ext == ".docx" || ext == ".doc" || ext == ".wps";
}

bool needsConversion(const std::string& path) {
  std::string ext = extensionOf(path);
  return ext == ".doc" || ext == ".wps";
}

report::ReportContent importReportBytes(const std::string& path, const std::string& bytes,
                                        const report::Template& tmpl,
                                        const std::atomic<bool>* cancel) {
  std::string ext = extensionOf(path);
  if (needsConversion(path)) {
    require(!bytes.empty(), "the file is empty (不是报告：文件是空的)");
    if (formats::looksLikeZip(bytes)) return formats::importDocx(bytes, tmpl);  // renamed .docx
    return formats::importDocx(convertToDocx(bytes, ext, kOfficeConvertLimitMs, cancel), tmpl);
  }
  if (ext == ".docx" || formats::looksLikeZip(bytes)) return formats::importDocx(bytes, tmpl);
  require(ext == ".txt" || ext == ".text",
          "import reads a report as .txt, .docx, .doc or .wps: " + path +
              " (只能导入 .txt、.docx、.doc 或 .wps 格式的报告)");
  return formats::importText(bytes, tmpl);
}

std::string importSummary(const report::ReportContent& report, const report::Template& tmpl) {
  std::string out = "报告：" + report.title + "（" + std::to_string(report.year) + "年度，" +
                    report.dept + "）\n章节：\n";
  std::vector<std::string> added;
  report::forEachSection(
      report.sections, [&](const report::SectionContent& s, const std::string& number) {
        int level = static_cast<int>(std::count(number.begin(), number.end(), '.')) + 1;
        int position = std::stoi(
            number.substr(number.rfind('.') == std::string::npos ? 0 : number.rfind('.') + 1));
        std::string heading = report::outlineNumber(level, position) + s.title;
        size_t n = characters(s.body);
        out += std::string(2 * level, ' ') + heading + "  " +
               (n > 0                ? std::to_string(n) + "字"
                : s.children.empty() ? "未填写"
                                     : "—") +
               "\n";
        if (s.templateKey.empty()) added.push_back(heading);
      });
  out += "表格：\n";
  for (const report::TableContent* table : report::tablesInOrder(tmpl, report)) {
    size_t filled = 0;
    for (const auto& row : table->rows) {
      for (const auto& [column, cell] : row.cells) filled += cell.empty() ? 0 : 1;
    }
    out += "  " +
           (table->title.empty() ? std::string(tmpl.tableOf(*table)->getTitle().cStr())
                                 : table->title) +
           "  " + std::to_string(table->rows.size()) + "行，" +
           (filled > 0 ? "填写" + std::to_string(filled) + "格" : std::string("未填写")) + "\n";
  }
  if (!added.empty()) {
    out += "模板之外的章节（作为新增小节保留）：";
    for (size_t i = 0; i < added.size(); ++i) out += (i ? "、" : "") + added[i];
    out += "\n";
  }
  return out;
}

}  // namespace rs::core
