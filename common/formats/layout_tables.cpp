// The tables of a layout: the cells the text form writes (text_export.cpp), with computed
// figures where the report leaves a computed cell empty, and column widths from the text.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <set>

#include "formats/layout_document.h"
#include "formats/layout_styles.h"
#include "report/labels.h"
#include "report/table_order.h"
#include "report/table_view.h"
#include "util/utf8.h"

namespace rs::formats {

namespace {

using report::RowContent;
using report::TableContent;
namespace proto = rs::proto;

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

// Width of a cell's text in half-width units (CJK and full-width characters count two).
int textUnits(const std::string& text) {
  int widest = 0, line = 0;
  for (char32_t c : utf8ToU32(text)) {
    if (c == '\n') {
      line = 0;
      continue;
    }
    line += c < 0x1100 && c != '%' ? 1 : 2;  // '%' is wide in the CJK faces
    widest = std::max(widest, line);
  }
  return widest;
}

// Column widths in half-width units of the table font across the text block, and the
// padding a cell adds.
const int kTableUnits =
    static_cast<int>((style::kPageWidthMm - style::kMarginLeftMm - style::kMarginRightMm) * 72 /
                     25.4 / (style::kTableCell.sizePt / 2));
constexpr int kPadUnits = 2;
// A column's text wraps at kMaxUnits at most; a column is never narrower than its text up to
// kShortUnits (five CJK characters: "≥90%", "10分", "产出指标"); column headings wrap at
// kHeadingUnits when the figures below them are narrower. A text column whose heading has
// kSentenceHeadingChars or more (偏差原因分析及改进措施) holds sentences: kSentenceUnits at least.
constexpr int kMinUnits = 4, kShortUnits = 10, kMaxUnits = 30, kHeadingUnits = 4;
constexpr int kSentenceHeadingChars = 8, kSentenceUnits = 18;
// A column this narrow ("10分", "91.31%", a group label) keeps its width in a crowded table.
constexpr int kNarrowUnits = 10;

bool isShort(const std::string& text) {
  return text.find('\n') == std::string::npos &&
         utf8ToU32(text).size() <= static_cast<size_t>(style::kCentredCellChars);
}

// Shares of the width: every column gets its natural width when they all fit; otherwise its
// natural width up to kShortUnits (or its floor), and the rest of the width goes to the wider
// columns in proportion to what they lack.
std::vector<double> shares(const std::vector<int>& natural, const std::vector<int>& floor) {
  double total = 0, least = 0;
  std::vector<double> minimum;
  for (size_t i = 0; i < natural.size(); ++i) {
    int n = natural[i];
    total += n;
    minimum.push_back(std::min(n, std::max(kShortUnits + kPadUnits, floor[i])));
    least += minimum.back();
  }
  std::vector<double> out;
  if (total <= kTableUnits) {
    for (int n : natural) out.push_back(n / total);
    return out;
  }
  if (least >= kTableUnits) {
    // Too many columns for the width: narrow columns (short figures, group labels) and
    // sentence columns keep their width, the others share the rest in proportion; when
    // even that does not fit, all shrink alike.
    double fixed = 0, rest = 0;
    for (size_t i = 0; i < natural.size(); ++i) {
      if (floor[i] > 0) {
        fixed += floor[i];
      } else if (minimum[i] <= kNarrowUnits) {
        fixed += minimum[i];
      } else {
        rest += minimum[i];
      }
    }
    bool keep = rest > 0 && fixed <= kTableUnits * 0.7;
    double scale = keep ? (kTableUnits - fixed) / rest : kTableUnits / (fixed + rest);
    for (size_t i = 0; i < natural.size(); ++i) {
      double width = floor[i] > 0 ? floor[i] : minimum[i];
      bool kept = keep && (floor[i] > 0 || minimum[i] <= kNarrowUnits);
      out.push_back((kept ? width : width * scale) / kTableUnits);
    }
    return out;
  }
  double spare = kTableUnits - least, lacking = total - least;
  for (size_t i = 0; i < natural.size(); ++i) {
    out.push_back((minimum[i] + spare * (natural[i] - minimum[i]) / lacking) / kTableUnits);
  }
  return out;
}

// A label ending in a bracketed score ("产出指标(50分)", "效益指标（30分）") that does not fit its
// cell on one line breaks before the bracket, as the bureau's form prints it, rather than
// wherever the column ends (产出指/标(50/分)). `units`: the cell's text width, half-width
// units. The imports join the two lines again (text_lines.h, joinWrappedLines), so the report
// reads back the same. Figures (with padding added) and text already broken are left alone.
void breakBeforeBracket(LayoutCell& c, int units) {
  if (c.padLen > 0 || c.text.find('\n') != std::string::npos || textUnits(c.text) <= units) return;
  std::u32string u = utf8ToU32(c.text);
  if (u.empty() || (u.back() != U')' && u.back() != U'）')) return;
  size_t open = u.find_last_of(U"(（");
  if (open == std::u32string::npos || open == 0) return;
  c.text = u32ToUtf8(u.substr(0, open)) + "\n" + u32ToUtf8(u.substr(open));
}

// The text width of a cell over grid columns [at, at + span) (shares of kTableUnits), in
// half-width units, its padding taken off.
int cellUnits(const std::vector<double>& columns, int at, int span) {
  double share = 0;
  for (int s = at; s < at + span && s < static_cast<int>(columns.size()); ++s) share += columns[s];
  return static_cast<int>(share * kTableUnits) - kPadUnits;
}

// "5" -> "5.00", "92%" -> "92.00%", "2.5" -> "2.50": a plain figure from byte `from` on gets
// two decimals (DOMAIN.md: money and rates with two decimals); the added bytes are marked.
// Anything else ("≥90%", "2亿", "——") is left as written.
void twoDecimals(LayoutCell& c, size_t from) {
  std::string_view t = std::string_view(c.text).substr(from);
  auto digit = [&](size_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; };
  size_t i = t.size() > 0 && t[0] == '-' ? 1 : 0, first = i;
  while (digit(i) || (i < t.size() && t[i] == ',')) ++i;
  if (i == first) return;
  size_t decimals = 0;
  if (i < t.size() && t[i] == '.') {
    while (digit(++i)) ++decimals;
    if (decimals == 0) return;
  }
  size_t end = i;
  if (i < t.size() && t[i] == '%') ++i;
  if (i != t.size() || decimals >= 2) return;
  std::string pad = decimals == 0 ? ".00" : "0";
  c.padAt = from + end;
  c.padLen = pad.size();
  c.text.insert(c.padAt, pad);
}

// A cell while its table is laid out: which column it shows and how wide its text is.
struct Draft {
  LayoutCell cell;
  std::string key;          // the template column ("label", "amount"); "" for none
  int natural = 0;          // half-width units, padding included
  bool mergeUp = false;     // an empty group label under its group: merge with the cell above
  bool textColumn = false;  // a text column: centred when every cell of it is short
  bool figure = false;      // a figure column (money, rate, score...): may anchor to the grid
};

struct DraftRow {
  LayoutRow row;  // its cells are filled in by arrange()
  std::vector<Draft> cells;
  bool groupFirst = false;  // the first cell is the block's group-label column: grid column 0
};

// A figure's digits get a third more: where the named face is missing, the stand-in's digits
// are wider than half a CJK character (DejaVu Sans in LibreOffice: 0.64 em).
int naturalUnits(const std::string& text, bool header, bool figure = false) {
  int units = std::min(textUnits(text), header ? kHeadingUnits : kMaxUnits);
  if (figure) units += (units + 2) / 3;
  if (header && utf8ToU32(text).size() >= static_cast<size_t>(kSentenceHeadingChars)) {
    units = std::max(units, kSentenceUnits);
  }
  return std::max(units, kMinUnits) + kPadUnits;
}

// The cells of one block and row length, as mapToGrid() sees them.
struct RowShape {
  std::vector<int> natural;       // the widest cell of each position
  std::vector<std::string> keys;  // the template column of each position
  std::vector<bool> figure;       // a figure column: anchored under the same key
  bool groupFirst = false;
};

// Maps a row shape's cells onto the grid's columns (their natural widths `grid`, keys
// `gridKeys`): each cell takes a run of columns; a cell of the same column key as a grid
// column takes that column alone where it can (总分's figures under 分值 and 得分), the
// others come as close to their own width as the runs allow (narrower costs twice as much
// as wider); the first cell of a group-label row takes column 0 alone. Returns each cell's
// span; the spans end short of the grid only for an anchor (an empty cell fills the rest).
std::vector<int> mapToGrid(const RowShape& r, const std::vector<int>& grid,
                           const std::vector<std::string>& gridKeys) {
  const size_t n = r.natural.size(), m = grid.size();
  constexpr double kNever = 1e18, kAnchor = -1e6, kFiller = 5e5;
  std::vector<int> before(m + 1, 0);
  for (size_t j = 0; j < m; ++j) before[j + 1] = before[j] + grid[j];
  auto cost = [&](size_t i, size_t a, size_t b) {
    if (i == 0 && r.groupFirst && (a != 0 || b != 1)) return kNever;
    const std::string& key = r.keys[i];
    if (b == a + 1 && r.figure[i] && gridKeys[a] == key) return kAnchor;
    // Squared and relative to the cell's own width, so spare width is shared out in
    // proportion to the cells' widths.
    double diff = before[b] - before[a] - r.natural[i];
    return diff * diff / r.natural[i] * (diff < 0 ? 2 : 1);
  };
  // best[i][j]: the least cost of cells [0, i) over columns [0, j); from[i][j]: where cell
  // i - 1 starts.
  std::vector<std::vector<double>> best(n + 1, std::vector<double>(m + 1, kNever));
  std::vector<std::vector<size_t>> from(n + 1, std::vector<size_t>(m + 1, 0));
  best[0][0] = 0;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = i; j <= m; ++j) {
      for (size_t a = i - 1; a < j; ++a) {
        if (best[i - 1][a] >= kNever) continue;
        double c = best[i - 1][a] + cost(i - 1, a, j);
        if (c < best[i][j]) best[i][j] = c, from[i][j] = a;
      }
    }
  }
  size_t end = m;
  double least = kNever;
  for (size_t j = n; j <= m; ++j) {
    double c = best[n][j] + (j < m ? kFiller : 0);
    if (c < least) least = c, end = j;
  }
  assert(least < kNever);
  std::vector<int> spans(n);
  for (size_t i = n, j = end; i > 0; --i) {
    size_t a = from[i][j];
    spans[i - 1] = static_cast<int>(j - a);
    j = a;
  }
  return spans;
}

