// The bytes of a word/numbering.xml through the DOCX part reader (formats/docx_part_reader.h),
// which every part of an outside package goes through, then walked as a numbering reader
// would walk it. (The importer itself does not read numbering.xml: list numbers are not
// text in a report; see docx_import.h.)
#include <cstring>

#include "formats/docx_part_reader.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rs::fuzz::refusalsAllowed([&] {
    std::string xml(rs::fuzz::bytesOf(data, size));
    pugi::xml_document doc;
    rs::formats::docx::parsePart(xml, "word/numbering.xml", doc);
    size_t levels = 0;
    for (pugi::xml_node n : doc.child("w:numbering").children("w:abstractNum"))
      for (pugi::xml_node lvl : n.children("w:lvl"))
        levels += std::strlen(lvl.child("w:lvlText").attribute("w:val").value());
    (void)levels;
  });
  return 0;
}
