// Word files older than .docx (.doc, and WPS Office's .wps) converted to .docx by
// LibreOffice (`soffice --headless --convert-to docx`), an optional dependency
// (libreoffice-writer-nogui), so that the DOCX importer reads them.
#pragma once

#include <string>

namespace rs::core {

// The longest a conversion may take before it is stopped (ms). LibreOffice's first start
// with a fresh profile takes a few seconds; a .doc of a report converts in under one.
constexpr int kOfficeConvertLimitMs = 120'000;

// The .docx bytes of the document `bytes`, whose file name ends in `extension` (".doc",
// ".wps"). LibreOffice runs in a temporary directory of its own (profile included), removed
// afterwards, in a process group stopped after `limitMs`. Throws rs::InputError, in Chinese
// and English, when soffice is not installed (naming the package), when it fails or gives
// no .docx, or when it takes longer than the limit.
std::string convertToDocx(const std::string& bytes, const std::string& extension,
                          int limitMs = kOfficeConvertLimitMs);

}  // namespace rs::core
