#include "formats/docx_import.h"

#include <pugixml.hpp>

#include <cstring>
#include <utility>

#include "formats/docx_part_reader.h"
#include "formats/docx_xml.h"
#include "formats/docx_zip.h"
#include "formats/text_import.h"
#include "report/labels.h"

namespace rs::formats {

namespace {

bool is(pugi::xml_node node, const char* name) {
  return std::strcmp(node.name(), name) == 0;
}

// The walkers below recurse once per level of the XML; parsePart() has refused any part
// nested deeper than docx::kMaxPartDepth, so the stack they use is bounded.

// The text of a paragraph: its runs, including those inside hyperlinks, fields' results,
// content controls and tracked insertions; not deleted text or field codes.
class ParagraphText {
 public:
  explicit ParagraphText(bool dropComputed) : dropComputed_(dropComputed) {}

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
    const char* style = r.child("w:rPr").child("w:rStyle").attribute("w:val").value();
    if (dropComputed_ && (std::strcmp(style, docx::kComputedStyle) == 0 ||
                          std::strcmp(style, docx::kPaddingStyle) == 0)) {
      return;
    }
    for (pugi::xml_node c : r.children()) {
      if (is(c, "w:t")) {
        out_ += c.text().get();
      } else if (is(c, "w:tab") || is(c, "w:br") || is(c, "w:cr")) {
        out_ += ' ';
      } else if (is(c, "w:noBreakHyphen")) {
        out_ += '-';
      }
    }
  }

  bool dropComputed_;
  std::string out_;
};

class TextWriter {
 public:
  std::string write(pugi::xml_node body) {
    blocks(body);
    return out_;
  }

 private:
  void blocks(pugi::xml_node parent) {
    for (pugi::xml_node node : parent.children()) {
      if (is(node, "w:p")) {
        out_ += report::collapseSpaces(prose_.read(node)) + "\n";
      } else if (is(node, "w:tbl")) {
        table(node);
      } else if (is(node, "w:sdt")) {
        blocks(node.child("w:sdtContent"));
      }
    }
  }

  // Each cell is a line starting with a tab, continued by its further paragraphs; a blank
  // line ends the row.
  void table(pugi::xml_node tbl) {
    out_ += "\n";
    for (pugi::xml_node tr : tbl.children("w:tr")) {
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
        std::string line = report::collapseSpaces(cells_.read(c));
        if (!line.empty()) text += (text.empty() ? "" : "\n") + line;
      } else if (is(c, "w:tbl") || is(c, "w:tr") || is(c, "w:tc") || is(c, "w:sdt") ||
                 is(c, "w:sdtContent")) {
        cellText(c, text);
      }
    }
  }

  ParagraphText prose_{false};
  ParagraphText cells_{true};
  std::string out_;
};

}  // namespace

bool looksLikeZip(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

std::string documentXmlToText(std::string xml) {
  pugi::xml_document doc;
  docx::parsePart(xml, "word/document.xml", doc);
  pugi::xml_node body = doc.child("w:document").child("w:body");
  require(static_cast<bool>(body), "不是 Word 文档（.docx）：word/document.xml 中没有 w:body");
  return TextWriter().write(body);
}

std::string docxToText(std::string_view bytes) {
  ZipReader zip(bytes);
  auto xml = zip.read("word/document.xml", docx::kMaxPartBytes);
  require(xml.has_value(), "不是 Word 文档（.docx）：压缩包中没有 word/document.xml");
  return documentXmlToText(std::move(*xml));
}

report::ReportContent importDocx(std::string_view bytes, const report::Template& tmpl) {
  require(!bytes.empty(), "不是报告：文件是空的");
  require(looksLikeZip(bytes), "不是 DOCX 文件：文件不是 ZIP 压缩包（.docx 文件是 ZIP 格式）");
  return importText(docxToText(bytes), tmpl);
}

}  // namespace rs::formats