// One grid for the table: the columns of the block with the most cells, widened where
// another block's text needs more; every row's cells mapped onto it; vertical merges where
// a group label's column goes on empty below it; alignment by column.
void arrange(std::vector<DraftRow>& rows, LayoutTable& out) {
  size_t master = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].cells.size() > rows[master].cells.size()) master = i;
  }
  const std::string masterBlock = rows.empty() ? "" : rows[master].row.block;
  const size_t m = rows.empty() ? 0 : rows[master].cells.size();
  std::vector<int> grid(m, kMinUnits + kPadUnits);
  std::vector<std::string> gridKeys(m);
  for (const auto& r : rows) {
    if (r.row.block != masterBlock || r.cells.size() != m) continue;
    for (size_t i = 0; i < m; ++i) {
      grid[i] = std::max(grid[i], r.cells[i].natural);
      gridKeys[i] = r.cells[i].key;
    }
  }
  // Text columns are centred when all their cells are short, per block and row length.
  std::map<std::pair<std::string, size_t>, std::vector<bool>> shortColumns;
  for (const auto& r : rows) {
    auto& columns = shortColumns[{r.row.block, r.cells.size()}];
    columns.resize(r.cells.size(), true);
    for (size_t i = 0; i < r.cells.size(); ++i) {
      if (!r.row.header && !isShort(r.cells[i].cell.text)) columns[i] = false;
    }
  }
  // Rows of one block and length share their mapping.
  std::map<std::pair<std::string, size_t>, RowShape> shapes;
  for (const auto& r : rows) {
    RowShape& shape = shapes[{r.row.block, r.cells.size()}];
    shape.natural.resize(r.cells.size(), 0);
    shape.keys.resize(r.cells.size());
    shape.figure.resize(r.cells.size(), false);
    shape.groupFirst = shape.groupFirst || r.groupFirst;
    for (size_t i = 0; i < r.cells.size(); ++i) {
      shape.natural[i] = std::max(shape.natural[i], r.cells[i].natural);
      if (!r.cells[i].key.empty()) shape.keys[i] = r.cells[i].key;
      if (r.cells[i].figure) shape.figure[i] = true;
    }
  }
  auto mapAll = [&] {
    std::map<std::pair<std::string, size_t>, std::vector<int>> out;
    for (const auto& [key, shape] : shapes) out[key] = mapToGrid(shape, grid, gridKeys);
    return out;
  };
  auto spans = mapAll();
  // Widen the grid where a cell is narrower than its text, then map again on the new grid.
  for (const auto& [key, shape] : shapes) {
    size_t at = 0;
    for (size_t i = 0; i < shape.natural.size(); ++i) {
      int span = spans[key][i], width = 0;
      for (int s = 0; s < span; ++s) width += grid[at + s];
      int lack = shape.natural[i] - width;
      if (lack > 0 && !(shape.groupFirst && i == 0)) grid[at + span - 1] += lack;
      at += span;
    }
  }
  spans = mapAll();
  // A sentence column keeps its width when the others are squeezed.
  std::vector<int> floor(m, 0);
  std::vector<bool> text(m, false);
  for (const auto& r : rows) {
    if (r.row.header || r.row.block != masterBlock || r.cells.size() != m) continue;
    for (size_t i = 0; i < m; ++i) text[i] = text[i] || r.cells[i].textColumn;
  }
  for (const auto& r : rows) {
    if (!r.row.header || r.row.block != masterBlock || r.cells.size() != m) continue;
    for (size_t i = 0; i < m; ++i) {
      if (text[i] && utf8ToU32(r.cells[i].cell.text).size() >= size_t(kSentenceHeadingChars)) {
        floor[i] = kSentenceUnits + kPadUnits;
      }
    }
  }
  out.columns = shares(grid, floor);

  // Cells, with the filler, and the grid column each starts at.
  std::vector<std::vector<int>> starts(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) {
    DraftRow& r = rows[k];
    const auto& centred = shortColumns[{r.row.block, r.cells.size()}];
    int at = 0;
    for (size_t i = 0; i < r.cells.size(); ++i) {
      LayoutCell c = r.cells[i].cell;
      c.span = spans[{r.row.block, r.cells.size()}][i];
      if (r.row.header || (r.cells[i].textColumn && centred[i])) c.align = style::Align::kCenter;
      if (!r.row.header) breakBeforeBracket(c, cellUnits(out.columns, at, c.span));
      starts[k].push_back(at);
      at += c.span;
      r.row.cells.push_back(std::move(c));
    }
    if (at < static_cast<int>(m)) {
      LayoutCell filler;
      filler.span = static_cast<int>(m) - at;
      starts[k].push_back(at);
      r.row.cells.push_back(filler);
      r.cells.push_back({});
    }
  }
  // Vertical merges: an empty group label below a cell of the same columns joins it.
  for (size_t k = 1; k < rows.size(); ++k) {
    for (size_t i = 0; i < rows[k].cells.size(); ++i) {
      if (!rows[k].cells[i].mergeUp || !rows[k].row.cells[i].text.empty()) continue;
      const auto& above = starts[k - 1];
      auto found = std::find(above.begin(), above.end(), starts[k][i]);
      if (found == above.end()) continue;
      size_t j = found - above.begin();
      if (rows[k - 1].row.cells[j].span != rows[k].row.cells[i].span) continue;
      rows[k].row.cells[i].merged = true;
    }
  }
  for (size_t k = 0; k < rows.size(); ++k) {
    for (size_t i = 0; i < rows[k].row.cells.size(); ++i) {
      LayoutCell& c = rows[k].row.cells[i];
      if (c.merged) continue;
      // Count the merged cells below, column by column.
      int start = starts[k][i];
      size_t below = k + 1;
      while (below < rows.size()) {
        const auto& s = starts[below];
        auto found = std::find(s.begin(), s.end(), start);
        if (found == s.end() || !rows[below].row.cells[found - s.begin()].merged) break;
        ++below;
      }
      c.rowSpan = static_cast<int>(below - k);
    }
  }
  for (auto& r : rows) out.rows.push_back(std::move(r.row));
}

