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
  pango_font_description_set_weight(d, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
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

void PdfPages::tableRow(const LayoutRow& row) {
  assert(started_);
  if (row.cells.empty()) return;
  pango_cairo_update_context(cr_, context_);
  const style::Font& font = row.header ? style::kTableHeader : style::kTableCell;
  std::vector<PangoLayout*> layouts;
  std::vector<double> widths;
  double height = kMinRow;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    const LayoutCell& cell = row.cells[i];
    widths.push_back(row.widths[i] * kWidth);
    layouts.push_back(layout(cell.text, font, widths.back() - 2 * kCellPadX,
                             cell.centred ? style::Align::kCenter : style::Align::kLeft, 0));
    int w, h;
    pango_layout_get_size(layouts.back(), &w, &h);
    height = std::max(height, toPt(h) + 2 * kCellPadY);
  }
  keepTogether(height);
  double x = kLeft;
  cairo_set_line_width(cr_, kBorder);
  for (size_t i = 0; i < layouts.size(); ++i) {
    cairo_rectangle(cr_, x, y_, widths[i], height);
    cairo_stroke(cr_);
    int w, h;
    pango_layout_get_size(layouts[i], &w, &h);
    cairo_move_to(cr_, x + kCellPadX, y_ + (height - toPt(h)) / 2);
    pango_cairo_show_layout(cr_, layouts[i]);
    g_object_unref(layouts[i]);
    x += widths[i];
  }
  y_ += height;
}

void PdfPages::pageNumber() {
  if (!numbered_) return;
  std::string text = "- " + std::to_string(number_) + " -";
  PangoLayout* l = layout(text, style::kPageNumber, kWidth, style::Align::kCenter, 0);
  cairo_move_to(cr_, kLeft, kBottom + style::kPageNumberGapMm * kPtPerMm);
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
