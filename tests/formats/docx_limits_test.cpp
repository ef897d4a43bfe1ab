// The DOCX importer's limits on hostile parts (docx_part_reader.h): depth, element and
// attribute counts, unpacked size. Refused with rs::InputError; ordinary depth still read.
#include <doctest/doctest.h>

#include "formats/docx_import.h"
#include "formats/docx_part_reader.h"
#include "formats/docx_zip.h"
#include "util/errors.h"

using rs::formats::docxToText;
using rs::formats::writeZip;

namespace {

const std::string kHead =
    R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
    "<w:body>";
const std::string kTail = "</w:body></w:document>";

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string docx(const std::string& documentXml) {
  return writeZip({{"word/document.xml", documentXml}});
}

std::string refusal(const std::string& bytes) {
  try {
    docxToText(bytes);
  } catch (const rs::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("DOCX limits: nesting deeper than the limit is refused, not walked") {
  for (size_t depth : {100, 70000}) {
    CAPTURE(depth);
    std::string xml = kHead + "<w:p>" + repeat("<w:hyperlink>", depth) + "<w:r><w:t>x</w:t></w:r>" +
                      repeat("</w:hyperlink>", depth) + "</w:p>" + kTail;
    CHECK(refusal(docx(xml)).find("嵌套过深") != std::string::npos);
    std::string tables = kHead + repeat("<w:tbl><w:tr><w:tc>", depth) +
                         repeat("</w:tc></w:tr></w:tbl>", depth) + kTail;
    CHECK(refusal(docx(tables)).find("嵌套过深") != std::string::npos);
  }
  // Deep but within the limit: the text is still found.
  std::string ok = kHead + "<w:p>" + repeat("<w:hyperlink>", 50) + "<w:r><w:t>深处</w:t></w:r>" +
                   repeat("</w:hyperlink>", 50) + "</w:p>" + kTail;
  CHECK(docxToText(docx(ok)) == "深处\n");
}

TEST_CASE("DOCX limits: too many elements or attributes, or too many bytes, are refused") {
  size_t n = rs::formats::docx::kMaxPartNodes + 1;
  CHECK(refusal(docx(kHead + repeat("<w:p/>", n) + kTail)).find("元素过多") != std::string::npos);
  CHECK(refusal(docx(kHead + "<w:p " + repeat("a=\"\" ", n) + "/>" + kTail)).find("元素过多") !=
        std::string::npos);
  std::string big = kHead + "<w:p><w:r><w:t>" + repeat("x", rs::formats::docx::kMaxPartBytes) +
                    "</w:t></w:r></w:p>" + kTail;
  CHECK(refusal(docx(big)).find("过大") != std::string::npos);
}
