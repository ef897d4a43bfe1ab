// The tables of a layout: the cells the text form writes (text_export.cpp), with computed
// figures where the report leaves a computed cell empty, and column widths from the text.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "formats/layout_document.h"
#include "formats/layout_styles.h"
#include "report/labels.h"
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
    line += c < 0x1100 ? 1 : 2;
    widest = std::max(widest, line);
  }
  return widest;
}

// Column widths in half-width units of the table font across the text block, and the
// padding a cell adds.
const int kTableUnits =
    static_cast<int>((style::kPageWidthMm - style::kMarginLeftMm - style::kMarginRightMm) * 72 /
                     25.4 / (style::kTableCell.sizePt / 2));
constexpr int kPadUnits = 3;
// A column's text wraps at kMaxUnits at most; a column is never narrower than its text up to
// kShortUnits (five CJK characters: "≥90%", "10分", "产出指标"); column headings wrap at
// kHeadingUnits when the figures below them are narrower.
constexpr int kMinUnits = 4, kShortUnits = 10, kMaxUnits = 30, kHeadingUnits = 4;

struct Column {
  int natural = kMinUnits + kPadUnits;  // as wide as its widest line, within kMaxUnits
  bool shortText = true;                // every cell one short line: centred
};

bool isShort(const std::string& text) {
  return text.find('\n') == std::string::npos &&
         utf8ToU32(text).size() <= static_cast<size_t>(style::kCentredCellChars);
}

// Shares of the width: every column gets its natural width when they all fit; otherwise its
// natural width up to kShortUnits, and the rest of the width goes to the wider columns in
// proportion to what they lack.
std::vector<double> shares(const std::vector<Column>& columns) {
  double natural = 0, least = 0;
  std::vector<double> minimum;
  for (const auto& c : columns) {
    natural += c.natural;
    minimum.push_back(std::min(c.natural, kShortUnits + kPadUnits));
    least += minimum.back();
  }
  std::vector<double> out;
  if (natural <= kTableUnits || least >= kTableUnits) {
    double sum = natural <= kTableUnits ? natural : least;
    for (size_t i = 0; i < columns.size(); ++i) {
      out.push_back((natural <= kTableUnits ? columns[i].natural : minimum[i]) / sum);
    }
    return out;
  }
  double spare = kTableUnits - least, lacking = natural - least;
  for (size_t i = 0; i < columns.size(); ++i) {
    out.push_back((minimum[i] + spare * (columns[i].natural - minimum[i]) / lacking) / kTableUnits);
  }
  return out;
}

