// The places of a submitted report that a reviewer can comment on (issue 17): every section
// by its outline number and every table cell by its template keys, each with the name a
// person finds it by. Also where the bureau's page shows a place's comments in the report's
// stored <article>.
#pragma once

#include <string>
#include <vector>

#include "report/report_content.h"

namespace rs::server {

struct ReportPlace {
  std::string key;      // "section:6.1" or "cell:TABLE/BLOCK/ROW/COLUMN" (template keys)
  std::string label;    // "章节 6.1 …" or "表格 TABLE TITLE / ROW NAME / COLUMN TITLE"
  std::string heading;  // the <article>'s heading of the section, or the table's title
  std::string text;     // a cell's values as written, " | " between conflicting ones
  bool isCell() const { return key.rfind("cell:", 0) == 0; }
};

// Sections depth first, then each table's cells in template order.
std::vector<ReportPlace> placesOf(const report::ReportContent& content);

// The label of a cell place without its "表格 " prefix (the diff's place of a cell).
std::string cellWhere(const ReportPlace& place);

// Inserts `block` (HTML) into `article` (formats::exportHtmlArticle) right after the first
// heading element whose text is `heading` (unescaped). False when there is none.
bool insertAfterHeading(std::string& article, const std::string& heading, const std::string& block);

}  // namespace rs::server
