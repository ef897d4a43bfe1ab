#include "submission_diff.h"

#include <map>
#include <set>

#include "docreport/content_bridge.h"
#include "formats/html_export.h"
#include "report/checks.h"
#include "report/same_figure.h"
#include "report/table_view.h"
#include "report/template.h"
#include "submission_build.h"
#include "submission_places.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::server {

namespace {

constexpr size_t kMaxCharDiff = 4000;  // code points a side for a character-level diff

// The longest common subsequence of `a` and `b` as index pairs, in order (O(n·m) table;
// callers keep n·m small).
template <typename T>
std::vector<std::pair<size_t, size_t>> commonSubsequence(const std::vector<T>& a,
                                                         const std::vector<T>& b) {
  size_t n = a.size(), m = b.size();
  std::vector<uint16_t> len((n + 1) * (m + 1), 0);
  auto at = [m](size_t i, size_t j) { return i * (m + 1) + j; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      len[at(i, j)] = a[i] == b[j] ? uint16_t(len[at(i + 1, j + 1)] + 1)
                                   : std::max(len[at(i + 1, j)], len[at(i, j + 1)]);
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (a[i] == b[j]) {
      out.push_back({i, j});
      ++i, ++j;
    } else if (len[at(i + 1, j)] >= len[at(i, j + 1)]) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

void addRun(std::vector<TextRun>& runs, TextRun::Kind kind, const std::string& text) {
  if (text.empty()) return;
  if (!runs.empty() && runs.back().kind == kind)
    runs.back().text += text;
  else
    runs.push_back({kind, text});
}

// A changed paragraph's runs: characters kept, deleted and inserted.
ParagraphChange changedParagraph(const std::string& before, const std::string& after) {
  ParagraphChange p;
  std::u32string a = utf8ToU32(before), b = utf8ToU32(after);
  if (a.size() > kMaxCharDiff || b.size() > kMaxCharDiff) {
    addRun(p.runs, TextRun::kDeleted, before);
    addRun(p.runs, TextRun::kInserted, after);
    return p;
  }
  std::vector<char32_t> va(a.begin(), a.end()), vb(b.begin(), b.end());
  auto common = commonSubsequence(va, vb);
  size_t i = 0, j = 0;
  auto flush = [&](size_t toI, size_t toJ) {
    addRun(p.runs, TextRun::kDeleted, u32ToUtf8(a.substr(i, toI - i)));
    addRun(p.runs, TextRun::kInserted, u32ToUtf8(b.substr(j, toJ - j)));
    i = toI, j = toJ;
  };
  for (auto [ci, cj] : common) {
    flush(ci, cj);
    addRun(p.runs, TextRun::kSame, u32ToUtf8(a.substr(ci, 1)));
    i = ci + 1, j = cj + 1;
  }
  flush(a.size(), b.size());
  return p;
}

std::vector<std::string> paragraphs(const std::string& body) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= body.size() && !body.empty()) {
    size_t nl = body.find('\n', start);
    if (nl == std::string::npos) nl = body.size();
    out.push_back(body.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// The paragraphs that differ between two bodies; unmatched neighbours pair up as changed.
std::vector<ParagraphChange> diffBodies(const std::string& before, const std::string& after) {
  std::vector<std::string> a = paragraphs(before), b = paragraphs(after);
  std::vector<ParagraphChange> out;
  auto common = commonSubsequence(a, b);
  common.push_back({a.size(), b.size()});
  size_t i = 0, j = 0;
  for (auto [ci, cj] : common) {
    for (; i < ci && j < cj; ++i, ++j) out.push_back(changedParagraph(a[i], b[j]));
    for (; i < ci; ++i) out.push_back({{{TextRun::kDeleted, a[i]}}});
    for (; j < cj; ++j) out.push_back({{{TextRun::kInserted, b[j]}}});
    i = ci + 1, j = cj + 1;
  }
  return out;
}

struct SectionText {
  std::string title, body;
};

std::map<std::string, SectionText> sectionsOf(const report::ReportContent& c) {
  std::map<std::string, SectionText> out;
  report::forEachSection(c.sections, [&](const report::SectionContent& s, const std::string& n) {
    out[n] = {s.title, s.body};
  });
  return out;
}

// Every cell by its place key, with where a person finds it and its text.
std::map<std::string, CellChange> cellsOf(const report::ReportContent& c) {
  std::map<std::string, CellChange> out;
  for (const ReportPlace& p : placesOf(c))
    if (p.isCell()) out[p.key] = {cellWhere(p), p.text, ""};
  return out;
}

std::string findingKey(const report::Finding& f) {
  return report::severityName(f.severity) + "|" + report::warningKey(f);
}

const char* severityText(report::Severity s) {
  return s == report::Severity::kError ? "错误" : s == report::Severity::kWarning ? "警告" : "提示";
}

}  // namespace

SubmissionDiff diffContents(const report::ReportContent& before,
                            const report::ReportContent& after) {
  SubmissionDiff d;
  auto a = sectionsOf(before), b = sectionsOf(after);
  std::set<std::string> numbers;
  for (const auto& [n, s] : a) numbers.insert(n);
  for (const auto& [n, s] : b) numbers.insert(n);
  for (const std::string& n : numbers) {
    SectionText x = a.count(n) ? a[n] : SectionText{}, y = b.count(n) ? b[n] : SectionText{};
    SectionChange change{n, y.title.empty() ? x.title : y.title, {}};
    if (x.title != y.title) change.paragraphs.push_back(changedParagraph(x.title, y.title));
    for (ParagraphChange& p : diffBodies(x.body, y.body)) change.paragraphs.push_back(std::move(p));
    if (!change.paragraphs.empty()) d.sections.push_back(std::move(change));
  }
  auto ca = cellsOf(before), cb = cellsOf(after);
  std::set<std::string> keys;
  for (const auto& [k, v] : ca) keys.insert(k);
  for (const auto& [k, v] : cb) keys.insert(k);
  for (const auto& k : keys) {
    std::string was = ca.count(k) ? ca[k].before : "", now = cb.count(k) ? cb[k].before : "";
    // "92%" and "92.00%" are one figure: not a change (issue 12).
    if (!report::sameFigure(was, now))
      d.cells.push_back({cb.count(k) ? cb[k].place : ca[k].place, was, now});
  }
  auto findings = [](const report::ReportContent& c) {
    std::map<std::string, report::Finding> out;
    for (report::Finding& f : report::runChecks(report::Template::forReport(c.templateKey), c))
      out.emplace(findingKey(f), std::move(f));
    return out;
  };
  auto fa = findings(before), fb = findings(after);
  for (const auto& [k, f] : fb)
    if (!fa.count(k)) d.appeared.push_back(f);
  for (const auto& [k, f] : fa)
    if (!fb.count(k)) d.disappeared.push_back(f);
  return d;
}

SubmissionDiff diffSubmissions(ServerStore& store, const Submission& before,
                               const Submission& after) {
  require(before.reportId == after.reportId,
          "submissions of two different reports (两次报送不属于同一报告)");
  auto a = documentAt(store, before.reportId, before.version);
  auto b = documentAt(store, after.reportId, after.version);
  SubmissionDiff d = diffContents(core::toContent(*a), core::toContent(*b));
  d.from = before.id;
  d.to = after.id;
  return d;
}

std::string diffText(const SubmissionDiff& d) {
  std::string out = "提交 #" + std::to_string(d.from) + " → #" + std::to_string(d.to) + "\n";
  if (d.empty()) return out + "没有变化\n";
  for (const SectionChange& s : d.sections) {
    out += "章节 " + s.number + " " + s.title + "\n";
    for (const ParagraphChange& p : s.paragraphs) {
      bool added = p.runs.size() == 1 && p.runs[0].kind == TextRun::kInserted;
      bool removed = p.runs.size() == 1 && p.runs[0].kind == TextRun::kDeleted;
      std::string line = added ? "+ " : removed ? "- " : "~ ";
      for (const TextRun& r : p.runs)
        line += added || removed || r.kind == TextRun::kSame ? r.text
                : r.kind == TextRun::kDeleted                ? "[-" + r.text + "-]"
                                                             : "{+" + r.text + "+}";
      out += "  " + line + "\n";
    }
  }
  for (const CellChange& c : d.cells)
    out += "表格 " + c.place + "：" + (c.before.empty() ? "（空）" : c.before) + " → " +
           (c.after.empty() ? "（空）" : c.after) + "\n";
  for (const report::Finding& f : d.appeared)
    out += std::string("新出现 ") + severityText(f.severity) + "：" + f.message + "\n";
  for (const report::Finding& f : d.disappeared)
    out += std::string("已消失 ") + severityText(f.severity) + "：" + f.message + "\n";
  return out;
}

std::string diffHtml(const SubmissionDiff& d) {
  using formats::htmlEscape;
  std::string from = std::to_string(d.from);
  std::string out = "<section class=\"diff\"><h2>与<a href=\"/bureau/submissions/" + from +
                    "\">提交 #" + from + "</a>相比的变化</h2>";
  if (d.empty()) return out + "<p>没有变化。</p></section>";
  for (const SectionChange& s : d.sections) {
    out += "<h3>" + htmlEscape(s.number + " " + s.title) + "</h3>";
    for (const ParagraphChange& p : s.paragraphs) {
      out += "<p class=\"para\">";
      for (const TextRun& r : p.runs)
        out += r.kind == TextRun::kSame      ? htmlEscape(r.text)
               : r.kind == TextRun::kDeleted ? "<del>" + htmlEscape(r.text) + "</del>"
                                             : "<ins>" + htmlEscape(r.text) + "</ins>";
      out += "</p>";
    }
  }
  if (!d.cells.empty()) {
    out +=
        "<h3>表格中变化的数字</h3><table class=\"list\"><thead><tr><th>位置</th><th>原为</th>"
        "<th>现为</th></tr></thead><tbody>";
    for (const CellChange& c : d.cells)
      out += "<tr><td>" + htmlEscape(c.place) + "</td><td><del>" + htmlEscape(c.before) +
             "</del></td><td><ins>" + htmlEscape(c.after) + "</ins></td></tr>";
    out += "</tbody></table>";
  }
  auto list = [&](const char* title, const std::vector<report::Finding>& findings) {
    if (findings.empty()) return;
    out += std::string("<h3>") + title + "</h3><ul>";
    for (const report::Finding& f : findings)
      out +=
          std::string("<li>") + severityText(f.severity) + "：" + htmlEscape(f.message) + "</li>";
    out += "</ul>";
  };
  list("新出现的问题", d.appeared);
  list("已消失的问题", d.disappeared);
  return out + "</section>";
}

}  // namespace rs::server
