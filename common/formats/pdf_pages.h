// Pages of a PDF drawn with cairo and pango: the text block of layout_styles.h, paragraphs
// on a fixed line pitch, tables with borders and merged cells, and "— N —" page numbers. A
// page break never falls inside a table row.
#pragma once

#include <string>
#include <vector>

#include "formats/layout_document.h"
#include "formats/layout_styles.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _PangoContext PangoContext;
typedef struct _PangoLayout PangoLayout;

namespace rs::formats {

class PdfPages {
 public:
  PdfPages();
  ~PdfPages();
  PdfPages(const PdfPages&) = delete;
  PdfPages& operator=(const PdfPages&) = delete;

  // Ends the current page (if any) and starts another. Numbered pages count from 1.
  void newPage(bool numbered);
  // Moves down; a new page when less than `keep` points would remain below.
  void skip(double pt);
  void keepTogether(double pt);

  struct Paragraph {
    const style::Font& font;
    style::Align align = style::Align::kJustify;
    int indentChars = 0;
    double linePt = style::kLinePt;  // fixed pitch; 0: the font's own line height
  };
  void paragraph(const std::string& text, const Paragraph& p);

  // A table's rows on the table's grid: merged cells drawn as one box (split at a page
  // break, the label repeated in each part it fits), the block's heading row drawn again at the top
  // of each page it continues on, no row split, and never a page with only the last one or
  // two rows.
  void table(const LayoutTable& table);

  // The family fontconfig gives for a font, e.g. "Noto Serif CJK SC" for 仿宋_GB2312.
  std::string resolvedFamily(const style::Font& font);

  void setMetadata(const std::string& title, const std::string& subject);
  // Finishes the document and returns the PDF's bytes.
  std::string finish();

 private:
  PangoLayout* layout(const std::string& text, const style::Font& font, double width,
                      style::Align align, int indentChars);
  void pageNumber();
  struct TableCellBox;
  void drawCell(const TableCellBox& box, double top, double height);

  std::string out_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PangoContext* context_ = nullptr;
  bool started_ = false;
  bool numbered_ = false;
  int number_ = 0;
  double y_ = 0;
};

}  // namespace rs::formats
