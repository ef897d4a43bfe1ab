// The bytes of a word/document.xml through the DOCX importer's part reader and XML walker
// (formats/docx_import.h), and the text it yields through the text import and the
// resolution of computed figures (formats/docx_computed.h), as importDocx() does.
#include "formats/docx_computed.h"
#include "formats/docx_import.h"
#include "formats/text_import.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rs::report::Template tmpl = rs::report::Template::builtin("hunan-dept-selfeval");
  rs::fuzz::refusalsAllowed([&] {
    std::string text = rs::formats::documentXmlToText(std::string(rs::fuzz::bytesOf(data, size)));
    auto report = rs::formats::importText(text, tmpl);
    rs::formats::resolveComputed(report, tmpl);
  });
  return 0;
}
