#include "submission_places.h"

#include "formats/html_export.h"
#include "formats/layout_document.h"
#include "report/table_view.h"
#include "report/template.h"

namespace rs::server {

namespace {

constexpr char kCellPrefix[] = "表格 ";

// The heading the <article> prints for section `number` ("6.1"): its printed number
// (一、 （一） 1. （1）, formats::headingNumber) and its title.
std::string articleHeading(const std::string& number, const std::string& title) {
  int level = 1;
  for (char c : number) level += c == '.';
  size_t dot = number.rfind('.');
  int position = std::stoi(number.substr(dot == std::string::npos ? 0 : dot + 1));
  return formats::headingNumber(level, position) + title;
}

}  // namespace

std::vector<ReportPlace> placesOf(const report::ReportContent& content) {
  std::vector<ReportPlace> out;
  report::forEachSection(content.sections,
                         [&](const report::SectionContent& s, const std::string& number) {
                           out.push_back({"section:" + number, "章节 " + number + " " + s.title,
                                          articleHeading(number, s.title), ""});
                         });
  report::Template tmpl = report::Template::forReport(content.templateKey);
  for (const auto& [key, table] : content.tables) {
    report::TableView view = report::viewTable(tmpl, content, key);
    for (const report::BlockView& block : view.blocks)
      for (const report::RowView& row : block.rows)
        for (size_t k = 0; k < row.cells.size() && k < block.columns.size(); ++k) {
          std::string text;
          for (const std::string& v : row.cells[k].values) text += (text.empty() ? "" : " | ") + v;
          out.push_back(
              {"cell:" + key + "/" + block.key + "/" + row.key + "/" + block.columns[k].key,
               kCellPrefix + view.title + " / " + report::rowName(row) + " / " +
                   block.columns[k].title,
               view.title, text});
        }
  }
  return out;
}

std::string cellWhere(const ReportPlace& place) {
  return place.label.substr(std::string(kCellPrefix).size());
}

bool insertAfterHeading(std::string& article, const std::string& heading,
                        const std::string& block) {
  const std::string text = ">" + formats::htmlEscape(heading) + "</h";
  size_t at = article.find(text);
  if (at == std::string::npos) return false;
  size_t close = article.find('>', at + text.size());
  if (close == std::string::npos) return false;
  article.insert(close + 1, block);
  return true;
}

}  // namespace rs::server
