#include "formats/docx_export.h"

#include "formats/docx_parts.h"
#include "formats/docx_xml.h"
#include "formats/docx_zip.h"
#include "formats/layout_document.h"

namespace rs::formats {

namespace {

using namespace docx;

// Text width between the margins, in twips.
const int kTextWidth =
    twipsFromMm(style::kPageWidthMm - style::kMarginLeftMm - style::kMarginRightMm);

// Where the cover's title and department line sit, as space above them.
constexpr double kTitleSpacePt = 120, kCoverLineSpacePt = 200;

class DocumentWriter {
 public:
  std::string write(const LayoutDocument& layout) {
    pugi::xml_node document = doc_.append_child("w:document");
    document.append_attribute("xmlns:w") = kWordNs;
    document.append_attribute("xmlns:r") = kRelNs;
    body_ = add(document, "w:body");

    writeCover(layout);
    for (const auto& p : layout.body) {
      if (p.level == 0) {
        paragraph("BodyText", p.text);
      } else {
        const char* styleId[] = {"Heading1", "Heading2", "Heading3", "Heading4"};
        paragraph(styleId[std::min(p.level, 4) - 1], p.number + p.text);
      }
    }
    for (const auto& table : layout.tables) writeTable(table);
    sectionProperties(body_, true);
    return xmlText(doc_);
  }

 private:
  pugi::xml_node paragraph(const char* styleId, const std::string& text,
                           pugi::xml_node parent = {}) {
    pugi::xml_node p = add(parent ? parent : body_, "w:p");
    add(add(p, "w:pPr"), "w:pStyle", {{"w:val", styleId}});
    if (!text.empty()) addRun(p, text, fontOf(styleId));
    return p;
  }

  // Runs name their fonts too: some readers ignore a style's East Asian font.
  static const style::Font* fontOf(const std::string& styleId) {
    if (styleId == "Title") return &style::kTitle;
    if (styleId == "Heading1") return &style::kHeading1;
    if (styleId == "Heading2") return &style::kHeading2;
    if (styleId == "TableTitle") return &style::kTableTitle;
    if (styleId == "TableUnit" || styleId == "TableNotes") return &style::kTableUnit;
    if (styleId == "TableText") return &style::kTableCell;
    if (styleId == "TableHeading") return &style::kTableHeader;
    return &style::kBody;
  }

  static void spaceBefore(pugi::xml_node p, double pt) {
    pugi::xml_node pPr = p.child("w:pPr");
    add(pPr, "w:spacing", {{"w:before", std::to_string(twips(pt))}});
  }

  void writeCover(const LayoutDocument& layout) {
    pugi::xml_node last;
    for (size_t i = 0; i < layout.titleLines.size(); ++i) {
      last = paragraph("Title", layout.titleLines[i]);
      if (i == 0) spaceBefore(last, kTitleSpacePt);
    }
    for (size_t i = 0; i < layout.coverLines.size(); ++i) {
      last = paragraph("CoverLine", layout.coverLines[i]);
      if (i == 0) spaceBefore(last, kCoverLineSpacePt);
    }
    if (!last) last = paragraph("Normal", "");
    // The cover ends its own section: no page number on it.
    sectionProperties(last.child("w:pPr"), false);
  }

  void sectionProperties(pugi::xml_node parent, bool numbered) {
    pugi::xml_node s = add(parent, "w:sectPr");
    if (numbered) {
      add(s, "w:footerReference", {{"w:type", "default"}, {"r:id", kFooterRel}});
    }
    add(s, "w:pgSz",
        {{"w:w", std::to_string(twipsFromMm(style::kPageWidthMm))},
         {"w:h", std::to_string(twipsFromMm(style::kPageHeightMm))}});
    // The footer's distance from the page edge puts "- N -" 7 mm below the text block.
    double footerMm =
        style::kMarginBottomMm - style::kPageNumberGapMm - style::kPageNumber.sizePt * 25.4 / 72;
    add(s, "w:pgMar",
        {{"w:top", std::to_string(twipsFromMm(style::kMarginTopMm))},
         {"w:right", std::to_string(twipsFromMm(style::kMarginRightMm))},
         {"w:bottom", std::to_string(twipsFromMm(style::kMarginBottomMm))},
         {"w:left", std::to_string(twipsFromMm(style::kMarginLeftMm))},
         {"w:header", "851"},
         {"w:footer", std::to_string(twipsFromMm(footerMm))},
         {"w:gutter", "0"}});
    if (numbered) add(s, "w:pgNumType", {{"w:start", "1"}});
    add(s, "w:cols", {{"w:space", "425"}});
  }

