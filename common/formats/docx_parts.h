// The parts of a DOCX package besides word/document.xml (see docx_export.h).
#pragma once

#include <string>

namespace rs::formats::docx {

// Relationship ids of the footers (odd pages, even pages) in word/_rels/document.xml.rels.
constexpr const char* kFooterRel = "rId3";
constexpr const char* kEvenFooterRel = "rId4";

std::string contentTypesXml();
std::string packageRelsXml();
std::string documentRelsXml();
std::string settingsXml();
std::string stylesXml();
// The page number "— N —" in 4号 宋体, one character in from the edge: on the right of odd
// pages, on the left of even pages (GB/T 9704-2012 §7.5).
std::string footerXml(bool even);
// The fonts the document names, each with the name Word and WPS substitute when it is
// missing (w:altName: 仿宋_GB2312 -> 仿宋) and its class, for readers without either.
std::string fontTableXml();
std::string coreXml(const std::string& title, const std::string& author);
std::string appXml();

}  // namespace rs::formats::docx
