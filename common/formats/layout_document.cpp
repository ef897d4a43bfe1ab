#include "formats/layout_document.h"

#include "report/labels.h"

namespace rs::formats {

namespace {

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

void layoutSections(const std::vector<report::SectionContent>& sections, int level,
                    std::vector<LayoutParagraph>& out) {
  for (size_t i = 0; i < sections.size(); ++i) {
    const auto& s = sections[i];
    out.push_back({level, headingNumber(level, static_cast<int>(i) + 1), s.title});
    size_t start = 0;
    while (start < s.body.size()) {
      size_t end = std::min(s.body.find('\n', start), s.body.size());
      std::string paragraph = s.body.substr(start, end - start);
      if (!paragraph.empty()) out.push_back({0, "", std::move(paragraph)});
      start = end + 1;
    }
    layoutSections(s.children, level + 1, out);
  }
}

// "2024年度洪江市工业和信息化局整体支出绩效自评报告" is printed on two lines: the department,
// then what the report is (the template's title).
std::vector<std::string> splitTitle(const std::string& title, const report::Template& tmpl) {
  std::string suffix = str(tmpl.root().getTitle());
  if (!suffix.empty() && title.size() > suffix.size() &&
      title.compare(title.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return {title.substr(0, title.size() - suffix.size()), suffix};
  }
  return {title};
}

}  // namespace

std::string headingNumber(int level, int position) {
  if (level == 3) return std::to_string(position) + ".";
  return report::outlineNumber(level, position);
}

LayoutDocument layoutReport(const report::ReportContent& report, const report::Template& tmpl) {
  LayoutDocument doc;
  doc.title = report.title;
  doc.titleLines = splitTitle(report.title, tmpl);
  for (auto cover : tmpl.root().getCoverLines()) {
    std::string line = str(cover);
    // "单位名称（盖章）：" names the department; the seal goes over it.
    if (line.size() >= 3 && line.compare(line.size() - 3, 3, "：") == 0) line += report.dept;
    doc.coverLines.push_back(std::move(line));
  }
  layoutSections(report.sections, 1, doc.body);
  doc.tables = layoutTables(report, tmpl);
  return doc;
}

}  // namespace rs::formats
