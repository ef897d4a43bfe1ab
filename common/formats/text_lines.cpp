#include "formats/text_lines.h"

#include <cctype>

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

// Lines of a source's narrow cell are at most this wide (half-width units: a CJK character
// is 2). The forms' narrow columns hold 1 to 6 characters a line.
constexpr size_t kMaxWrappedWidth = 16;

size_t halfWidths(std::u32string_view line) {
  size_t w = 0;
  for (char32_t c : line) w += c < 0x2E80 ? 1 : 2;
  return w;
}

// A line ends a clause or a list item: its break is the writer's.
bool endsClause(std::u32string_view line) {
  static const std::u32string_view kMarks = U"。；;：:，,、！!？?";
  return !line.empty() && kMarks.find(line.back()) != std::u32string_view::npos;
}

// A line starts an enumerated item: 1、 1. 一、 （1） (一) ① 第.
bool startsItem(std::u32string_view line) {
  auto isNumeral = [](char32_t c) {
    return (c >= U'0' && c <= U'9') ||
           std::u32string_view(U"一二三四五六七八九十").find(c) != std::u32string_view::npos;
  };
  if (line.empty()) return false;
  if ((line[0] >= U'\u2460' && line[0] <= U'\u2473') || line[0] == U'第') return true;
  size_t i = line[0] == U'（' || line[0] == U'(' ? 1 : 0;
  size_t digits = i;
  while (digits < line.size() && isNumeral(line[digits])) ++digits;
  if (digits == i || digits >= line.size()) return false;
  char32_t after = line[digits];
  return i == 1 ? after == U'）' || after == U')'
                : after == U'、' || after == U'.' || after == U'．';
}

}  // namespace

std::string joinWrappedLines(const std::string& cell) {
  if (cell.find('\n') == std::string::npos) return cell;
  std::vector<std::u32string> lines;
  for (const auto& line : splitLines(cell)) lines.push_back(utf8ToU32(line));
  for (size_t i = 0; i < lines.size(); ++i) {
    if (halfWidths(lines[i]) > kMaxWrappedWidth) return cell;
    if (i + 1 < lines.size() && (endsClause(lines[i]) || startsItem(lines[i + 1]))) return cell;
  }
  std::u32string out;
  for (const auto& line : lines) {
    bool words = !out.empty() && out.back() < 0x80 && std::isalnum(static_cast<int>(out.back())) &&
                 line[0] < 0x80 && std::isalnum(static_cast<int>(line[0]));
    out += (words ? U" " : U"") + line;
  }
  return u32ToUtf8(out);
}

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
        "not a report in text form: the file holds bytes that are not UTF-8 text (a .docx or "
        "another binary file?) (不是文本格式的报告：文件含有非 UTF-8 文本的内容（是否为 .docx "
        "或其他二进制文件？）)");
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
      for (auto& c : row.cells) c = joinWrappedLines(report::normalizeCell(c));
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
        throw TextImportError("line " + std::to_string(lineNo) +
                              ": a table cell before any table's name (第" +
                              std::to_string(lineNo) + "行：表格单元格之前没有表名)");
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
