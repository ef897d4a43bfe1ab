// Export of a report to DOCX in the government document form (GB/T 9704): see
// layout_document.h for what is laid out and layout_styles.h for the fonts and page.
//
// The package is minimal but complete, so that Word, WPS and LibreOffice open it:
// [Content_Types].xml, _rels/.rels, word/document.xml, word/styles.xml, word/settings.xml,
// word/_rels/document.xml.rels, word/footer1.xml, docProps/core.xml and docProps/app.xml.
// The cover is its own section without a page number; the body's pages are numbered
// "- 1 -", "- 2 -" ... Headings carry their numbers as text (not Word list numbering), so
// that any reader shows them and docx_import.h reads them back.
#pragma once

#include <string>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::formats {

// The DOCX file's bytes. The same report always gives the same bytes.
std::string exportDocx(const report::ReportContent& report, const report::Template& tmpl);

}  // namespace rs::formats
