#include "formats/pdf_export.h"

#include "formats/layout_document.h"
#include "formats/pdf_pages.h"

namespace rs::formats {

namespace {

using style::Align;

// Space above the cover's title and its department line, as in the DOCX.
constexpr double kTitleSpacePt = 120, kCoverLineSpacePt = 200;
constexpr double kTitleLinePt = 36, kUnitLinePt = 22;

const style::Font* const kFonts[] = {&style::kTitle, &style::kBody, &style::kHeading1,
                                     &style::kHeading2, &style::kPageNumber};

std::vector<std::pair<std::string, std::string>> fontsOf(PdfPages& pages) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const style::Font* f : kFonts) out.push_back({f->word, pages.resolvedFamily(*f)});
  return out;
}

std::string fontNote(PdfPages& pages) {
  std::string note = "字体（本机替代）：";
  bool first = true;
  for (const auto& [word, family] : fontsOf(pages)) {
    note += (first ? "" : "；") + word + " → " + family;
    first = false;
  }
  return note;
}

void writeBody(PdfPages& pages, const LayoutDocument& layout) {
  for (const auto& p : layout.body) {
    if (p.level == 0) {
      pages.paragraph(p.text, {style::kBody, Align::kJustify, 2});
      continue;
    }
    const style::Font& font = p.level == 1   ? style::kHeading1
                              : p.level == 2 ? style::kHeading2
                                             : style::kBody;
    pages.keepTogether(2 * style::kLinePt);  // a heading never ends a page
    pages.paragraph(p.number + p.text, {font, Align::kJustify, 2});
  }
}

void writeTable(PdfPages& pages, const LayoutTable& table) {
  pages.newPage(true);
  pages.paragraph(table.title, {style::kTableTitle, Align::kCenter, 0, kTitleLinePt});
  if (!table.subtitle.empty()) {
    pages.paragraph(table.subtitle, {style::kTableUnit, Align::kCenter, 0, kUnitLinePt});
  }
  if (!table.unit.empty()) {
    pages.paragraph(table.unit, {style::kTableUnit, Align::kRight, 0, kUnitLinePt});
  }
  pages.table(table);
  if (!table.notes.empty()) {
    pages.skip(4);
    pages.paragraph(table.notes, {style::kTableUnit, Align::kJustify, 0, kUnitLinePt});
  }
}

}  // namespace

std::string exportPdf(const report::ReportContent& report, const report::Template& tmpl) {
  LayoutDocument layout = layoutReport(report, tmpl);
  PdfPages pages;
  pages.setMetadata(layout.title, fontNote(pages));

  pages.newPage(false);  // the cover, without a number
  pages.skip(kTitleSpacePt);
  for (const auto& line : layout.titleLines) {
    pages.paragraph(line, {style::kTitle, Align::kCenter, 0, kTitleLinePt});
  }
  pages.skip(kCoverLineSpacePt);
  for (const auto& line : layout.coverLines) {
    pages.paragraph(line, {style::kBody, Align::kCenter, 0});
  }

  pages.newPage(true);
  writeBody(pages, layout);
  for (const auto& table : layout.tables) writeTable(pages, table);
  return pages.finish();
}

std::vector<std::pair<std::string, std::string>> pdfFonts() {
  PdfPages pages;
  return fontsOf(pages);
}

}  // namespace rs::formats
