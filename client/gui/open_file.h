// Files the window is given (on the command line, by a file manager, or through 导入):
// a .txt, .docx, .doc or .wps report is imported (core/import_file.h) as a new report of the
// built-in template; anything else is read as a bundle of changes and merged. No wx types: the
// model side.
#pragma once

#include <string>

#include "core/replica.h"

namespace rs::gui {

// Reads a whole file; throws runtime_error("cannot read PATH").
std::string readFileBytes(const std::string& path);

// Imports a .txt/.docx/.doc/.wps report (by extension, any case) into a new report and returns its
// id. Throws InputError for text or a document that is not a report of the template.
std::string importReportFile(core::Replica& replica, const std::string& path);

// A file given to the program: a report (.txt, .docx, .doc, .wps) is imported; anything else is
// read as a bundle and merged. Returns the report's id. Throws InputError (not a bundle, an
// unreadable report) or runtime_error.
std::string openGivenFile(core::Replica& replica, const std::string& path);

}  // namespace rs::gui
