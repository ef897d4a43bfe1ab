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

// A block with more rows than this under its headings is a table part of its own in Word.
constexpr size_t kOwnPartRows = 8;

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
    if (styleId == "TableUnit" || styleId == "TableNotes" || styleId == "TableSubtitle") {
      return &style::kTableUnit;
    }
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
      add(s, "w:footerReference", {{"w:type", "even"}, {"r:id", kEvenFooterRel}});
    }
    add(s, "w:pgSz",
        {{"w:w", std::to_string(twipsFromMm(style::kPageWidthMm))},
         {"w:h", std::to_string(twipsFromMm(style::kPageHeightMm))}});
    // The footer's distance from the page edge puts "— N —" 7 mm below the text block.
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

  // A table part: Word repeats only a table's leading heading rows on a new page, so a
  // long block with its own headings (the indicators, 经费控制情况) starts a table of its
  // own on the same grid, 1 pt below the part before it.
  static std::vector<size_t> tableParts(const LayoutTable& table) {
    std::vector<size_t> starts = {0};
    for (size_t r = 1; r < table.rows.size(); ++r) {
      if (!table.rows[r].header) continue;
      size_t end = r + 1;
      while (end < table.rows.size() && !table.rows[end].header) ++end;
      if (end - r > kOwnPartRows) starts.push_back(r);
    }
    return starts;
  }

  void writeTable(const LayoutTable& table) {
    paragraph("TableTitle", table.title);
    if (!table.subtitle.empty()) paragraph("TableSubtitle", table.subtitle);
    if (!table.unit.empty()) paragraph("TableUnit", table.unit);

    std::vector<int> columns;
    int used = 0;
    for (double share : table.columns) {
      columns.push_back(static_cast<int>(share * kTextWidth + 0.5));
      used += columns.back();
    }
    if (!columns.empty()) columns.back() += kTextWidth - used;

    std::vector<size_t> starts = tableParts(table);
    starts.push_back(table.rows.size());
    for (size_t part = 0; part + 1 < starts.size(); ++part) {
      if (part > 0) paragraph("TableJoin", "");
      pugi::xml_node tbl = tableStart(columns);
      std::vector<bool> chain(columns.size(), false);  // a merge starts at that column above
      for (size_t r = starts[part]; r < starts[part + 1]; ++r) {
        const LayoutRow& row = table.rows[r];
        pugi::xml_node tr = add(tbl, "w:tr");
        pugi::xml_node trPr = add(tr, "w:trPr");
        add(trPr, "w:cantSplit");
        bool leading = true;
        for (size_t k = starts[part]; k <= r; ++k) leading = leading && table.rows[k].header;
        if (leading) add(trPr, "w:tblHeader");
        // The title keeps with the first rows, and a page never holds only the last rows.
        bool keep = r < 2 || r + 3 >= table.rows.size();
        size_t gridAt = 0;
        std::vector<bool> merging(columns.size(), false);
        for (const LayoutCell& cell : row.cells) {
          int width = 0;
          for (int k = 0; k < cell.span; ++k) width += columns[gridAt + k];
          // A cell under a vertical merge ends it with a merge of its own (LibreOffice
          // otherwise draws a wide cell there as covering only the merged column).
          bool ends = chain[gridAt] && !cell.merged;
          merging[gridAt] = cell.merged || cell.rowSpan > 1;
          gridAt += cell.span;
          writeCell(tr, cell, row.header, width, keep && r + 1 < table.rows.size(), ends);
        }
        chain = merging;
      }
    }
    // Notes below the table; an empty paragraph keeps the table off the section's end.
    paragraph("TableNotes", table.notes);
  }

  pugi::xml_node tableStart(const std::vector<int>& columns) {
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
    // 1.5 mm beside the text and 0.5 mm above and below, so no text touches a border.
    pugi::xml_node margins = add(tblPr, "w:tblCellMar");
    add(margins, "w:top", {{"w:w", "28"}, {"w:type", "dxa"}});
    add(margins, "w:left", {{"w:w", "85"}, {"w:type", "dxa"}});
    add(margins, "w:bottom", {{"w:w", "28"}, {"w:type", "dxa"}});
    add(margins, "w:right", {{"w:w", "85"}, {"w:type", "dxa"}});
    add(tblPr, "w:tblLook", {{"w:val", "0000"}});
    pugi::xml_node tblGrid = add(tbl, "w:tblGrid");
    for (int w : columns) add(tblGrid, "w:gridCol", {{"w:w", std::to_string(w)}});
    return tbl;
  }

  void writeCell(pugi::xml_node tr, const LayoutCell& cell, bool header, int width, bool keep,
                 bool endsMerge) {
    pugi::xml_node tc = add(tr, "w:tc");
    pugi::xml_node tcPr = add(tc, "w:tcPr");
    add(tcPr, "w:tcW", {{"w:w", std::to_string(width)}, {"w:type", "dxa"}});
    if (cell.span > 1) add(tcPr, "w:gridSpan", {{"w:val", std::to_string(cell.span)}});
    if (cell.merged) {
      add(tcPr, "w:vMerge");
    } else if (cell.rowSpan > 1 || endsMerge) {
      add(tcPr, "w:vMerge", {{"w:val", "restart"}});
    }
    add(tcPr, "w:vAlign", {{"w:val", "center"}});
    const char* styleId = header ? "TableHeading" : "TableText";
    style::Font font = *fontOf(styleId);
    font.bold = font.bold || cell.bold;
    const char* jc = cell.align == style::Align::kRight    ? "right"
                     : cell.align == style::Align::kCenter ? "center"
                                                           : "left";
    size_t start = 0;
    do {
      size_t end = std::min(cell.text.find('\n', start), cell.text.size());
      pugi::xml_node p = add(tc, "w:p");
      pugi::xml_node pPr = add(p, "w:pPr");
      add(pPr, "w:pStyle", {{"w:val", styleId}});
      if (keep) add(pPr, "w:keepNext");
      if (cell.indent > 0) {
        add(pPr, "w:ind",
            {{"w:leftChars", std::to_string(cell.indent * 100)},
             {"w:left", std::to_string(twips(cell.indent * font.sizePt))}});
      }
      add(pPr, "w:jc", {{"w:val", jc}});
      // The line in runs: the typed figure, and the decimals the layout added (marked, so an
      // import reads back what was typed).
      const char* charStyle = cell.computed ? kComputedStyle : nullptr;
      size_t padEnd = cell.padAt + cell.padLen;
      auto piece = [&](size_t from, size_t to, const char* pieceStyle) {
        from = std::max(from, start), to = std::min(to, end);
        if (from < to) addRun(p, cell.text.substr(from, to - from), &font, pieceStyle);
      };
      if (cell.padLen > 0) {
        piece(start, cell.padAt, charStyle);
        piece(cell.padAt, padEnd, cell.computed ? kComputedStyle : kPaddingStyle);
        piece(padEnd, end, charStyle);
      } else {
        piece(start, end, charStyle);
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
      {"word/footer1.xml", docx::footerXml(false)},
      {"word/footer2.xml", docx::footerXml(true)},
      {"word/fontTable.xml", docx::fontTableXml()},
      {"docProps/core.xml", docx::coreXml(layout.title, report.dept)},
      {"docProps/app.xml", docx::appXml()},
  });
}

}  // namespace rs::formats