class TableLayout {
 public:
  TableLayout(const report::ReportContent& report, const report::Template& tmpl)
      : report_(report), tmpl_(tmpl) {}

  LayoutTable layout(const TableContent& table) {
    auto tt = *tmpl_.tableOf(table);
    readComputed(table);
    LayoutTable out;
    bool titled = table.title.find(tt.getTitleMatch().cStr()) != std::string::npos;
    out.title = titled ? table.title : report::fillYear(tt.getTitle().cStr(), report_.year);
    out.subtitle = report::tableSubtitle(tt, report_.year, report_.dept);
    out.unit = str(tt.getUnit());
    out.notes = str(tt.getNotes());
    std::vector<DraftRow> rows;
    for (auto block : tt.getBlocks()) {
      if (block.getStyle() == proto::BlockStyle::FORM) {
        layoutForm(table, block, rows);
      } else {
        layoutRows(table, tt, block, rows);
      }
    }
    arrange(rows, out);
    return out;
  }

 private:
  void readComputed(const TableContent& table) {
    computed_.clear();
    auto view = report::viewTable(tmpl_, report_, table.key);
    for (const auto& block : view.blocks) {
      for (const auto& row : block.rows) {
        for (const auto& cell : row.cells) {
          if (cell.computed) computed_[{row.key, cell.column}] = *cell.computed;
        }
      }
    }
  }

