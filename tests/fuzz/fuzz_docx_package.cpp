// A whole DOCX file as `reportsync-cli import` reads it (formats/docx_import.h): the ZIP
// package, its word/document.xml within the limits, the text import.
#include "formats/docx_import.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rs::report::Template tmpl = rs::report::Template::builtin("hunan-dept-selfeval");
  rs::fuzz::refusalsAllowed([&] { rs::formats::importDocx(rs::fuzz::bytesOf(data, size), tmpl); });
  return 0;
}
