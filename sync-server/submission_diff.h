// What changed between two submissions of one report (issue 17 item 2): sections whose text
// changed, paragraph by paragraph with the inserted and deleted characters marked; table
// cells whose figures changed (old -> new); findings that appeared or disappeared. For the
// bureau's submission page (HTML), the API and the command line (plain text).
#pragma once

#include <string>
#include <vector>

#include "report/findings.h"
#include "report/report_content.h"
#include "server_store.h"
#include "submission_store.h"

namespace rs::server {

// A run of a changed paragraph: kept, inserted or deleted text (UTF-8).
struct TextRun {
  enum Kind { kSame, kInserted, kDeleted } kind = kSame;
  std::string text;
};

// One paragraph that differs: added (runs all inserted), removed (all deleted) or changed.
struct ParagraphChange {
  std::vector<TextRun> runs;
};

struct SectionChange {
  std::string number;  // outline number, "6.1"
  std::string title;
  std::vector<ParagraphChange> paragraphs;
};

struct CellChange {
  std::string place;          // "部门整体支出绩效自评表 / 年度资金总额 / 得分"
  std::string before, after;  // as written; "" for empty
};

struct SubmissionDiff {
  uint64_t from = 0, to = 0;  // submission numbers
  std::vector<SectionChange> sections;
  std::vector<CellChange> cells;
  std::vector<report::Finding> appeared, disappeared;  // by severity, rule and location
  bool empty() const {
    return sections.empty() && cells.empty() && appeared.empty() && disappeared.empty();
  }
};

// Compares two report contents. Paragraphs are matched by a longest common subsequence;
// a changed paragraph's characters likewise, up to 4,000 code points a side (longer ones
// show as deleted and inserted whole).
SubmissionDiff diffContents(const report::ReportContent& before,
                            const report::ReportContent& after);

// The diff of two stored submissions of one report (documents rebuilt at their versions).
// Throws InputError when they are of different reports.
SubmissionDiff diffSubmissions(ServerStore& store, const Submission& before,
                               const Submission& after);

// As plain text: "章节 6.1 …", "- deleted" / "+ inserted" lines with [-…-] and {+…+}
// marks inside changed paragraphs, "表格 PLACE: OLD → NEW", "新出现 / 已消失 FINDING".
std::string diffText(const SubmissionDiff& diff);
// As an HTML fragment (<section class="diff">, <del>/<ins> marks), every text escaped.
std::string diffHtml(const SubmissionDiff& diff);

}  // namespace rs::server