  void writeTable(const LayoutTable& table) {
    paragraph("TableTitle", table.title);
    if (!table.unit.empty()) paragraph("TableUnit", table.unit);

    TableGrid grid = tableGrid(table);
    std::vector<int> columns;
    int used = 0;
    for (double share : grid.columns) {
      columns.push_back(static_cast<int>(share * kTextWidth + 0.5));
      used += columns.back();
    }
    columns.back() += kTextWidth - used;

    pugi::xml_node tbl = add(body_, "w:tbl");
    pugi::xml_node tblPr = add(tbl, "w:tblPr");
    add(tblPr, "w:tblStyle", {{"w:val", "TableGrid"}});
    add(tblPr, "w:tblW", {{"w:w", std::to_string(kTextWidth)}, {"w:type", "dxa"}});
    add(tblPr, "w:jc", {{"w:val", "center"}});
    pugi::xml_node borders = add(tblPr, "w:tblBorders");
    for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
      add(borders, side,
          {{"w:val", "single"}, {"w:sz", "4"}, {"w:space", "0"}, {"w:color", "000000"}});
    }
    add(tblPr, "w:tblLayout", {{"w:type", "fixed"}});
    pugi::xml_node margins = add(tblPr, "w:tblCellMar");
    add(margins, "w:left", {{"w:w", "57"}, {"w:type", "dxa"}});
    add(margins, "w:right", {{"w:w", "57"}, {"w:type", "dxa"}});
    add(tblPr, "w:tblLook", {{"w:val", "0000"}});
    pugi::xml_node tblGrid = add(tbl, "w:tblGrid");
    for (int w : columns) add(tblGrid, "w:gridCol", {{"w:w", std::to_string(w)}});

    for (size_t r = 0; r < table.rows.size(); ++r) {
      const LayoutRow& row = table.rows[r];
      if (row.cells.empty()) continue;
      pugi::xml_node tr = add(tbl, "w:tr");
      add(add(tr, "w:trPr"), "w:cantSplit");
      size_t gridAt = 0;
      for (size_t c = 0; c < row.cells.size(); ++c) {
        int span = grid.spans[r][c];
        int width = 0;
        for (int k = 0; k < span; ++k) width += columns[gridAt + k];
        gridAt += span;
        writeCell(tr, row.cells[c], row.header, width, span);
      }
    }
    // Notes below the table; an empty paragraph keeps the table off the section's end.
    paragraph("TableNotes", table.notes);
  }

  void writeCell(pugi::xml_node tr, const LayoutCell& cell, bool header, int width, int span) {
    pugi::xml_node tc = add(tr, "w:tc");
    pugi::xml_node tcPr = add(tc, "w:tcPr");
    add(tcPr, "w:tcW", {{"w:w", std::to_string(width)}, {"w:type", "dxa"}});
    if (span > 1) add(tcPr, "w:gridSpan", {{"w:val", std::to_string(span)}});
    add(tcPr, "w:vAlign", {{"w:val", "center"}});
    const char* styleId = header ? "TableHeading" : "TableText";
    size_t start = 0;
    do {
      size_t end = std::min(cell.text.find('\n', start), cell.text.size());
      pugi::xml_node p = add(tc, "w:p");
      pugi::xml_node pPr = add(p, "w:pPr");
      add(pPr, "w:pStyle", {{"w:val", styleId}});
      if (!cell.centred) add(pPr, "w:jc", {{"w:val", "left"}});
      std::string line = cell.text.substr(start, end - start);
      if (!line.empty()) {
        addRun(p, line, fontOf(styleId), cell.computed ? kComputedStyle : nullptr);
      }
      start = end + 1;
    } while (start < cell.text.size());
  }

  pugi::xml_document doc_;
  pugi::xml_node body_;
};

}  // namespace

std::string exportDocx(const report::ReportContent& report, const report::Template& tmpl) {
  LayoutDocument layout = layoutReport(report, tmpl);
  return writeZip({
      {"[Content_Types].xml", docx::contentTypesXml()},
      {"_rels/.rels", docx::packageRelsXml()},
      {"word/document.xml", DocumentWriter().write(layout)},
      {"word/styles.xml", docx::stylesXml()},
      {"word/settings.xml", docx::settingsXml()},
      {"word/_rels/document.xml.rels", docx::documentRelsXml()},
      {"word/footer1.xml", docx::footerXml()},
      {"docProps/core.xml", docx::coreXml(layout.title, report.dept)},
      {"docProps/app.xml", docx::appXml()},
  });
}

}  // namespace rs::formats