  // As the text form writes it; empty computed cells show their figure.
  LayoutCell cell(const RowContent& row, const std::string& column) const {
    LayoutCell out;
    auto it = row.cells.find(column);
    if (it != row.cells.end() && !it->second.values.empty()) {
      out.text = report::normalizeCell(it->second.values[0]);
      if (!out.text.empty()) return out;
    }
    auto c = computed_.find({row.key, column});
    if (c != computed_.end()) out.text = c->second, out.computed = true;
    return out;
  }

  // A figure column's cell: two decimals (money, rates, areas) and its alignment; a text
  // column's cell is marked so arrange() centres the column when all of it is short.
  static void shape(Draft& d, proto::ColumnType type, size_t figureAt) {
    using T = proto::ColumnType;
    d.figure = type != T::TEXT;
    if (type == T::MONEY || type == T::PERCENT || type == T::NUMBER) {
      twoDecimals(d.cell, figureAt);
      if (figureAt == 0) d.cell.align = style::Align::kRight;
    } else if (type == T::SCORE || type == T::COUNT) {
      d.cell.align = style::Align::kCenter;
    } else if (d.key != "label") {
      d.textColumn = true;
    }
  }

  static std::string labelOf(proto::RowTemplate::Reader row) {
    return str(row.getDisplay().size() > 0 ? row.getDisplay() : row.getLabel());
  }

