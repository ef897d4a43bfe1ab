#include "formats/html_export.h"

#include <cstdio>

#include "formats/layout_document.h"

namespace rs::formats {

namespace {

constexpr std::string_view kStyle = R"css(
.rs-report{max-width:52em;margin:0 auto;padding:1em;line-height:1.75;color:#111;
  font-family:"FangSong_GB2312","仿宋_GB2312","FangSong","仿宋","Noto Serif CJK SC","Songti SC",serif;
  font-size:1.05rem;word-wrap:break-word;overflow-wrap:break-word}
.rs-report h1{font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","Noto Serif CJK SC","Songti SC",serif;
  font-size:1.6rem;text-align:center;line-height:1.4;margin:1em 0 .4em}
.rs-report .cover{text-align:center;margin:0 0 2em}
.rs-report h2,.rs-report h3,.rs-report h4,.rs-report h5{font-size:1.05rem;margin:.8em 0 .2em}
.rs-report h2{font-family:"黑体","SimHei","Noto Sans CJK SC","PingFang SC",sans-serif}
.rs-report h3{font-family:"楷体_GB2312","KaiTi","楷体","Kaiti SC",serif}
.rs-report h4,.rs-report h5{font-weight:normal}
.rs-report p{text-indent:2em;margin:0 0 .3em;text-align:justify}
.rs-report section.table{margin:2.5em 0}
.rs-report h2.table-title{font-family:"方正小标宋简体","Noto Serif CJK SC",serif;text-align:center;
  font-size:1.2rem}
.rs-report .unit{text-align:right;text-indent:0;font-size:.9rem;margin:0}
.rs-report .notes{text-indent:0;font-size:.9rem}
.rs-report .subtitle{text-align:center;text-indent:0;margin:0}
/* Each table scrolls sideways in its own box; shadows at its edges show there is more. */
.rs-report .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;
  background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)),
    linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) 100% 0,
    radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.3),rgba(0,0,0,0)),
    radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.3),rgba(0,0,0,0)) 100% 0;
  background-repeat:no-repeat;background-size:2.5em 100%,2.5em 100%,1em 100%,1em 100%;
  background-attachment:local,local,scroll,scroll;border:1px solid #bbb}
.rs-report .cue{display:none;text-indent:0;margin:0 0 .2em;font-size:.8rem;color:#555;
  text-align:right}
.rs-report table{border-collapse:separate;border-spacing:0;width:100%;min-width:40em;
  font-size:.85rem;line-height:1.5;table-layout:fixed}
.rs-report td,.rs-report th{border:solid #333;border-width:0 1px 1px 0;padding:.25em .35em;
  vertical-align:middle;white-space:pre-line;text-align:left;background-clip:padding-box}
