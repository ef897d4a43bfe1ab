// Word files older than .docx (.doc, and WPS Office's .wps) converted to .docx by
// LibreOffice (`soffice --headless --convert-to docx`), an optional dependency
// (libreoffice-writer-nogui), so that the DOCX importer reads them.
#pragma once

#include <atomic>
#include <stdexcept>
#include <string>

namespace rs::core {

// Thrown by convertToDocx() when its `cancel` flag was set (取消): soffice and its children
// were stopped, nothing was converted. Not an InputError: the file may be fine.
class ConversionCancelled : public std::runtime_error {
 public:
  ConversionCancelled() : std::runtime_error("导入已取消 / the import was cancelled") {}
};

// The longest a conversion may take before it is stopped (ms). LibreOffice's first start
// with a fresh profile takes a few seconds; a .doc of a report converts in under one.
constexpr int kOfficeConvertLimitMs = 120'000;

// The .docx bytes of the document `bytes`, whose file name ends in `extension` (".doc",
// ".wps"). LibreOffice runs in a temporary directory of its own (profile included), removed
// afterwards, in a process group stopped after `limitMs`. Throws rs::InputError, in Chinese
// and English, when soffice is not installed (naming the package), when it fails or gives
// no .docx, or when it takes longer than the limit. `cancel` (may be null) is read every
// 20 ms from this thread while soffice runs; once another thread sets it, the process group
// is killed and ConversionCancelled is thrown.
std::string convertToDocx(const std::string& bytes, const std::string& extension,
                          int limitMs = kOfficeConvertLimitMs,
                          const std::atomic<bool>* cancel = nullptr);

}  // namespace rs::core
