// The bytes of a word/document.xml through the DOCX importer's part reader and XML walker
// (formats/docx_import.h), and the text it yields through the text import.
#include "formats/docx_import.h"
#include "formats/text_import.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rs::report::Template tmpl = rs::report::Template::builtin("hunan-dept-selfeval");
  rs::fuzz::refusalsAllowed([&] {
    std::string text = rs::formats::documentXmlToText(std::string(rs::fuzz::bytesOf(data, size)));
    rs::formats::importText(text, tmpl);
  });
  return 0;
}
