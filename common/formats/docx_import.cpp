#include "formats/docx_import.h"

#include <pugixml.hpp>

#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "formats/docx_computed.h"
#include "formats/docx_part_reader.h"
#include "formats/docx_xml.h"
#include "formats/docx_zip.h"
#include "formats/text_import.h"
#include "formats/text_lines.h"
#include "report/labels.h"

namespace rs::formats {

namespace {

bool is(pugi::xml_node node, const char* name) {
  return std::strcmp(node.name(), name) == 0;
}

// The walkers below recurse once per level of the XML; parsePart() has refused any part
// nested deeper than docx::kMaxPartDepth, so the stack they use is bounded.

// The character styles of the export's marks (docx::kComputedStyle, kPaddingStyle), by id or
// by name: LibreOffice re-saves them with ids made from their names ("ComputedFigure").
struct MarkStyles {
  std::set<std::string> computed{docx::kComputedStyle}, padding{docx::kPaddingStyle};
  void read(const pugi::xml_document& styles) {
    for (pugi::xml_node st : styles.child("w:styles").children("w:style")) {
      std::string name = st.child("w:name").attribute("w:val").value();
      const char* id = st.attribute("w:styleId").value();
      if (name == docx::kComputedStyleName) computed.insert(id);
      if (name == docx::kPaddingStyleName) padding.insert(id);
    }
  }
};

// The text of a paragraph: its runs, including those inside hyperlinks, fields' results,
// content controls and tracked insertions; not deleted text or field codes. In table cells
// the decimals the export added are left out and its computed figures are marked
// (kComputedOpen ... kComputedClose) for resolveComputed().
class ParagraphText {
 public:
  ParagraphText(bool inCell, const MarkStyles& marks) : inCell_(inCell), marks_(marks) {}

  std::string read(pugi::xml_node p) {
    out_.clear();
    walk(p);
    return out_;
  }

 private:
  void walk(pugi::xml_node node) {
    for (pugi::xml_node child : node.children()) {
      if (is(child, "w:r")) {
        run(child);
      } else if (is(child, "w:del") || is(child, "w:pPr") || is(child, "w:moveFrom")) {
        continue;
      } else {
        walk(child);  // w:hyperlink, w:ins, w:sdt/w:sdtContent, w:smartTag, w:fldSimple ...
      }
    }
  }

  void run(pugi::xml_node r) {
    std::string style = r.child("w:rPr").child("w:rStyle").attribute("w:val").value();
    if (inCell_ && marks_.padding.count(style)) return;
    bool computed = inCell_ && marks_.computed.count(style) > 0;
    for (pugi::xml_node c : r.children()) {
      if (is(c, "w:t")) {
        out_ += computed ? std::string(kComputedOpen) + c.text().get() + kComputedClose
                         : std::string(c.text().get());
      } else if (is(c, "w:br") || is(c, "w:cr")) {
        out_ += '\n';  // a manual line break: a line of its own (a heading, a cell's line)
      } else if (is(c, "w:tab")) {
        out_ += out_.empty() ? '\t' : ' ';  // a leading tab: a cell line of the text form
      } else if (is(c, "w:noBreakHyphen")) {
        out_ += '-';
      }
    }
  }

  bool inCell_;
  const MarkStyles& marks_;
  std::string out_;
};

// The lines of a paragraph's text (manual line breaks split it), spaces collapsed, empty
// lines left out.
std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string line = report::collapseSpaces(std::string_view(text).substr(start, end - start));
    if (!line.empty()) out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

// Word's automatic numbering (ECMA-376 §17.9): a paragraph whose w:numPr, its own or its
// style's, points into word/numbering.xml gets its number there ("一、" from lvlText "%1、"
// in chineseCounting), not in its text. Counts as Word does: a level's counter goes up at
// each of its paragraphs and restarts the levels below it.
class Numbering {
 public:
  // styles: word/styles.xml, parsed (an empty document when the package has none).
  Numbering(std::optional<std::string> numberingXml, const pugi::xml_document& styles) {
    if (numberingXml) {
      docx::parsePart(*numberingXml, "word/numbering.xml", numbering_);
      pugi::xml_node root = numbering_.child("w:numbering");
      for (pugi::xml_node a : root.children("w:abstractNum")) {
        auto& levels = abstract_[a.attribute("w:abstractNumId").value()];
        for (pugi::xml_node lvl : a.children("w:lvl")) {
          Level& l = levels[lvl.attribute("w:ilvl").as_int()];
          l.format = lvl.child("w:numFmt").attribute("w:val").value();
          l.text = lvl.child("w:lvlText").attribute("w:val").value();
          l.start = lvl.child("w:start").attribute("w:val").as_int(1);
        }
      }
      for (pugi::xml_node n : root.children("w:num")) {
        nums_[n.attribute("w:numId").value()] =
            n.child("w:abstractNumId").attribute("w:val").value();
      }
    }
    {
      for (pugi::xml_node st : styles.child("w:styles").children("w:style")) {
        pugi::xml_node numPr = st.child("w:pPr").child("w:numPr");
        if (numPr) {
          styleNum_[st.attribute("w:styleId").value()] = {
              numPr.child("w:numId").attribute("w:val").value(),
              numPr.child("w:ilvl").attribute("w:val").as_int(0)};
        }
      }
    }
  }

