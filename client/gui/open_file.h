// Files the window is given (on the command line, by a file manager, or through 导入):
// a .txt, .docx, .doc or .wps report is imported (core/import_file.h) as a new report of the
// built-in template; anything else is read as a bundle of changes and merged. No wx types: the
// model side.
#pragma once

#include <atomic>
#include <string>

#include "core/replica.h"
#include "report/report_content.h"
#include "report/template.h"

namespace rs::gui {

// Reads a whole file; throws runtime_error("无法读取文件 / cannot read PATH").
std::string readFileBytes(const std::string& path);

// The built-in template a report file is imported into (the newest version installed).
report::Template importTemplate();

// The report in a .txt/.docx/.doc/.wps file (by extension, any case), read and converted
// without touching a store, so it may run on a worker thread. Throws runtime_error (cannot
// read), InputError (not a report of `tmpl`), or core::ConversionCancelled once `cancel` is
// set during a LibreOffice conversion.
report::ReportContent readReportFile(const std::string& path, const report::Template& tmpl,
                                     const std::atomic<bool>* cancel = nullptr);

// `content` as a new report of the replica (UI thread); returns its id.
std::string storeReport(core::Replica& replica, const report::ReportContent& content);

// Imports a .txt/.docx/.doc/.wps report into a new report at once and returns its id (the
// two steps above). Throws as readReportFile.
std::string importReportFile(core::Replica& replica, const std::string& path);

// A file given to the program: a report (.txt, .docx, .doc, .wps) is imported; anything else is
// read as a bundle and merged. Returns the report's id. Throws InputError (not a bundle, an
// unreadable report) or runtime_error.
std::string openGivenFile(core::Replica& replica, const std::string& path);

}  // namespace rs::gui
