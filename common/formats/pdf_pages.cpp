#include "formats/pdf_pages.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cassert>

namespace rs::formats {

namespace {

constexpr double kPtPerMm = 72 / 25.4;
const double kPageWidth = style::kPageWidthMm * kPtPerMm;
const double kPageHeight = style::kPageHeightMm * kPtPerMm;
const double kLeft = style::kMarginLeftMm * kPtPerMm;
const double kTop = style::kMarginTopMm * kPtPerMm;
const double kBottom = kPageHeight - style::kMarginBottomMm * kPtPerMm;
const double kWidth = kPageWidth - kLeft - style::kMarginRightMm * kPtPerMm;

// Table cells: padding, border, least height.
constexpr double kCellPadX = 3, kCellPadY = 3, kBorder = 0.6, kMinRow = 18;

cairo_status_t appendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

PangoFontDescription* describe(const style::Font& font) {
  PangoFontDescription* d = pango_font_description_new();
  pango_font_description_set_family(d, font.fallback);
  pango_font_description_set_absolute_size(d, font.sizePt * PANGO_SCALE);
  pango_font_description_set_weight(
      d, font.bold || font.heavy ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return d;
}

double toPt(int pangoUnits) {
  return static_cast<double>(pangoUnits) / PANGO_SCALE;
}

}  // namespace

PdfPages::PdfPages() {
  surface_ = cairo_pdf_surface_create_for_stream(appendBytes, &out_, kPageWidth, kPageHeight);
  cr_ = cairo_create(surface_);
  context_ = pango_cairo_create_context(cr_);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context_, options);
  cairo_font_options_destroy(options);
  pango_context_set_language(context_, pango_language_from_string("zh-cn"));
}

PdfPages::~PdfPages() {
  if (context_) g_object_unref(context_);
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

void PdfPages::newPage(bool numbered) {
  if (started_) {
    pageNumber();
    cairo_show_page(cr_);
  }
  started_ = true;
  numbered_ = numbered;
  if (numbered) ++number_;
  y_ = kTop;
}

void PdfPages::skip(double pt) {
  y_ += pt;
}

void PdfPages::keepTogether(double pt) {
  if (y_ + pt > kBottom + 0.01 && y_ > kTop) newPage(numbered_);
}

PangoLayout* PdfPages::layout(const std::string& text, const style::Font& font, double width,
                              style::Align align, int indentChars) {
  PangoLayout* l = pango_layout_new(context_);
  PangoFontDescription* d = describe(font);
  pango_layout_set_font_description(l, d);
  pango_font_description_free(d);
  pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_indent(l, static_cast<int>(indentChars * font.sizePt * PANGO_SCALE));
  pango_layout_set_alignment(l, align == style::Align::kCenter  ? PANGO_ALIGN_CENTER
                                : align == style::Align::kRight ? PANGO_ALIGN_RIGHT
                                                                : PANGO_ALIGN_LEFT);
  pango_layout_set_justify(l, align == style::Align::kJustify);
  pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
  if (font.trackingPt != 0) {
    PangoAttrList* attrs = pango_attr_list_new();
    pango_attr_list_insert(
        attrs, pango_attr_letter_spacing_new(static_cast<int>(font.trackingPt * PANGO_SCALE)));
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
  }
  return l;
}

void PdfPages::paragraph(const std::string& text, const Paragraph& p) {
  assert(started_);
  pango_cairo_update_context(cr_, context_);
  PangoLayout* l = layout(text, p.font, kWidth, p.align, p.indentChars);
  PangoLayoutIter* it = pango_layout_get_iter(l);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    double height = toPt(logical.height);
    double pitch = p.linePt > 0 ? p.linePt : height;
    keepTogether(pitch);
    // The line centred in its pitch, as Word places a line of fixed ("exact") spacing.
    double ascent = toPt(pango_layout_iter_get_baseline(it) - logical.y);
    double baseline = y_ + (pitch - height) / 2 + ascent;
    cairo_move_to(cr_, kLeft + toPt(logical.x), baseline);
    pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
    y_ += pitch;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  g_object_unref(l);
}

// A laid-out cell of a table: where it stands and its text, ready to draw.
struct PdfPages::TableCellBox {
  double x = 0, width = 0;
  double textX = 0;  // the text's left edge: after the padding and any indent
  double textHeight = 0;
  PangoLayout* text = nullptr;
};

void PdfPages::drawCell(const TableCellBox& box, double top, double height) {
  cairo_set_line_width(cr_, kBorder);
  cairo_rectangle(cr_, box.x, top, box.width, height);
  cairo_stroke(cr_);
  // The part of a merged cell continued on a new page repeats its label when it fits there.
  if (box.textHeight > height + 0.01) return;
  cairo_move_to(cr_, box.textX, top + (height - box.textHeight) / 2);
  pango_cairo_show_layout(cr_, box.text);
}

void PdfPages::table(const LayoutTable& table) {
  assert(started_);
  pango_cairo_update_context(cr_, context_);
  const size_t n = table.rows.size();
  std::vector<double> edges = {kLeft};
  for (double share : table.columns) edges.push_back(edges.back() + share * kWidth);

  // Every cell laid out; each row as tall as its tallest single-row cell, and the last row
  // of a merge made taller when the merged text needs it.
  std::vector<std::vector<TableCellBox>> boxes(n);
  std::vector<std::vector<int>> starts(n);
  std::vector<double> heights(n, kMinRow);
  for (size_t r = 0; r < n; ++r) {
    const LayoutRow& row = table.rows[r];
    int column = 0;
    for (const LayoutCell& cell : row.cells) {
      TableCellBox box;
      box.x = edges[column];
      box.width = edges[column + cell.span] - edges[column];
      starts[r].push_back(column);
      column += cell.span;
      if (!cell.merged) {
        style::Font font = row.header ? style::kTableHeader : style::kTableCell;
        font.bold = font.bold || cell.bold;
        double indent = cell.indent * font.sizePt;
        box.text = layout(cell.text, font, box.width - 2 * kCellPadX - indent, cell.align, 0);
        int w, h;
        pango_layout_get_size(box.text, &w, &h);
        box.textHeight = toPt(h);
        box.textX = box.x + kCellPadX + indent;
        if (cell.rowSpan == 1) heights[r] = std::max(heights[r], box.textHeight + 2 * kCellPadY);
      }
      boxes[r].push_back(box);
    }
  }
  for (size_t r = 0; r < n; ++r) {
    for (size_t i = 0; i < boxes[r].size(); ++i) {
      const LayoutCell& cell = table.rows[r].cells[i];
      if (cell.merged || cell.rowSpan < 2) continue;
      size_t last = std::min(n, r + cell.rowSpan) - 1;
      double total = 0;
      for (size_t k = r; k <= last; ++k) total += heights[k];
      double need = boxes[r][i].textHeight + 2 * kCellPadY;
      if (need > total) heights[last] += need - total;
    }
  }
  // The heading row that a row's block repeats on a new page (none for the row itself).
  std::vector<long> headingOf(n, -1);
  for (size_t r = 0, heading = SIZE_MAX; r < n; ++r) {
    if (table.rows[r].header) {
      heading = r;
    } else if (heading != SIZE_MAX && table.rows[heading].block == table.rows[r].block) {
      headingOf[r] = static_cast<long>(heading);
    }
  }

  // Where the pages break: a heading row keeps with the row below it; then a last page with
  // only one or two rows takes the row or two before them along.
  std::vector<size_t> breaks;
  double y = y_;
  for (size_t r = 0; r < n; ++r) {
    double need = heights[r];
    if (table.rows[r].header && r + 1 < n) need += heights[r + 1];
    bool placed = breaks.empty() ? r > 0 || y_ > kTop : breaks.back() < r;
    if (y + need > kBottom + 0.01 && placed) {
      breaks.push_back(r);
      y = kTop + (headingOf[r] >= 0 ? heights[headingOf[r]] : 0);
    }
    y += heights[r];
  }
  if (!breaks.empty() && n - breaks.back() <= 2 && n >= 4) {
    size_t earlier = n - 3;
    size_t floor = breaks.size() > 1 ? breaks[breaks.size() - 2] + 1 : 1;
    if (earlier >= floor) breaks.back() = earlier;
  }

  // Drawing. An open merge is drawn when it ends or its page does.
  struct Open {
    size_t row, cell, end;
    double top;
  };
  std::vector<Open> open;
  auto close = [&](double bottom, bool all) {
    for (auto it = open.begin(); it != open.end();) {
      if (all || it->end <= 0) {
        drawCell(boxes[it->row][it->cell], it->top, bottom - it->top);
        it = open.erase(it);
      } else {
        ++it;
      }
    }
  };
  size_t nextBreak = 0;
  for (size_t r = 0; r < n; ++r) {
    if (nextBreak < breaks.size() && breaks[nextBreak] == r) {
      ++nextBreak;
      std::vector<Open> continuing;
      for (const auto& o : open) continuing.push_back(o);
      close(y_, true);
      newPage(numbered_);
      // A merge that starts at the repeated heading row (绩效指标) goes on beside it; the
      // others (产出指标) go on below it.
      long h = headingOf[r];
      for (auto& o : continuing) {
        o.top = y_ + (h >= 0 && o.row != static_cast<size_t>(h) ? heights[h] : 0);
      }
      open = continuing;
      if (h >= 0) {
        for (size_t i = 0; i < boxes[h].size(); ++i) {
          bool covered = false;
          for (const auto& o : open) {
            covered = covered || (o.row == static_cast<size_t>(h) && o.cell == i);
          }
          if (!covered && !table.rows[h].cells[i].merged && boxes[h][i].text) {
            drawCell(boxes[h][i], y_, heights[h]);
          }
        }
        y_ += heights[h];
      }
    }
    for (size_t i = 0; i < boxes[r].size(); ++i) {
      const LayoutCell& cell = table.rows[r].cells[i];
      if (cell.merged) continue;
      if (cell.rowSpan > 1) {
        open.push_back({r, i, r + cell.rowSpan, y_});
      } else {
        drawCell(boxes[r][i], y_, heights[r]);
      }
    }
    y_ += heights[r];
    for (auto& o : open) o.end = o.end == r + 1 ? 0 : o.end;
    close(y_, false);
  }
  close(y_, true);
  for (auto& row : boxes) {
    for (auto& box : row) {
      if (box.text) g_object_unref(box.text);
    }
  }
}

// "— N —" one character in from the right edge of the text block on odd pages, from the
// left on even pages (GB/T 9704-2012 §7.5).
void PdfPages::pageNumber() {
  if (!numbered_) return;
  std::string text = "— " + std::to_string(number_) + " —";
  const style::Font& font = style::kPageNumber;
  bool even = number_ % 2 == 0;
  PangoLayout* l = layout(text, font, kWidth - 2 * font.sizePt,
                          even ? style::Align::kLeft : style::Align::kRight, 0);
  cairo_move_to(cr_, kLeft + font.sizePt, kBottom + style::kPageNumberGapMm * kPtPerMm);
  pango_cairo_show_layout(cr_, l);
  g_object_unref(l);
}

std::string PdfPages::resolvedFamily(const style::Font& font) {
  PangoFontDescription* d = describe(font);
  PangoFont* loaded = pango_context_load_font(context_, d);
  pango_font_description_free(d);
  if (!loaded) return "";
  PangoFontDescription* got = pango_font_describe(loaded);
  std::string family = pango_font_description_get_family(got);
  pango_font_description_free(got);
  g_object_unref(loaded);
  return family;
}

void PdfPages::setMetadata(const std::string& title, const std::string& subject) {
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_SUBJECT, subject.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "reportsync");
}

std::string PdfPages::finish() {
  if (started_) pageNumber();
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  assert(cairo_surface_status(surface_) == CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  return std::move(out_);
}

}  // namespace rs::formats