// Rows of one block and one length share their columns: widths and alignment.
void arrangeColumns(std::vector<LayoutRow>& rows) {
  std::map<std::pair<std::string, size_t>, std::vector<Column>> groups;
  for (const auto& row : rows) {
    auto& columns = groups[{row.block, row.cells.size()}];
    columns.resize(row.cells.size());
    for (size_t i = 0; i < row.cells.size(); ++i) {
      const std::string& text = row.cells[i].text;
      int units = std::min(textUnits(text), row.header ? kHeadingUnits : kMaxUnits);
      columns[i].natural = std::max(columns[i].natural, units + kPadUnits);
      if (!row.header && !isShort(text)) columns[i].shortText = false;
    }
  }
  for (auto& row : rows) {
    const auto& columns = groups[{row.block, row.cells.size()}];
    row.widths = shares(columns);
    for (size_t i = 0; i < row.cells.size(); ++i) {
      row.cells[i].centred = row.header || columns[i].shortText;
    }
  }
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
    out.unit = str(tt.getUnit());
    out.notes = str(tt.getNotes());
    for (auto block : tt.getBlocks()) {
      if (block.getStyle() == proto::BlockStyle::FORM) {
        layoutForm(table, block, out.rows);
      } else {
        layoutRows(table, tt, block, out.rows);
      }
    }
    arrangeColumns(out.rows);
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
    auto it = row.cells.find(column);
    if (it != row.cells.end() && !it->second.values.empty()) {
      std::string text = report::normalizeCell(it->second.values[0]);
      if (!text.empty()) return {text, false};
    }
    auto c = computed_.find({row.key, column});
    if (c != computed_.end()) return {c->second, true};
    return {};
  }

  static std::string labelOf(proto::RowTemplate::Reader row) {
    return str(row.getDisplay().size() > 0 ? row.getDisplay() : row.getLabel());
  }

  void layoutRows(const TableContent& table, proto::TableTemplate::Reader tt,
                  proto::Block::Reader block, std::vector<LayoutRow>& out) {
    if (block.getHeader().size() > 0) {
      LayoutRow header;
      header.header = true;
      header.block = str(block.getKey());
      for (auto h : block.getHeader()) {
        header.cells.push_back({report::fillYear(h.cStr(), report_.year), false});
      }
      out.push_back(std::move(header));
    }
    std::map<std::string, std::string> above;  // fill-down columns: the value written above
    for (const RowContent& row : table.rows) {
      auto place = report::placeOf(tt, row);
      if (!place || place->block.getKey() != block.getKey()) continue;
      LayoutRow r;
      r.block = str(block.getKey());
      auto layout = block.getLayout();
      for (auto column : layout) {
        std::string key = str(column);
        if (key.empty()) {
          r.cells.push_back({});
        } else if (key == "label" && place->row) {
          r.cells.push_back({labelOf(*place->row), false});
        } else {
          r.cells.push_back(cell(row, key));
        }
      }
      // Indicators: a 一级/二级指标 equal to the one above is left empty (a merged cell).
      for (auto column : block.getFillDown()) {
        for (unsigned i = 0; i < layout.size(); ++i) {
          if (layout[i] != column) continue;
          std::string& seen = above[str(column)];
          if (r.cells[i].text == seen) {
            r.cells[i] = {};
          } else {
            seen = r.cells[i].text;
          }
        }
      }
      out.push_back(std::move(r));
    }
  }

  void layoutForm(const TableContent& table, proto::Block::Reader block,
                  std::vector<LayoutRow>& out) {
    unsigned rows = 0, cols = 0;
    for (auto r : block.getRows()) {
      rows = std::max<unsigned>(rows, r.getGridRow() + 1);
      cols = std::max<unsigned>(cols, r.getGridCol() + 1);
    }
    std::string column = str(block.getColumns()[0].getKey());
    for (unsigned gr = 0; gr < rows; ++gr) {
      LayoutRow r;
      r.block = str(block.getKey());
      r.cells.resize(block.getLeadingCells());
      for (unsigned gc = 0; gc < cols; ++gc) {
        std::optional<proto::RowTemplate::Reader> field;
        for (auto f : block.getRows()) {
          if (f.getGridRow() == gr && f.getGridCol() == gc) field = f;
        }
        const RowContent* row = field ? table.row(field->getKey().cStr()) : nullptr;
        LayoutCell value = row ? cell(*row, column) : LayoutCell{};
        if (!field) {
          r.cells.push_back({});
        } else if (block.getInlineLabels()) {
          r.cells.push_back({labelOf(*field) + "：" + value.text, value.computed});
        } else {
          r.cells.push_back({labelOf(*field), false});
          r.cells.push_back(value);
        }
      }
      while (r.cells.size() > 1 && r.cells.back().text.empty()) r.cells.pop_back();
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
  for (auto tt : tmpl.root().getTables()) {
    // Template order; instances of a repeatable table by their number.
    std::vector<std::pair<long, const TableContent*>> found;
    for (const auto& [key, table] : report.tables) {
      if (table.templateKey != tt.getKey().cStr()) continue;
      size_t dash = key.rfind('-');
      long n = tt.getRepeatable() && dash != std::string::npos
                   ? std::strtol(key.c_str() + dash + 1, nullptr, 10)
                   : 0;
      found.push_back({n, &table});
    }
    std::sort(found.begin(), found.end());
    for (auto& f : found) out.push_back(layout.layout(*f.second));
  }
  return out;
}

TableGrid tableGrid(const LayoutTable& table) {
  // Boundaries on a 1/1000 grid, so that nearly equal ones merge.
  constexpr int kSteps = 1000;
  std::vector<std::vector<int>> edges;
  std::set<int> all = {0, kSteps};
  for (const auto& row : table.rows) {
    std::vector<int> e = {0};
    double at = 0;
    for (double w : row.widths) {
      at += w;
      e.push_back(std::clamp(static_cast<int>(std::lround(at * kSteps)), e.back(), kSteps));
    }
    e.back() = kSteps;
    all.insert(e.begin(), e.end());
    edges.push_back(std::move(e));
  }
  std::vector<int> grid(all.begin(), all.end());
  TableGrid out;
  for (size_t i = 1; i < grid.size(); ++i) {
    out.columns.push_back(double(grid[i] - grid[i - 1]) / kSteps);
  }
  auto index = [&](int edge) {
    return static_cast<int>(std::lower_bound(grid.begin(), grid.end(), edge) - grid.begin());
  };
  for (const auto& e : edges) {
    std::vector<int> spans;
    for (size_t i = 1; i < e.size(); ++i) spans.push_back(index(e[i]) - index(e[i - 1]));
    out.spans.push_back(std::move(spans));
  }
  return out;
}

}  // namespace rs::formats
