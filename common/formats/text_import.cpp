#include "formats/text_import.h"

#include <algorithm>

#include "formats/text_lines.h"
#include "formats/text_table_reader.h"
#include "report/labels.h"
#include "report/new_report.h"
#include "report/prose_figures.h"
#include "util/utf8.h"

namespace rs::formats {

namespace {

using report::SectionContent;
namespace proto = rs::proto;

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

// A numbered line reads like a heading when it is short and is not a sentence.
constexpr size_t kMaxHeadingChars = 40;
constexpr std::string_view kSentenceMarks[] = {"。", "；", "！", "？", "：", ";", "!", "?", ":"};

bool readsLikeHeading(std::string_view title) {
  if (title.empty() || utf8ToU32(title).size() > kMaxHeadingChars) return false;
  for (auto mark : kSentenceMarks) {
    if (title.find(mark) != std::string_view::npos) return false;
  }
  return true;
}

bool isCoverLine(std::string_view line) {
  for (std::string_view word : {"盖章", "单位名称", "填报单位", "报送单位"}) {
    if (line.find(word) != std::string_view::npos) return true;
  }
  return false;
}

// Builds the section tree from the prose lines, matching the template's sections.
class SectionReader {
 public:
  explicit SectionReader(const report::Template& tmpl) : tmpl_(tmpl) {}

  // Returns false for a line before the first heading (the cover).
  bool read(std::string_view rawLine) {
    std::string line = report::collapseSpaces(rawLine);
    if (line.empty()) return !stack_.empty();
    std::string_view rest;
    int level = report::headingLevel(line, rest);
    if (level > 0 && level <= static_cast<int>(stack_.size()) + 1) {
      std::string title = report::collapseSpaces(rest);
      auto templ = templateFor(level, title);
      if (templ || readsLikeHeading(title)) {
        open(level, title, templ);
        return true;
      }
    }
    if (stack_.empty()) return false;
    std::string& body = stack_.back()->body;
    body += (body.empty() ? "" : "\n") + line;
    return true;
  }

  std::vector<SectionContent> finish() {
    addMissing(tmpl_.root().getSections(), roots_);
    return std::move(roots_);
  }

  bool matchedAny() const { return matched_ > 0; }

  // "" when every top-level section of the template is in the text; otherwise why the text
  // does not fit, listing the headings found and the ones the template expects (the text
  // would otherwise land in the wrong sections, or under none). Before finish().
  std::string misfit() const {
    // The English part quotes each heading, so that it reads as English naming Chinese
    // headings (gui/message_part.h).
    std::string missing, expected, expectedQuoted;
    int position = 0;
    for (auto t : tmpl_.root().getSections()) {
      std::string heading = report::outlineNumber(1, ++position) + str(t.getTitle());
      expected += (expected.empty() ? "" : "；") + heading;
      expectedQuoted += (expectedQuoted.empty() ? "" : "; ") + ("“" + heading + "”");
      if (!used(roots_, str(t.getKey()))) {
        missing += (missing.empty() ? "" : "、") + ("“" + heading + "”");
      }
    }
    if (missing.empty()) return "";
    std::string found, foundQuoted;
    position = 0;
    for (const auto& s : roots_) {
      std::string heading = report::outlineNumber(1, ++position) + s.title;
      found += (found.empty() ? "" : "；") + heading;
      foundQuoted += (foundQuoted.empty() ? "" : "; ") + ("“" + heading + "”");
    }
    std::string title = str(tmpl_.root().getTitle());
    return "the document does not fit the template “" + title +
           "”, nothing was imported: no section " + missing +
           ".\nTop-level headings in the document: " + (found.empty() ? "none" : foundQuoted) +
           "\nTop-level headings of the template: " + expectedQuoted + " (文档的结构与模板“" +
           title + "”不符，未导入任何内容：未找到" + missing + "章节。\n文档中的一级标题：" +
           (found.empty() ? "（无）" : found) + "\n模板要求的一级标题：" + expected + ")";
  }

 private:
  using SectionList = capnp::List<proto::SectionTemplate>::Reader;

  // The template sections a new section at `level` would be chosen from.
  std::optional<SectionList> candidates(int level) const {
    if (level == 1) return tmpl_.root().getSections();
    auto parent = templates_[level - 2];
    if (!parent) return std::nullopt;
    return parent->getChildren();
  }

  std::optional<proto::SectionTemplate::Reader> templateFor(int level, const std::string& title) {
    auto list = candidates(level);
    if (!list) return std::nullopt;
    std::string key = report::labelKey(title);
    for (auto s : *list) {
      if (report::labelKey(s.getTitle().cStr()) == key) return s;
    }
    // A reworded title keeps its place: the template section at the same position.
    const auto& siblings = level == 1 ? roots_ : stack_[level - 2]->children;
    size_t position = siblings.size();
    if (position < list->size() && !used(siblings, str((*list)[position].getKey())) &&
        readsLikeHeading(title)) {
      return (*list)[position];
    }
    return std::nullopt;
  }

  static bool used(const std::vector<SectionContent>& siblings, const std::string& key) {
    return std::any_of(siblings.begin(), siblings.end(),
                       [&](const SectionContent& s) { return s.templateKey == key; });
  }

