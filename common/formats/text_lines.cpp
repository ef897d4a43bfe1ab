#include "formats/text_lines.h"

#include "formats/text_import.h"
#include "report/labels.h"
#include "util/utf8.h"

namespace rs::formats {

namespace {

using report::trimText;

// A title is a short line; prose that merely mentions a table is longer.
constexpr size_t kMaxTitleBytes = 40 * 3;
// A title line is followed by its first cell within a few lines (unit, year, 填报单位).
constexpr size_t kTitleLookahead = 5;

std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

bool isCellLine(const std::string& line) {
  return !line.empty() && line[0] == '\t';
}

// The first line of the tables: a cell, or a title followed closely by a cell.
size_t tablesStart(const std::vector<std::string>& lines, const report::Template& tmpl) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (isCellLine(lines[i])) return i;
    if (!titleOf(lines[i], tmpl)) continue;
    for (size_t k = i + 1; k < lines.size() && k <= i + kTitleLookahead; ++k) {
      if (isCellLine(lines[k])) return i;
    }
  }
  return lines.size();
}

}  // namespace

std::optional<rs::proto::TableTemplate::Reader> titleOf(std::string_view line,
                                                        const report::Template& tmpl) {
  std::string_view t = trimText(line);
  if (t.empty() || t.size() > kMaxTitleBytes || isCellLine(std::string(line))) return std::nullopt;
  for (auto tt : tmpl.root().getTables()) {
    std::string_view match = tt.getTitleMatch().cStr();
    if (!match.empty() && t.find(match) != std::string_view::npos) return tt;
  }
  return std::nullopt;
}

SplitText splitText(std::string_view text, const report::Template& tmpl) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find('\0') != std::string_view::npos || !isValidUtf8(text)) {
    throw TextImportError(
        "不是文本格式的报告：文件含有非 UTF-8 文本的内容（是否为 .docx 或其他二进制文件？）");
  }
  std::vector<std::string> lines = splitLines(text);
  size_t start = tablesStart(lines, tmpl);

  SplitText out;
  out.proseLines.assign(lines.begin(), lines.begin() + start);
  out.firstTableLine = start < lines.size() ? static_cast<int>(start) + 1 : 0;

  TextTable* table = nullptr;
  TextRow row;
  std::string* lastCell = nullptr;  // the cell a non-tab line continues
  auto endRow = [&] {
    if (table && !row.cells.empty()) {
      for (auto& c : row.cells) c = report::normalizeCell(c);
      table->rows.push_back(std::move(row));
    }
    row = TextRow{};
    lastCell = nullptr;
  };

  for (size_t i = start; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    int lineNo = static_cast<int>(i) + 1;
    if (isCellLine(line)) {
      if (!table) {
        throw TextImportError("第" + std::to_string(lineNo) + "行：表格单元格之前没有表名");
      }
      if (row.cells.empty()) row.line = lineNo;
      row.cells.push_back(line.substr(1));
      lastCell = &row.cells.back();
    } else if (trimText(line).empty()) {
      endRow();
    } else if (auto tt = titleOf(line, tmpl)) {
      endRow();
      out.tables.push_back({lineNo, std::string(trimText(line)), *tt, {}});
      table = &out.tables.back();
    } else if (lastCell) {
      *lastCell += "\n" + line;
    }
    // Any other line is a table's preamble or notes (（2024年度）, 填报单位, 说明).
  }
  endRow();
  return out;
}

}  // namespace rs::formats
