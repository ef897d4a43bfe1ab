#include "formats/docx_parts.h"

#include "formats/docx_xml.h"

namespace rs::formats::docx {

namespace {

constexpr const char* kPackageRelNs =
    "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kOfficeRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr const char* kWordType = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

pugi::xml_node wordRoot(pugi::xml_document& doc, const char* name) {
  pugi::xml_node root = doc.append_child(name);
  root.append_attribute("xmlns:w") = kWordNs;
  root.append_attribute("xmlns:r") = kRelNs;
  return root;
}

void relationship(pugi::xml_node rels, const std::string& id, const std::string& type,
                  const std::string& target) {
  add(rels, "Relationship", {{"Id", id}, {"Type", type}, {"Target", target}});
}

// A paragraph style: font, alignment, first-line indent (in characters), line spacing.
struct ParaStyle {
  const char* id;
  const char* name;
  const style::Font& font;
  const char* align;  // w:jc
  int indentChars = 0;
  double linePt = style::kLinePt;  // exact; 0: single (auto)
  int outline = -1;                // heading level - 1
  bool keepNext = false;
  bool pageBreakBefore = false;
  bool noAutoSpace = false;  // no extra space between CJK and digits: narrow table cells
};

void addParaStyle(pugi::xml_node styles, const ParaStyle& s) {
  pugi::xml_node st = add(styles, "w:style", {{"w:type", "paragraph"}, {"w:styleId", s.id}});
  add(st, "w:name", {{"w:val", s.name}});
  if (std::string(s.id) != "Normal") add(st, "w:basedOn", {{"w:val", "Normal"}});
  if (s.outline < 0) add(st, "w:next", {{"w:val", "Normal"}});
  add(st, "w:qFormat");
  pugi::xml_node pPr = add(st, "w:pPr");
  if (s.keepNext) add(pPr, "w:keepNext");
  if (s.pageBreakBefore) add(pPr, "w:pageBreakBefore");
  add(pPr, "w:widowControl", {{"w:val", "0"}});
  if (s.noAutoSpace) {
    add(pPr, "w:autoSpaceDE", {{"w:val", "0"}});
    add(pPr, "w:autoSpaceDN", {{"w:val", "0"}});
  }
  if (s.linePt > 0) {
    add(pPr, "w:spacing",
        {{"w:before", "0"},
         {"w:after", "0"},
         {"w:line", std::to_string(twips(s.linePt))},
         {"w:lineRule", "exact"}});
  } else {
    add(pPr, "w:spacing",
        {{"w:before", "0"}, {"w:after", "0"}, {"w:line", "240"}, {"w:lineRule", "auto"}});
  }
  int indent = twips(s.font.sizePt * s.indentChars);
  add(pPr, "w:ind",
      {{"w:firstLineChars", std::to_string(s.indentChars * 100)},
       {"w:firstLine", std::to_string(indent)}});
  add(pPr, "w:jc", {{"w:val", s.align}});
  if (s.outline >= 0) add(pPr, "w:outlineLvl", {{"w:val", std::to_string(s.outline)}});
  addFont(add(st, "w:rPr"), s.font);
}

}  // namespace

std::string contentTypesXml() {
  pugi::xml_document doc;
  pugi::xml_node types = doc.append_child("Types");
  types.append_attribute("xmlns") = "http://schemas.openxmlformats.org/package/2006/content-types";
  add(types, "Default",
      {{"Extension", "rels"},
       {"ContentType", "application/vnd.openxmlformats-package.relationships+xml"}});
  add(types, "Default", {{"Extension", "xml"}, {"ContentType", "application/xml"}});
  auto part = [&](const char* name, const std::string& type) {
    add(types, "Override", {{"PartName", name}, {"ContentType", type}});
  };
  part("/word/document.xml", std::string(kWordType) + "document.main+xml");
  part("/word/styles.xml", std::string(kWordType) + "styles+xml");
  part("/word/settings.xml", std::string(kWordType) + "settings+xml");
  part("/word/footer1.xml", std::string(kWordType) + "footer+xml");
  part("/word/footer2.xml", std::string(kWordType) + "footer+xml");
  part("/word/fontTable.xml", std::string(kWordType) + "fontTable+xml");
  part("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  part("/docProps/app.xml",
       "application/vnd.openxmlformats-officedocument.extended-properties+xml");
  return xmlText(doc);
}

std::string packageRelsXml() {
  pugi::xml_document doc;
  pugi::xml_node rels = doc.append_child("Relationships");
  rels.append_attribute("xmlns") = kPackageRelNs;
  relationship(rels, "rId1", std::string(kOfficeRel) + "officeDocument", "word/document.xml");
  relationship(rels, "rId2",
               "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
               "core-properties",
               "docProps/core.xml");
  relationship(rels, "rId3", std::string(kOfficeRel) + "extended-properties", "docProps/app.xml");
  return xmlText(doc);
}

std::string documentRelsXml() {
  pugi::xml_document doc;
  pugi::xml_node rels = doc.append_child("Relationships");
  rels.append_attribute("xmlns") = kPackageRelNs;
  relationship(rels, "rId1", std::string(kOfficeRel) + "styles", "styles.xml");
  relationship(rels, "rId2", std::string(kOfficeRel) + "settings", "settings.xml");
  relationship(rels, kFooterRel, std::string(kOfficeRel) + "footer", "footer1.xml");
  relationship(rels, kEvenFooterRel, std::string(kOfficeRel) + "footer", "footer2.xml");
  relationship(rels, "rId5", std::string(kOfficeRel) + "fontTable", "fontTable.xml");
  return xmlText(doc);
}

std::string settingsXml() {
  pugi::xml_document doc;
  pugi::xml_node s = wordRoot(doc, "w:settings");
  add(s, "w:zoom", {{"w:percent", "100"}});
  add(s, "w:defaultTabStop", {{"w:val", "420"}});
  add(s, "w:evenAndOddHeaders");
  add(s, "w:characterSpacingControl", {{"w:val", "compressPunctuation"}});
  pugi::xml_node compat = add(s, "w:compat");
  add(compat, "w:compatSetting",
      {{"w:name", "compatibilityMode"},
       {"w:uri", "http://schemas.microsoft.com/office/word"},
       {"w:val", "15"}});
  add(s, "w:themeFontLang", {{"w:val", "en-US"}, {"w:eastAsia", "zh-CN"}});
  return xmlText(doc);
}

std::string stylesXml() {
  using namespace style;
  pugi::xml_document doc;
  pugi::xml_node styles = wordRoot(doc, "w:styles");
  pugi::xml_node defaults = add(styles, "w:docDefaults");
  pugi::xml_node rPr = add(add(defaults, "w:rPrDefault"), "w:rPr");
  addFont(rPr, kBody);
  add(rPr, "w:lang", {{"w:val", "en-US"}, {"w:eastAsia", "zh-CN"}, {"w:bidi", "ar-SA"}});
  add(add(defaults, "w:pPrDefault"), "w:pPr");

  addParaStyle(styles, {"Normal", "Normal", kBody, "both"});
  pugi::xml_node normal = styles.find_child_by_attribute("w:style", "w:styleId", "Normal");
  normal.append_attribute("w:default") = "1";
  addParaStyle(styles, {"BodyText", "Body Text", kBody, "both", 2});
  addParaStyle(styles, {"Title", "Title", kTitle, "center", 0, 36});
  addParaStyle(styles, {"CoverLine", "Cover Line", kBody, "center"});
  addParaStyle(styles, {"Heading1", "heading 1", kHeading1, "both", 2, kLinePt, 0, true});
  addParaStyle(styles, {"Heading2", "heading 2", kHeading2, "both", 2, kLinePt, 1, true});
  addParaStyle(styles, {"Heading3", "heading 3", kBody, "both", 2, kLinePt, 2, true});
  addParaStyle(styles, {"Heading4", "heading 4", kBody, "both", 2, kLinePt, 3, true});
  addParaStyle(styles, {"TableTitle", "Table Title", kTableTitle, "center", 0, 36, -1, true, true});
  addParaStyle(styles, {"TableSubtitle", "Table Subtitle", kTableUnit, "center", 0, 0, -1, true});
  addParaStyle(styles, {"TableUnit", "Table Unit", kTableUnit, "right", 0, 0, -1, true});
  addParaStyle(styles, {"TableJoin", "Table Join", kTableJoin, "left", 0, 1, -1, true});
  addParaStyle(styles,
               {"TableText", "Table Text", kTableCell, "center", 0, 0, -1, false, false, true});
  addParaStyle(styles, {"TableHeading", "Table Heading", kTableHeader, "center", 0, 0, -1, false,
                        false, true});
  addParaStyle(styles, {"TableNotes", "Table Notes", kTableUnit, "both", 0, 0});
  addParaStyle(styles, {"Footer", "footer", kPageNumber, "center", 0, 0});

  pugi::xml_node computed =
      add(styles, "w:style", {{"w:type", "character"}, {"w:styleId", kComputedStyle}});
  add(computed, "w:name", {{"w:val", kComputedStyleName}});
  pugi::xml_node padding =
      add(styles, "w:style", {{"w:type", "character"}, {"w:styleId", kPaddingStyle}});
  add(padding, "w:name", {{"w:val", kPaddingStyleName}});

  pugi::xml_node grid = add(styles, "w:style", {{"w:type", "table"}, {"w:styleId", "TableGrid"}});
  add(grid, "w:name", {{"w:val", "Table Grid"}});
  pugi::xml_node borders = add(add(grid, "w:tblPr"), "w:tblBorders");
  for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
    add(borders, side,
        {{"w:val", "single"}, {"w:sz", "4"}, {"w:space", "0"}, {"w:color", "000000"}});
  }
  return xmlText(doc);
}

