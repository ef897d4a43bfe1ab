#include "formats/docx_part_reader.h"

#include <algorithm>
#include <cstring>

#include "util/errors.h"

namespace rs::formats::docx {

namespace {

// An upper bound on the elements and attributes pugixml would create: every element starts
// with '<' and every attribute has '='. Counted before parsing, so that a part of millions
// of tiny elements is refused before it costs memory.
// Counted with memchr (the C library's, vectorised and outside the fuzz build's coverage
// hooks): a byte-by-byte count took 40 % of fuzz_docx_document's time.
size_t markupCount(const std::string& xml) {
  size_t n = 0;
  for (char c : {'<', '='}) {
    const char* end = xml.data() + xml.size();
    for (const char* p = xml.data(); (p = static_cast<const char*>(std::memchr(p, c, end - p)));
         ++p)
      ++n;
  }
  return n;
}

// The deepest element nesting, walked without recursion (the tree may be deep).
int depthOf(const pugi::xml_document& doc) {
  int depth = 0, deepest = 0;
  pugi::xml_node node = doc.first_child();
  if (node) depth = 1;
  while (node) {
    deepest = std::max(deepest, depth);
    if (node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (node != doc && !node.next_sibling()) {
      node = node.parent();
      --depth;
    }
    if (node == doc) break;
    node = node.next_sibling();
  }
  return deepest;
}

}  // namespace

void parsePart(std::string& xml, const std::string& name, pugi::xml_document& doc) {
  const size_t mb = kMaxPartBytes >> 20;
  require(xml.size() <= kMaxPartBytes, name, " in the DOCX file is too large (over ", mb,
          " MB), not a report (DOCX 文件中的 ", name, " 过大（超过 ", mb, " MB），不是报告)");
  require(markupCount(xml) <= kMaxPartNodes, name,
          " in the DOCX file has too many XML elements (over ", kMaxPartNodes,
          "), not a report (DOCX 文件中的 ", name, " 的元素过多（超过 ", kMaxPartNodes,
          " 个），不是报告)");
  pugi::xml_parse_result parsed = doc.load_buffer_inplace(xml.data(), xml.size());
  require(static_cast<bool>(parsed), "the DOCX file is damaged: ", name, " is not valid XML (",
          parsed.description(), " at ", parsed.offset, ") (DOCX 文件已损坏：", name,
          " 不是有效的 XML（", parsed.description(), "，位置 ", parsed.offset, "）)");
  require(depthOf(doc) <= kMaxPartDepth, name, " in the DOCX file is nested too deeply (over ",
          kMaxPartDepth, " levels), not a report (DOCX 文件中的 ", name, " 嵌套过深（超过 ",
          kMaxPartDepth, " 层），不是报告)");
}

}  // namespace rs::formats::docx
