// The text form of a report (formats/text_import.h), against the shipped template.
#include "formats/text_import.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rs::report::Template tmpl = rs::report::Template::builtin("hunan-dept-selfeval");
  rs::fuzz::refusalsAllowed([&] { rs::formats::importText(rs::fuzz::bytesOf(data, size), tmpl); });
  return 0;
}