std::string footerXml(bool even) {
  pugi::xml_document doc;
  pugi::xml_node ftr = wordRoot(doc, "w:ftr");
  pugi::xml_node p = add(ftr, "w:p");
  pugi::xml_node pPr = add(p, "w:pPr");
  add(pPr, "w:pStyle", {{"w:val", "Footer"}});
  const style::Font& font = style::kPageNumber;
  std::string indent = std::to_string(twips(font.sizePt));
  add(pPr, "w:ind", {{even ? "w:left" : "w:right", indent}});
  add(pPr, "w:jc", {{"w:val", even ? "left" : "right"}});
  addRun(p, "— ", &font);
  add(add(p, "w:r"), "w:fldChar", {{"w:fldCharType", "begin"}});
  pugi::xml_node instr = add(add(p, "w:r"), "w:instrText", {{"xml:space", "preserve"}});
  instr.text() = " PAGE ";
  add(add(p, "w:r"), "w:fldChar", {{"w:fldCharType", "separate"}});
  addRun(p, "1", &font);
  add(add(p, "w:r"), "w:fldChar", {{"w:fldCharType", "end"}});
  addRun(p, " —", &font);
  return xmlText(doc);
}

std::string fontTableXml() {
  struct Entry {
    const char* name;
    const char* altName;
    const char* panose;  // PANOSE-1: 02 01 06 09 ... a fixed-pitch CJK face
    const char* family;  // roman (serif), modern (fixed pitch), swiss (sans)
  };
  // The Chinese names first, as Word and WPS on Windows and Kylin/UOS list them.
  static constexpr Entry kEntries[] = {
      {"仿宋_GB2312", "仿宋", "02010609030101010101", "modern"},
      {"楷体_GB2312", "楷体", "02010609030101010101", "modern"},
      {"黑体", "SimHei", "02010609060101010101", "modern"},
      {"宋体", "SimSun", "02010600030101010101", "auto"},
      {"方正小标宋简体", "宋体", "02000000000000000000", "auto"},
  };
  pugi::xml_document doc;
  pugi::xml_node fonts = wordRoot(doc, "w:fonts");
  for (const Entry& e : kEntries) {
    pugi::xml_node f = add(fonts, "w:font", {{"w:name", e.name}});
    add(f, "w:altName", {{"w:val", e.altName}});
    add(f, "w:panose1", {{"w:val", e.panose}});
    add(f, "w:charset", {{"w:val", "86"}});  // GB2312
    add(f, "w:family", {{"w:val", e.family}});
    add(f, "w:pitch", {{"w:val", "variable"}});
  }
  return xmlText(doc);
}

std::string coreXml(const std::string& title, const std::string& author) {
  pugi::xml_document doc;
  pugi::xml_node core = doc.append_child("cp:coreProperties");
  core.append_attribute("xmlns:cp") =
      "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
  core.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  core.append_attribute("xmlns:dcterms") = "http://purl.org/dc/terms/";
  core.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  core.append_child("dc:title").text() = title.c_str();
  core.append_child("dc:creator").text() = author.c_str();
  core.append_child("dc:language").text() = "zh-CN";
  return xmlText(doc);
}

std::string appXml() {
  pugi::xml_document doc;
  pugi::xml_node props = doc.append_child("Properties");
  props.append_attribute("xmlns") =
      "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
  props.append_child("Application").text() = "reportsync";
  return xmlText(doc);
}

}  // namespace rs::formats::docx