  static std::map<std::string, proto::ColumnType> typesOf(proto::Block::Reader block) {
    std::map<std::string, proto::ColumnType> types;
    for (auto c : block.getColumns()) types[str(c.getKey())] = c.getType();
    return types;
  }

  void layoutRows(const TableContent& table, proto::TableTemplate::Reader tt,
                  proto::Block::Reader block, std::vector<DraftRow>& out) {
    auto layout = block.getLayout();
    auto types = typesOf(block);
    // The form's subtotals (rows others sum into) are bold, their items indented.
    std::map<std::string, std::string> parentOf;
    std::set<std::string> totals;
    for (auto r : block.getRows()) {
      parentOf[str(r.getKey())] = str(r.getParent());
      if (r.getParent().size() > 0) totals.insert(str(r.getParent()));
      if (r.getAllowAdd()) totals.insert(str(r.getKey()));
    }
    auto depth = [&](std::string key) {
      int d = 0;
      for (; d < 8 && !parentOf[key].empty(); ++d) key = parentOf[key];
      return d;
    };
    // A block whose first column is unlabelled prints its group label there, once, merged
    // down over its rows (财政供养人员情况, 年度总体目标, 绩效指标).
    bool grouped = layout.size() > 0 && layout[0].size() == 0 && block.getHeader().size() > 0;
    if (block.getHeader().size() > 0) {
      DraftRow header;
      header.row.header = true;
      header.row.block = str(block.getKey());
      header.groupFirst = grouped;
      for (unsigned i = 0; i < block.getHeader().size(); ++i) {
        Draft d;
        d.cell.text = report::fillYear(block.getHeader()[i].cStr(), report_.year);
        d.key = i < layout.size() ? str(layout[i]) : "";
        d.natural = naturalUnits(d.cell.text, true);
        header.cells.push_back(std::move(d));
      }
      out.push_back(std::move(header));
    }
    std::map<std::string, std::string> above;  // fill-down columns: the value written above
    for (const RowContent& row : table.rows) {
      auto place = report::placeOf(tt, row);
      if (!place || place->block.getKey() != block.getKey()) continue;
      DraftRow r;
      r.row.block = str(block.getKey());
      r.groupFirst = grouped;
      std::string key = place->row ? str(place->row->getKey()) : row.group;
      bool total = place->row &&
                   (totals.count(key) || labelOf(*place->row).find("合计") != std::string::npos);
      int indent = place->row ? depth(key) : depth(row.group) + 1;
      for (unsigned i = 0; i < layout.size(); ++i) {
        Draft d;
        d.key = str(layout[i]);
        if (d.key.empty()) {
          d.mergeUp = grouped && i == 0;
        } else if (d.key == "label" && place->row) {
          d.cell.text = labelOf(*place->row);
        } else {
          d.cell = cell(row, d.key);
        }
        if (d.key == "label") d.cell.indent = indent;
        auto type = types.find(d.key);
        if (type != types.end()) shape(d, type->second, 0);
        d.cell.bold = total;
        r.cells.push_back(std::move(d));
      }
      // Indicators: a 一级/二级指标 equal to the one above is left empty and merged with it
      // (a 二级指标 only under a merged 一级指标).
      bool outerMerged = true;
      for (auto column : block.getFillDown()) {
        for (unsigned i = 0; i < layout.size(); ++i) {
          if (layout[i] != column) continue;
          std::string& seen = above[str(column)];
          if (outerMerged && r.cells[i].cell.text == seen) {
            r.cells[i].cell = {};
            r.cells[i].mergeUp = true;
          } else {
            seen = r.cells[i].cell.text;
            outerMerged = false;
          }
        }
      }
      for (auto& d : r.cells) d.natural = naturalUnits(d.cell.text, false, d.figure);
      out.push_back(std::move(r));
    }
  }

