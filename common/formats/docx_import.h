// Import of a DOCX report: headings, prose and tables of a report in the government
// document form (this program's exports included, see docx_export.h) become a report.
//
// The document is read into the text form (text_import.h) and parsed by importText(), so
// that both imports place sections and table cells by the same rules: each paragraph is a
// line; each table row is a row of cells, a cell's paragraphs its lines. Numbers produced
// by Word's list numbering are not text and are not seen. Computed figures the export
// filled in (docx::kComputedStyle) are dropped again.
#pragma once

#include <string>
#include <string_view>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::formats {

// The text form of a DOCX file's body. Throws rs::InputError when the bytes are not a DOCX
// file (not a ZIP package, no word/document.xml, XML that does not parse).
// The package's word/document.xml is refused unless it is within the limits of
// docx_part_reader.h (size, element count, depth), before anything is walked.
std::string docxToText(std::string_view bytes);

// The text form of the bytes of a word/document.xml (the XML walker of docxToText). Throws
// rs::InputError as docxToText does.
std::string documentXmlToText(std::string xml);

// Parses a DOCX report. Throws rs::InputError (TextImportError when the document is a
// DOCX file but not a report of this template). Nothing has been created.
report::ReportContent importDocx(std::string_view bytes, const report::Template& tmpl);

// True when the bytes start like a ZIP package (a DOCX file).
bool looksLikeZip(std::string_view bytes);

}  // namespace rs::formats
