// The parts of a DOCX package besides word/document.xml (see docx_export.h).
#pragma once

#include <string>

namespace rs::formats::docx {

// Relationship id of the footer in word/_rels/document.xml.rels.
constexpr const char* kFooterRel = "rId3";

std::string contentTypesXml();
std::string packageRelsXml();
std::string documentRelsXml();
std::string settingsXml();
std::string stylesXml();
std::string footerXml();  // "- N -", centred
std::string coreXml(const std::string& title, const std::string& author);
std::string appXml();

}  // namespace rs::formats::docx