  void open(int level, const std::string& title,
            std::optional<proto::SectionTemplate::Reader> templ) {
    stack_.resize(level - 1);
    templates_.resize(level - 1);
    auto& siblings = level == 1 ? roots_ : stack_.back()->children;
    SectionContent s;
    s.title = title;
    if (templ) {
      s.templateKey = str(templ->getKey());
      ++matched_;
    }
    siblings.push_back(std::move(s));
    // Pointers into the tree stay valid: only the deepest open list grows.
    stack_.push_back(&siblings.back());
    templates_.push_back(templ);
  }

  // Template sections the text lacks are added empty, after their template predecessor.
  static void addMissing(SectionList list, std::vector<SectionContent>& sections) {
    size_t insertAt = 0;
    for (auto t : list) {
      std::string key = str(t.getKey());
      auto it = std::find_if(sections.begin(), sections.end(),
                             [&](const SectionContent& s) { return s.templateKey == key; });
      if (it == sections.end()) {
        SectionContent s;
        s.templateKey = key;
        s.title = str(t.getTitle());
        it = sections.insert(sections.begin() + insertAt, std::move(s));
      }
      addMissing(t.getChildren(), it->children);
      insertAt = static_cast<size_t>(it - sections.begin()) + 1;
    }
  }

  const report::Template& tmpl_;
  std::vector<SectionContent> roots_;
  std::vector<SectionContent*> stack_;
  std::vector<std::optional<proto::SectionTemplate::Reader>> templates_;
  int matched_ = 0;
};

// "2024年度洪江市工业和信息化局整体支出绩效自评报告" -> year 2024, dept "洪江市工业和信息化局".
void readTitle(const std::string& title, const report::Template& tmpl,
               report::ReportContent& report) {
  report.title = title;
  size_t at = 0;
  while (at < title.size() && (title[at] < '0' || title[at] > '9')) ++at;
  size_t digits = at;
  while (digits < title.size() && title[digits] >= '0' && title[digits] <= '9') ++digits;
  std::string_view rest = std::string_view(title).substr(digits);
  if (digits - at == 4 && rest.substr(0, 3) == "年") {
    report.year = std::stoi(title.substr(at, 4));
    rest.remove_prefix(3);
    if (rest.substr(0, 3) == "度") rest.remove_prefix(3);
    std::string_view suffix = tmpl.root().getTitle().cStr();
    if (rest.size() >= suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
      rest.remove_suffix(suffix.size());
    }
    report.dept = std::string(rest);
  }
}

void readTables(const SplitText& split, const report::Template& tmpl,
                report::ReportContent& report) {
  for (const auto& text : split.tables) {
    std::string templateKey = str(text.tmpl.getKey());
    std::string key = templateKey;
    if (text.tmpl.getRepeatable()) {
      key = report::addTableInstance(tmpl, report, templateKey).key;
    } else if (report.table(key)) {
      throw TextImportError("line " + std::to_string(text.line) + ": the table “" + text.title +
                            "” appears twice (第" + std::to_string(text.line) + "行：“" +
                            text.title + "”出现了两次)");
    } else {
      report.tables[key] = report::newTable(text.tmpl, key, report.year);
    }
    report::TableContent& table = report.tables[key];
    table.title = text.title;
    TextTableReader reader(text.tmpl, table);
    for (const auto& row : text.rows) reader.read(row);
    report::sortRows(text.tmpl, table);
  }
  for (auto tt : tmpl.root().getTables()) {
    std::string key = str(tt.getKey());
    if (tt.getRepeatable() || report.table(key)) continue;
    report.tables[key] = report::newTable(tt, key, report.year);
    if (tt.getProseSections().size() > 0) report::fillTableFromProse(tmpl, tt, report);
  }
}

}  // namespace

report::ReportContent importText(std::string_view text, const report::Template& tmpl) {
  if (report::trimText(text).empty())
    throw TextImportError("not a report: the file is empty (不是报告：文件是空的)");
  SplitText split = splitText(text, tmpl);

  report::ReportContent report;
  report.templateKey = tmpl.ref();
  SectionReader sections(tmpl);
  std::string title;
  for (const auto& line : split.proseLines) {
    if (sections.read(line)) continue;
    std::string cover = report::collapseSpaces(line);
    if (!cover.empty() && !isCoverLine(cover)) title += cover;
  }
  if (!sections.matchedAny()) {
    std::string form = str(tmpl.root().getTitle());
    std::string first = "一、" + str(tmpl.root().getSections()[0].getTitle());
    throw TextImportError(
        "not a “" + form + "”: none of the template's section headings is there (such as “" +
        first + "”) (不是“" + form + "”：找不到模板中的任何章节标题（如“" + first + "”）)");
  }
  // Tables are read before a misfit is refused: a table's own error names its row.
  std::string misfit = sections.misfit();
  report.sections = sections.finish();
  readTitle(title, tmpl, report);
  readTables(split, tmpl, report);
  if (!misfit.empty()) throw TextImportError(misfit);
  return report;
}

}  // namespace rs::formats
