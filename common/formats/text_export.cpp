#include "formats/text_export.h"

#include <algorithm>

#include "report/labels.h"
#include "report/table_order.h"

namespace rs::formats {

namespace {

using report::RowContent;
using report::TableContent;
namespace proto = rs::proto;

constexpr std::string_view kIndent = "\u3000\u3000";  // two-character first-line indent

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

class Writer {
 public:
  Writer(const report::ReportContent& report, const report::Template& tmpl)
      : report_(report), tmpl_(tmpl) {}

  std::string write() {
    line(report_.title);
    for (auto cover : tmpl_.root().getCoverLines()) line(str(cover));
    line("");
    writeSections(report_.sections, 1);
    for (const TableContent* table : report::tablesInOrder(tmpl_, report_)) writeTable(*table);
    return out_;
  }

 private:
  void line(std::string_view text) {
    out_ += text;
    out_ += '\n';
  }

  void writeSections(const std::vector<report::SectionContent>& sections, int level) {
    for (size_t i = 0; i < sections.size(); ++i) {
      line(report::outlineNumber(level, static_cast<int>(i) + 1) + sections[i].title);
      size_t start = 0;
      const std::string& body = sections[i].body;
      while (start < body.size()) {
        size_t end = std::min(body.find('\n', start), body.size());
        line(std::string(kIndent) + body.substr(start, end - start));
        start = end + 1;
      }
      writeSections(sections[i].children, level + 1);
    }
  }

  void writeTable(const TableContent& table) {
    auto tt = *tmpl_.tableOf(table);
    line("");
    bool titled = table.title.find(tt.getTitleMatch().cStr()) != std::string::npos;
    line(titled ? table.title : report::fillYear(tt.getTitle().cStr(), report_.year));
    std::string subtitle = report::tableSubtitle(tt, report_.year, report_.dept);
    if (!subtitle.empty()) line(subtitle);
    if (tt.getUnit().size() > 0) line(str(tt.getUnit()));
    for (auto block : tt.getBlocks()) {
      switch (block.getStyle()) {
        case proto::BlockStyle::FORM:
          writeForm(table, block);
          break;
        default:
          writeRows(table, tt, block);
      }
    }
    if (tt.getNotes().size() > 0) {
      line("");
      line(str(tt.getNotes()));
    }
  }

  void writeRow(const std::vector<std::string>& cells) {
    for (const auto& cell : cells) line("\t" + cell);
    line("");
  }

  static std::string cellText(const RowContent& row, const std::string& column) {
    auto it = row.cells.find(column);
    if (it == row.cells.end() || it->second.values.empty()) return "";
    return report::normalizeCell(it->second.values[0]);
  }

  static std::string labelOf(proto::RowTemplate::Reader row) {
    return str(row.getDisplay().size() > 0 ? row.getDisplay() : row.getLabel());
  }

  void writeRows(const TableContent& table, proto::TableTemplate::Reader tt,
                 proto::Block::Reader block) {
    if (block.getHeader().size() > 0) {
      std::vector<std::string> header;
      for (auto h : block.getHeader()) header.push_back(report::fillYear(h.cStr(), report_.year));
      writeRow(header);
    }
    std::map<std::string, std::string> above;  // fill-down columns: the value written above
    for (const RowContent& row : table.rows) {
      auto place = report::placeOf(tt, row);
      if (!place || place->block.getKey() != block.getKey()) continue;
      std::vector<std::string> cells;
      for (auto column : block.getLayout()) {
        std::string key = str(column);
        if (key.empty()) {
          cells.push_back("");
        } else if (key == "label" && place->row) {
          cells.push_back(labelOf(*place->row));
        } else {
          cells.push_back(cellText(row, key));
        }
      }
      blankRepeated(block, cells, above);
      writeRow(cells);
    }
  }

  // Indicators: a 一级/二级指标 equal to the one above is written empty (a merged cell).
  static void blankRepeated(proto::Block::Reader block, std::vector<std::string>& cells,
                            std::map<std::string, std::string>& above) {
    auto layout = block.getLayout();
    for (auto column : block.getFillDown()) {
      for (unsigned i = 0; i < layout.size(); ++i) {
        if (layout[i] != column) continue;
        std::string key = str(column);
        if (cells[i] == above[key]) {
          cells[i].clear();
        } else {
          above[key] = cells[i];
        }
      }
    }
  }

  void writeForm(const TableContent& table, proto::Block::Reader block) {
    unsigned rows = 0, cols = 0;
    for (auto r : block.getRows()) {
      rows = std::max<unsigned>(rows, r.getGridRow() + 1);
      cols = std::max<unsigned>(cols, r.getGridCol() + 1);
    }
    std::string column = str(block.getColumns()[0].getKey());
    for (unsigned gr = 0; gr < rows; ++gr) {
      std::vector<std::string> cells(block.getLeadingCells(), "");
      for (unsigned gc = 0; gc < cols; ++gc) {
        std::optional<proto::RowTemplate::Reader> field;
        for (auto r : block.getRows()) {
          if (r.getGridRow() == gr && r.getGridCol() == gc) field = r;
        }
        const RowContent* row = field ? table.row(field->getKey().cStr()) : nullptr;
        std::string value = row ? cellText(*row, column) : "";
        if (block.getInlineLabels()) {
          cells.push_back(field ? labelOf(*field) + "：" + value : "");
        } else {
          cells.push_back(field ? labelOf(*field) : "");
          cells.push_back(value);
        }
      }
      while (cells.size() > 1 && cells.back().empty()) cells.pop_back();
      writeRow(cells);
    }
  }

  const report::ReportContent& report_;
  const report::Template& tmpl_;
  std::string out_;
};

}  // namespace

std::string exportText(const report::ReportContent& report, const report::Template& tmpl) {
  return Writer(report, tmpl).write();
}

}  // namespace rs::formats
