#include "formats/text_table_reader.h"

#include "formats/text_import.h"
#include "report/labels.h"
#include "report/new_report.h"
#include "report/template.h"

namespace rs::formats {

namespace {

using report::labelKey;
namespace proto = rs::proto;

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

bool startsWith(std::string_view s, std::string_view p) {
  return !p.empty() && s.substr(0, p.size()) == p;
}

// "按收入性质分：347.73" -> {"按收入性质分", "347.73"}; nullopt without a colon.
std::optional<std::pair<std::string, std::string>> splitField(const std::string& cell) {
  size_t at = std::string::npos;
  size_t len = 0;
  for (std::string_view colon : {"：", ":"}) {
    size_t p = cell.rfind(colon);
    if (p != std::string::npos && (at == std::string::npos || p > at)) {
      at = p;
      len = colon.size();
    }
  }
  if (at == std::string::npos) return std::nullopt;
  return std::pair{cell.substr(0, at), std::string(report::trimText(cell.substr(at + len)))};
}

std::string shorten(const std::string& s) {
  std::string firstLine = s.substr(0, s.find('\n'));
  return firstLine.size() > 60 ? firstLine.substr(0, 60) + "……" : firstLine;
}

// The row as a message names it: its first cell with text.
std::string firstText(const TextRow& row) {
  for (const auto& c : row.cells) {
    if (!c.empty()) return shorten(c);
  }
  return "";
}

}  // namespace

TextTableReader::TextTableReader(proto::TableTemplate::Reader tt, report::TableContent& table)
    : tt_(tt), table_(table) {}

void TextTableReader::fail(const TextRow& row, const std::string& what,
                           const std::string& zh) const {
  std::string line = std::to_string(row.line);
  throw TextImportError("line " + line + " (“" + table_.title + "”, “" + firstText(row) +
                        "”): " + what + " (第" + line + "行（" + table_.title + "，“" +
                        firstText(row) + "”）：" + zh + ")");
}

void TextTableReader::read(const TextRow& row) {
  if (readHeader(row)) return;
  for (auto block : tt_.getBlocks()) {
    if (block.getStyle() == proto::BlockStyle::FORM && readForm(block, row)) {
      current_ = block;
      return;
    }
  }
  if (readHeaderlessRow(row)) return;
  if (!current_) fail(row, "a table line that cannot be read", "无法识别的表格行");
  if (current_->getStyle() == proto::BlockStyle::INDICATORS) {
    readIndicator(*current_, row);
  } else {
    readRow(*current_, row);
  }
}

const std::string& TextTableReader::templateKey(capnp::Text::Reader label) const {
  auto [it, added] = templateKeys_.try_emplace(label.cStr());
  if (added) it->second = labelKey(label.cStr());
  return it->second;
}

bool TextTableReader::readHeader(const TextRow& row) {
  std::vector<std::string> cells;
  for (const auto& cell : row.cells) cells.push_back(labelKey(cell));
  for (auto block : tt_.getBlocks()) {
    const std::string& marker = templateKey(block.getMarker());
    if (marker.empty()) continue;
    for (const std::string& cell : cells) {
      if (startsWith(cell, marker)) {
        current_ = block;
        group_.clear();
        fillDown_.clear();
        return true;
      }
    }
  }
  return false;
}

std::optional<proto::RowTemplate::Reader> TextTableReader::matchRow(Block block,
                                                                    std::string_view label) const {
  // A row matches by its label or one of its aliases, compared as keys (report::labelKey).
  std::string key = labelKey(label);
  if (key.empty()) return std::nullopt;
  for (auto row : block.getRows()) {
    if (row.getLabel().size() == 0) continue;
    if (templateKey(row.getLabel()) == key) return row;
    for (auto alias : row.getAliases())
      if (templateKey(alias) == key) return row;
  }
  return std::nullopt;
}

report::RowContent& TextTableReader::fixedRow(const TextRow& text, RowTemplate row) {
  std::string key = str(row.getKey());
  if (!filled_.insert(key).second)
    fail(text, "“" + str(row.getLabel()) + "” appears twice",
         "“" + str(row.getLabel()) + "”出现了两次");
  report::RowContent* r = table_.row(key);
  if (!r) {
    table_.rows.push_back({key, "", {}});
    r = &table_.rows.back();
  }
  return *r;
}

bool TextTableReader::readForm(Block block, const TextRow& row) {
  size_t lead = block.getLeadingCells();
  bool inlineLabels = block.getInlineLabels();
  std::vector<std::pair<std::string, std::string>> fields;
  for (size_t i = lead; i < row.cells.size(); i += inlineLabels ? 1 : 2) {
    if (inlineLabels) {
      if (row.cells[i].empty()) continue;
      auto field = splitField(row.cells[i]);
      if (!field) return false;
      fields.push_back(*field);
    } else {
      std::string value = i + 1 < row.cells.size() ? row.cells[i + 1] : "";
      if (row.cells[i].empty() && value.empty()) continue;
      fields.push_back({row.cells[i], value});
    }
  }
  if (fields.empty() || !matchRow(block, fields[0].first)) return false;
  std::string column = str(block.getColumns()[0].getKey());
  for (const auto& [label, value] : fields) {
    auto match = matchRow(block, label);
    if (!match)
      fail(row, "“" + label + "” is not a column of this table", "“" + label + "”不是本表的栏目");
    fixedRow(row, *match).set(column, value);
  }
  return true;
}

int TextTableReader::labelIndex(Block block) const {
  auto layout = block.getLayout();
  for (unsigned i = 0; i < layout.size(); ++i) {
    if (layout[i] == "label") return static_cast<int>(i);
  }
  return -1;
}

bool TextTableReader::readHeaderlessRow(const TextRow& row) {
  for (auto block : tt_.getBlocks()) {
    if (block.getMarker().size() > 0 || block.getStyle() != proto::BlockStyle::ROWS) continue;
    int at = labelIndex(block);
    if (at < 0 || at >= static_cast<int>(row.cells.size())) continue;
    if (auto match = matchRow(block, row.cells[at])) {
      current_ = block;
      placeCells(block, row, fixedRow(row, *match), false);
      return true;
    }
  }
  return false;
}

void TextTableReader::readRow(Block block, const TextRow& row) {
  int at = labelIndex(block);
  std::string label = at >= 0 && at < static_cast<int>(row.cells.size()) ? row.cells[at] : "";
  if (auto match = matchRow(block, label)) {
    placeCells(block, row, fixedRow(row, *match), false);
    std::string parent = str(match->getParent());
    if (match->getAllowAdd()) {
      group_ = str(match->getKey());
    } else if (auto p = report::findFixedRow(tt_, parent); !(p && p->row->getAllowAdd())) {
      group_.clear();
    }
    return;
  }
  if (at < 0 || label.empty()) {
    // The block's one unlabeled row (staffing, goal, buildings).
    for (auto r : block.getRows()) {
      if (r.getLabel().size() == 0) {
        placeCells(block, row, fixedRow(row, r), false);
        return;
      }
    }
  }
  std::string group = !group_.empty() ? group_ : block.getAllowAdd() ? str(block.getKey()) : "";
  if (group.empty())
    fail(row, "the table has no row named “" + label + "”, and no row may be added here",
         "本表没有名为“" + label + "”的行，且此处不能添加行");
  report::RowContent& added = report::addRow(tt_, table_, group);
  placeCells(block, row, added, true);
}

void TextTableReader::readIndicator(Block block, const TextRow& row) {
  report::RowContent& added = report::addRow(tt_, table_, str(block.getKey()));
  placeCells(block, row, added, true);
  for (auto column : block.getFillDown()) {
    std::string key = str(column);
    auto text = added.text(key).value_or("");
    if (text.empty()) {
      added.set(key, fillDown_[key]);
    } else {
      fillDown_[key] = text;
    }
  }
}

void TextTableReader::checkShape(Block block, const TextRow& text) const {
  auto layout = block.getLayout();
  size_t used = text.cells.size();
  while (used > 0 && text.cells[used - 1].empty()) --used;
  // An indicator row of fewer cells would put its figures under the wrong headings.
  bool shortRow = block.getStyle() == proto::BlockStyle::INDICATORS && used > 1 &&
                  text.cells.size() < layout.size();
  if (!shortRow && used <= layout.size()) return;
  std::string expected;
  for (auto column : layout) {
    for (auto c : block.getColumns()) {
      if (c.getKey() == column) expected += (expected.empty() ? "" : "、") + str(c.getTitle());
    }
  }
  std::string count = std::to_string(shortRow ? text.cells.size() : used);
  std::string want = std::to_string(layout.size());
  throw TextImportError("the table “" + table_.title + "” has " + count + " columns, not " + want +
                        " (“" + expected + "”): the row “" + firstText(text) +
                        "” does not fit the template's table, nothing was imported (表“" +
                        table_.title + "”的列数为" + count + "，应为" + want + "（" + expected +
                        "）；行“" + firstText(text) + "”放不进模板的表格，未导入任何内容)");
}

void TextTableReader::placeCells(Block block, const TextRow& text, report::RowContent& row,
                                 bool added) {
  checkShape(block, text);
  auto layout = block.getLayout();
  for (size_t i = 0; i < text.cells.size(); ++i) {
    const std::string& value = text.cells[i];
    std::string column = i < layout.size() ? str(layout[i]) : "";
    if (column.empty()) {
      if (!value.empty())
        fail(text,
             "cell " + std::to_string(i + 1) + " “" + shorten(value) + "” has no column to go in",
             "第" + std::to_string(i + 1) + "格“" + shorten(value) + "”没有对应的栏目");
      continue;
    }
    if (column == "label" && !added) continue;  // the template names fixed rows
    if (!value.empty()) row.set(column, value);
  }
}

}  // namespace rs::formats
