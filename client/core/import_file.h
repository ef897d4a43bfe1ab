// A report file as the program imports it, whatever kind it is: the text form (.txt),
// .docx (any ZIP package), or .doc / .wps converted by LibreOffice (office_convert.h);
// and the summary of what an import places where.
#pragma once

#include <atomic>
#include <string>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::core {

// The report in a file's bytes; `path` names the file (its extension picks the reader).
// Throws rs::InputError (formats::TextImportError for a file that is not a report of the
// template, or does not fit it): nothing has been created. `cancel` (may be null) stops a
// LibreOffice conversion once set (ConversionCancelled, office_convert.h).
report::ReportContent importReportBytes(const std::string& path, const std::string& bytes,
                                        const report::Template& tmpl,
                                        const std::atomic<bool>* cancel = nullptr);

// Whether importing the file runs LibreOffice first (.doc, .wps; any case).
bool needsConversion(const std::string& path);

// True when the file name's extension is one importReportBytes() reads (.txt, .text, .docx,
// .doc, .wps; any case).
bool isReportFileName(const std::string& path);

// What an import places where, one line each, for people: the title, year and department;
// each section (outline number, title) with its characters (code points, line breaks not
// counted) or 未填写; each table with its rows and filled cells; sections that are not the
// template's (kept as added sections).
std::string importSummary(const report::ReportContent& report, const report::Template& tmpl);

}  // namespace rs::core
