// Small helpers for writing WordprocessingML with pugixml.
#pragma once

#include <pugixml.hpp>

#include <cmath>
#include <string>

#include "formats/layout_styles.h"

namespace rs::formats::docx {

constexpr const char* kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Twentieths of a point.
inline int twips(double pt) {
  return static_cast<int>(std::lround(pt * 20));
}
inline int twipsFromMm(double mm) {
  return static_cast<int>(mm * 1440 / 25.4 + 0.5);
}

// Appends <name> with attributes given as name/value pairs.
inline pugi::xml_node add(pugi::xml_node parent, const char* name,
                          std::initializer_list<std::pair<const char*, std::string>> attrs = {}) {
  pugi::xml_node node = parent.append_child(name);
  for (const auto& [key, value] : attrs) node.append_attribute(key) = value.c_str();
  return node;
}

constexpr const char* kLatinFont = "Times New Roman";

// <w:rFonts> naming the fonts (East Asian and Latin), size, weight, tracking.
inline void addFont(pugi::xml_node rPr, const style::Font& font) {
  // Digits and Latin letters in Times New Roman, as government documents set them (its
  // half-em digits keep figures in narrow cells; LibreOffice takes Liberation Serif for it).
  add(rPr, "w:rFonts",
      {{"w:ascii", kLatinFont},
       {"w:hAnsi", kLatinFont},
       {"w:eastAsia", font.word},
       {"w:cs", kLatinFont},
       {"w:hint", "eastAsia"}});
  if (font.bold) add(rPr, "w:b");
  if (font.trackingPt != 0)
    add(rPr, "w:spacing", {{"w:val", std::to_string(twips(font.trackingPt))}});
  std::string halfPoints = std::to_string(static_cast<int>(font.sizePt * 2 + 0.5));
  add(rPr, "w:sz", {{"w:val", halfPoints}});
  add(rPr, "w:szCs", {{"w:val", halfPoints}});
}

// A run of text (spaces kept).
inline pugi::xml_node addRun(pugi::xml_node p, const std::string& text,
                             const style::Font* font = nullptr, const char* charStyle = nullptr) {
  pugi::xml_node r = add(p, "w:r");
  if (font || charStyle) {
    pugi::xml_node rPr = add(r, "w:rPr");
    if (charStyle) add(rPr, "w:rStyle", {{"w:val", charStyle}});
    if (font) addFont(rPr, *font);
  }
  pugi::xml_node t = add(r, "w:t", {{"xml:space", "preserve"}});
  t.text() = text.c_str();
  return r;
}

// The XML text of a document, with its declaration.
inline std::string xmlText(pugi::xml_document& doc) {
  pugi::xml_node decl = doc.prepend_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  decl.append_attribute("standalone") = "yes";
  struct Writer : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override {
      out.append(static_cast<const char*>(data), size);
    }
  } writer;
  doc.save(writer, "", pugi::format_raw);
  return writer.out;
}

// The character style that marks a computed figure the report left empty: dropped on import
// unless someone typed another figure over it (docx_import.h).
constexpr const char* kComputedStyle = "RsComputed";
constexpr const char* kComputedStyleName = "Computed Figure";
// The character style of digits the export added to a typed figure ("5" shown as "5.00"):
// dropped on import too, so the figure reads back as typed. Import knows both styles by id
// and by name (LibreOffice re-saves them with ids made from the names).
constexpr const char* kPaddingStyle = "RsPadding";
constexpr const char* kPaddingStyleName = "Added Decimals";

}  // namespace rs::formats::docx
