// Export of a report to one self-contained HTML page (inline CSS, no scripts, no external
// resources) for the bureau's pages and for public disclosure (政务公开): readable on a
// phone (viewport, text that reflows, tables that scroll sideways), every text escaped.
// It shows the layout of layout_document.h: title, numbered headings, prose, the tables.
#pragma once

#include <string>
#include <string_view>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::formats {

// A complete document, <!DOCTYPE html> to </html>.
std::string exportHtml(const report::ReportContent& report, const report::Template& tmpl);

// The report's content only (an <article>), to embed in another page; the page then needs
// htmlStyle() in its <style>.
std::string exportHtmlArticle(const report::ReportContent& report, const report::Template& tmpl);
std::string_view htmlStyle();

// Text escaped for HTML content and attribute values (& < > " ').
std::string htmlEscape(std::string_view text);

}  // namespace rs::formats