  // The number Word shows before paragraph p, or "".
  std::string next(pugi::xml_node p) {
    pugi::xml_node pPr = p.child("w:pPr");
    pugi::xml_node numPr = pPr.child("w:numPr");
    std::string numId;
    int ilvl = 0;
    auto style = styleNum_.find(pPr.child("w:pStyle").attribute("w:val").value());
    if (style != styleNum_.end()) std::tie(numId, ilvl) = style->second;
    if (numPr.child("w:numId")) numId = numPr.child("w:numId").attribute("w:val").value();
    if (numPr.child("w:ilvl")) ilvl = numPr.child("w:ilvl").attribute("w:val").as_int(0);
    auto num = nums_.find(numId);
    if (num == nums_.end() || ilvl < 0 || ilvl > 8) return "";
    const auto& levels = abstract_[num->second];
    auto level = levels.find(ilvl);
    if (level == levels.end() || level->second.format == "none") return "";
    std::vector<int>& counters = counters_[num->second];
    counters.resize(9, 0);
    counters[ilvl] = counters[ilvl] == 0 ? level->second.start : counters[ilvl] + 1;
    for (int below = ilvl + 1; below < 9; ++below) counters[below] = 0;
    std::string out = level->second.text;
    for (int k = 0; k <= ilvl; ++k) {
      std::string mark = "%" + std::to_string(k + 1);
      size_t at = out.find(mark);
      if (at == std::string::npos) continue;
      auto l = levels.find(k);
      int value = counters[k] == 0 && l != levels.end() ? l->second.start : counters[k];
      out.replace(at, mark.size(), render(value, l != levels.end() ? l->second.format : ""));
    }
    return out;
  }

 private:
  struct Level {
    std::string format, text;
    int start = 1;
  };

  static std::string render(int n, const std::string& format) {
    if (format.rfind("chinese", 0) == 0 || format.rfind("ideograph", 0) == 0 ||
        format.rfind("taiwanese", 0) == 0) {
      return report::chineseNumeral(n);
    }
    return std::to_string(n);
  }

  pugi::xml_document numbering_;
  std::map<std::string, std::map<int, Level>> abstract_;         // abstractNumId -> ilvl -> level
  std::map<std::string, std::string> nums_;                      // numId -> abstractNumId
  std::map<std::string, std::pair<std::string, int>> styleNum_;  // styleId -> numId, ilvl
  std::map<std::string, std::vector<int>> counters_;             // abstractNumId -> per ilvl
};

class TextWriter {
 public:
  TextWriter(Numbering& numbering, const MarkStyles& marks)
      : numbering_(numbering), prose_(false, marks), cells_(true, marks) {}

  // Paragraphs led by a tab are cells of the text form (tab-led lines, as LibreOffice
  // converts a .txt file) when the body has no table of its own.
  std::string write(pugi::xml_node body) {
    tabLed_ = !body.find_child([](pugi::xml_node n) { return is(n, "w:tbl"); });
    blocks(body);
    return out_;
  }

  bool tabLed() const { return tabLed_; }

 private:
  void blocks(pugi::xml_node parent) {
    for (pugi::xml_node node : parent.children()) {
      if (is(node, "w:p")) {
        std::string number = numbering_.next(node);
        std::string text = prose_.read(node);
        bool cell = tabLed_ && number.empty() && !text.empty() && text[0] == '\t';
        auto lines = linesOf(number + text);
        if (cell) out_ += "\t";
        for (const auto& line : lines) out_ += line + "\n";
        if (lines.empty()) out_ += "\n";
      } else if (is(node, "w:tbl")) {
        table(node);
      } else if (is(node, "w:sdt")) {
        blocks(node.child("w:sdtContent"));
      }
    }
  }

