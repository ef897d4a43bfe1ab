// Reading one XML part of a DOCX package that came from outside, within limits.
//
// A DOCX file is small on disk but may expand a thousandfold, and pugixml spends about
// 50-100 bytes per element or attribute; a part nested tens of thousands of levels deep
// would overflow the stack of any recursive walker. So every part is checked before and
// after parsing: its size, its count of elements and attributes, and its depth.
#pragma once

#include <pugixml.hpp>

#include <string>

namespace rs::formats::docx {

// The limits of one part. A long report's word/document.xml is about 0.2 MB, 8,000
// elements and 9 levels deep (tests/data's sample, exported); these are far above that.
constexpr size_t kMaxPartBytes = 16u << 20;  // uncompressed
constexpr size_t kMaxPartNodes = 1'000'000;  // elements and attributes, counted from markup
constexpr int kMaxPartDepth = 64;            // elements inside elements

// Parses `xml` (the bytes of the part `name`, e.g. "word/document.xml") into `doc`, in
// place: `xml` must outlive `doc`. Throws rs::InputError, in words a user can act on, when
// the part is larger, has more nodes or is nested deeper than the limits above, or is not
// well-formed XML. Memory stays within a small multiple of kMaxPartBytes.
void parsePart(std::string& xml, const std::string& name, pugi::xml_document& doc);

}  // namespace rs::formats::docx