  void layoutForm(const TableContent& table, proto::Block::Reader block,
                  std::vector<DraftRow>& out) {
    unsigned rows = 0, cols = 0;
    for (auto r : block.getRows()) {
      rows = std::max<unsigned>(rows, r.getGridRow() + 1);
      cols = std::max<unsigned>(cols, r.getGridCol() + 1);
    }
    auto column = block.getColumns()[0];
    std::string key = str(column.getKey());
    for (unsigned gr = 0; gr < rows; ++gr) {
      DraftRow r;
      r.row.block = str(block.getKey());
      // Leading cells continue the group label of the block above (年度预算申请（万元）).
      r.groupFirst = block.getLeadingCells() > 0;
      for (unsigned i = 0; i < block.getLeadingCells(); ++i) {
        Draft d;
        d.mergeUp = true;
        r.cells.push_back(std::move(d));
      }
      for (unsigned gc = 0; gc < cols; ++gc) {
        std::optional<proto::RowTemplate::Reader> field;
        for (auto f : block.getRows()) {
          if (f.getGridRow() == gr && f.getGridCol() == gc) field = f;
        }
        const RowContent* row = field ? table.row(field->getKey().cStr()) : nullptr;
        Draft value;
        value.key = key;
        if (row) value.cell = cell(*row, key);
        if (!field) {
          r.cells.push_back({});
        } else if (block.getInlineLabels()) {
          std::string label = labelOf(*field) + "：";
          value.cell.text = label + value.cell.text;
          shape(value, column.getType(), label.size());
          value.cell.indent = field->getParent().size() > 0 ? 1 : 0;
          r.cells.push_back(std::move(value));
        } else {
          Draft name;
          name.cell.text = labelOf(*field);
          r.cells.push_back(std::move(name));
          shape(value, column.getType(), 0);
          r.cells.push_back(std::move(value));
        }
      }
      // A field-per-cell form row ends at its last field; an inline one keeps its columns.
      while (!block.getInlineLabels() && r.cells.size() > 1 && r.cells.back().cell.text.empty()) {
        r.cells.pop_back();
      }
      for (auto& d : r.cells) d.natural = naturalUnits(d.cell.text, false, d.figure);
      out.push_back(std::move(r));
    }
  }

  const report::ReportContent& report_;
  const report::Template& tmpl_;
  std::map<std::pair<std::string, std::string>, std::string> computed_;
};

}  // namespace

std::vector<LayoutTable> layoutTables(const report::ReportContent& report,
                                      const report::Template& tmpl) {
  std::vector<LayoutTable> out;
  TableLayout layout(report, tmpl);
  for (const TableContent* table : report::tablesInOrder(tmpl, report))
    out.push_back(layout.layout(*table));
  return out;
}

}  // namespace rs::formats