  // Each cell is a line starting with a tab, continued by its further paragraphs; a blank
  // line ends the row.
  // The leading rows of one cell across a table of several columns (a title, 单位：万元 typed
  // in the table's merged first rows) are lines before it, as the text form has them.
  void table(pugi::xml_node tbl) {
    out_ += "\n";
    bool leading = std::distance(tbl.child("w:tblGrid").children("w:gridCol").begin(),
                                 tbl.child("w:tblGrid").children("w:gridCol").end()) > 1;
    for (pugi::xml_node tr : tbl.children("w:tr")) {
      auto rowCells = cells(tr);
      leading = leading && rowCells.size() == 1;
      if (leading) {
        std::string text;
        cellText(rowCells[0], text);
        out_.insert(out_.size() - 1, text.empty() ? "" : text + "\n");
        continue;
      }
      bool any = false;
      for (pugi::xml_node tc : cells(tr)) {
        std::string text;
        cellText(tc, text);
        out_ += "\t" + text + "\n";
        any = true;
      }
      if (any) out_ += "\n";
    }
  }

  // The cells of a row, including those inside content controls.
  static std::vector<pugi::xml_node> cells(pugi::xml_node tr) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c : tr.children()) {
      if (is(c, "w:tc")) out.push_back(c);
      if (is(c, "w:sdt")) {
        for (pugi::xml_node tc : c.child("w:sdtContent").children("w:tc")) out.push_back(tc);
      }
    }
    return out;
  }

  // A cell's paragraphs (nested tables' included), one line each, empty ones left out:
  // a blank line would end the row.
  void cellText(pugi::xml_node node, std::string& text) {
    for (pugi::xml_node c : node.children()) {
      if (is(c, "w:p")) {
        for (const auto& line : linesOf(cells_.read(c))) {
          text += (text.empty() ? "" : "\n") + line;
        }
      } else if (is(c, "w:tbl") || is(c, "w:tr") || is(c, "w:tc") || is(c, "w:sdt") ||
                 is(c, "w:sdtContent")) {
        cellText(c, text);
      }
    }
  }

  Numbering& numbering_;
  ParagraphText prose_, cells_;
  bool tabLed_ = false;
  std::string out_;
};

}  // namespace

bool looksLikeZip(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

namespace {

struct BodyText {
  std::string text;
  bool tabLed = false;  // paragraphs led by a tab were kept as cell lines (TextWriter)
};

BodyText partsToText(std::string xml, std::optional<std::string> numberingXml,
                     std::optional<std::string> stylesXml) {
  pugi::xml_document doc, styles;
  docx::parsePart(xml, "word/document.xml", doc);
  pugi::xml_node body = doc.child("w:document").child("w:body");
  require(static_cast<bool>(body),
          "not a Word document (.docx): word/document.xml has no w:body (不是 Word 文档（.docx）："
          "word/document.xml 中没有 w:body)");
  if (stylesXml) docx::parsePart(*stylesXml, "word/styles.xml", styles);
  MarkStyles marks;
  marks.read(styles);
  Numbering numbering(std::move(numberingXml), styles);
  TextWriter writer(numbering, marks);
  std::string text = writer.write(body);
  return {std::move(text), writer.tabLed()};
}

BodyText readBody(std::string_view bytes) {
  ZipReader zip(bytes);
  auto xml = zip.read("word/document.xml", docx::kMaxPartBytes);
  require(xml.has_value(),
          "not a Word document (.docx): the archive has no word/document.xml (不是 Word "
          "文档（.docx）：压缩包中没有 word/document.xml)");
  auto numbering = zip.read("word/numbering.xml", docx::kMaxPartBytes);
  auto styles = zip.read("word/styles.xml", docx::kMaxPartBytes);
  return partsToText(std::move(*xml), numbering, styles);
}

// Before the first table title a tab-led paragraph is prose indented with a tab.
std::string untabBeforeTables(const std::string& text, const report::Template& tmpl) {
  std::string out;
  size_t start = 0;
  bool inTables = false;
  while (start < text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = std::string_view(text).substr(start, end - start);
    inTables = inTables || titleOf(line, tmpl).has_value();
    if (!inTables && !line.empty() && line[0] == '\t') line.remove_prefix(1);
    out.append(line);
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string documentXmlToText(std::string xml) {
  return partsToText(std::move(xml), std::nullopt, std::nullopt).text;
}

std::string docxToText(std::string_view bytes) {
  return readBody(bytes).text;
}

report::ReportContent importDocx(std::string_view bytes, const report::Template& tmpl) {
  require(!bytes.empty(), "not a report: the file is empty (不是报告：文件是空的)");
  require(looksLikeZip(bytes),
          "not a DOCX file: the file is not a ZIP archive (a .docx file is one) (不是 DOCX "
          "文件：文件不是 ZIP 压缩包（.docx 文件是 ZIP 格式）)");
  BodyText body = readBody(bytes);
  if (body.tabLed) body.text = untabBeforeTables(body.text, tmpl);
  report::ReportContent report = importText(body.text, tmpl);
  resolveComputed(report, tmpl);
  return report;
}

}  // namespace rs::formats
