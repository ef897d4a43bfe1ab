#include "formats/docx_computed.h"

#include <map>
#include <string_view>
#include <tuple>
#include <vector>

#include "report/figures.h"
#include "report/labels.h"
#include "report/table_view.h"

namespace rs::formats {

namespace {

struct Marked {
  std::string table, row, column;
  std::string figure;  // the cell's text without its marks
};

// Splits a cell's text into what lies outside the marks and the whole text without them.
void unmark(const std::string& value, std::string& outside, std::string& whole) {
  constexpr std::string_view open = kComputedOpen, close = kComputedClose;
  bool inside = false;
  for (size_t i = 0; i < value.size();) {
    if (std::string_view(value).substr(i, open.size()) == open) {
      inside = true, i += open.size();
    } else if (std::string_view(value).substr(i, close.size()) == close) {
      inside = false, i += close.size();
    } else {
      if (!inside) outside += value[i];
      whole += value[i++];
    }
  }
}

bool sameFigure(const std::string& a, const std::string& b) {
  auto va = report::parseValue(a), vb = report::parseValue(b);
  if (va && vb) return *va == *vb;
  return report::normalizeCell(a) == report::normalizeCell(b);
}

}  // namespace

void resolveComputed(report::ReportContent& report, const report::Template& tmpl) {
  std::vector<Marked> marked;
  for (auto& [key, table] : report.tables) {
    for (auto& row : table.rows) {
      for (auto it = row.cells.begin(); it != row.cells.end();) {
        bool wholeMarked = false;
        std::string figure;
        for (std::string& value : it->second.values) {
          if (value.find(kComputedOpen) == std::string::npos &&
              value.find(kComputedClose) == std::string::npos) {
            continue;
          }
          std::string outside, whole;
          unmark(value, outside, whole);
          value = report::normalizeCell(whole);
          wholeMarked = it->second.values.size() == 1 && report::trimText(outside).empty();
          figure = value;
        }
        if (wholeMarked) {
          marked.push_back({key, row.key, it->first, figure});
          it = row.cells.erase(it);
        } else {
          ++it;
        }
      }
    }
  }
  std::map<std::string, std::map<std::pair<std::string, std::string>, std::string>> computed;
  for (const Marked& m : marked) {
    if (computed.count(m.table)) continue;
    auto& cells = computed[m.table];
    for (const auto& block : report::viewTable(tmpl, report, m.table).blocks) {
      for (const auto& row : block.rows) {
        for (const auto& cell : row.cells) {
          if (cell.computed) cells[{row.key, cell.column}] = *cell.computed;
        }
      }
    }
  }
  for (const Marked& m : marked) {
    auto& cells = computed[m.table];
    auto it = cells.find({m.row, m.column});
    if (it != cells.end() && sameFigure(it->second, m.figure)) continue;
    report.table(m.table)->row(m.row)->set(m.column, m.figure);
  }
}

}  // namespace rs::formats