.rs-report tr:first-child>*{border-top-width:1px}
.rs-report .k0{border-left-width:1px}
.rs-report td.c,.rs-report th{text-align:center}
.rs-report td.r{text-align:right;font-variant-numeric:tabular-nums}
.rs-report .b{font-weight:bold}
.rs-report th{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-weight:normal;
  background:#f2f2f2}
.rs-report .computed{color:#333}
/* The first column stays in view while the rest scrolls under it. */
.rs-report .s{position:sticky;left:0;z-index:1;background:#fff}
.rs-report th.s{background:#f2f2f2}
@media (max-width:40em){.rs-report .cue{display:block}}
@media (max-width:40em){.rs-report{padding:.6em;font-size:1rem}.rs-report h1{font-size:1.35rem}}
@media print{.rs-report .scroll{overflow:visible;background:none;border:0}
  .rs-report table{min-width:0}.rs-report .cue{display:none}}
)css";

class HtmlWriter {
 public:
  std::string write(const LayoutDocument& doc) {
    out_ += "<article class=\"rs-report\">\n<h1>";
    for (size_t i = 0; i < doc.titleLines.size(); ++i) {
      out_ += (i ? "<br>" : "") + htmlEscape(doc.titleLines[i]);
    }
    out_ += "</h1>\n";
    for (const auto& line : doc.coverLines) {
      out_ += "<p class=\"cover\">" + htmlEscape(line) + "</p>\n";
    }
    for (const auto& p : doc.body) {
      if (p.level == 0) {
        out_ += "<p>" + htmlEscape(p.text) + "</p>\n";
      } else {
        std::string tag = "h" + std::to_string(std::min(p.level, 4) + 1);
        out_ += "<" + tag + ">" + htmlEscape(p.number + p.text) + "</" + tag + ">\n";
      }
    }
    for (const auto& table : doc.tables) writeTable(table);
    out_ += "</article>\n";
    return std::move(out_);
  }

 private:
  void writeTable(const LayoutTable& table) {
    out_ += "<section class=\"table\">\n<h2 class=\"table-title\">" + htmlEscape(table.title) +
            "</h2>\n";
    if (!table.subtitle.empty()) {
      out_ += "<p class=\"subtitle\">" + htmlEscape(table.subtitle) + "</p>\n";
    }
    if (!table.unit.empty()) out_ += "<p class=\"unit\">" + htmlEscape(table.unit) + "</p>\n";
    out_ += "<p class=\"cue\" aria-hidden=\"true\">表格可左右滑动 →</p>\n";
    out_ += "<div class=\"scroll\" tabindex=\"0\"><table>\n<colgroup>";
    for (double share : table.columns) {
      char width[32];
      std::snprintf(width, sizeof width, "<col style=\"width:%.1f%%\">", share * 100);
      out_ += width;
    }
    out_ += "</colgroup>\n";
    for (const LayoutRow& row : table.rows) {
      out_ += "<tr>";
      int column = 0;
      for (const LayoutCell& cell : row.cells) {
        if (!cell.merged) writeCell(row, cell, column == 0);
        column += cell.span;
      }
      out_ += "</tr>\n";
    }
    out_ += "</table></div>\n";
    if (!table.notes.empty()) out_ += "<p class=\"notes\">" + htmlEscape(table.notes) + "</p>\n";
    out_ += "</section>\n";
  }

  void writeCell(const LayoutRow& row, const LayoutCell& cell, bool first) {
    std::string tag = row.header ? "th" : "td";
    std::vector<std::string> classes;
    if (first) classes.push_back("k0");  // the first column: its left border
    // A first-column cell of that column alone (the group labels) stays in view while the
    // rest scrolls; a wide one would cover the figures.
    if (first && cell.span == 1) classes.push_back("s");
    if (!row.header && cell.align == style::Align::kCenter) classes.push_back("c");
    if (cell.align == style::Align::kRight) classes.push_back("r");
    if (cell.bold) classes.push_back("b");
    if (cell.computed) classes.push_back("computed");
    out_ += "<" + tag;
    if (cell.span > 1) out_ += " colspan=\"" + std::to_string(cell.span) + "\"";
    if (cell.rowSpan > 1) out_ += " rowspan=\"" + std::to_string(cell.rowSpan) + "\"";
    if (!classes.empty()) {
      out_ += " class=\"";
      for (size_t i = 0; i < classes.size(); ++i) out_ += (i ? " " : "") + classes[i];
      out_ += "\"";
    }
    if (cell.indent > 0) {
      out_ += " style=\"padding-left:" + std::to_string(cell.indent) + ".35em\"";
    }
    out_ += ">" + htmlEscape(cell.text) + "</" + tag + ">";
  }

  std::string out_;
};

}  // namespace

std::string htmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view htmlStyle() {
  return kStyle;
}

std::string exportHtmlArticle(const report::ReportContent& report, const report::Template& tmpl) {
  return HtmlWriter().write(layoutReport(report, tmpl));
}

std::string exportHtml(const report::ReportContent& report, const report::Template& tmpl) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"reportsync\">\n<title>" +
         htmlEscape(report.title) + "</title>\n<style>" + std::string(kStyle) +
         "</style>\n</head>\n<body>\n" + exportHtmlArticle(report, tmpl) + "</body>\n</html>\n";
}

}  // namespace rs::formats
