// The county's summary of its departments' self-evaluations (issue 17 item 4): one row of
// key figures per report and one per project table (issue 12), from each report's latest submission
// of the year, and its indicator table; written as an Excel workbook with libxlsxwriter (Debian's
// libxlsxwriter-dev), numbers as numbers with two-decimal formats, Chinese headers.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server_store.h"
#include "submission_store.h"

namespace rs::server {

// One 自评表 indicator row as submitted: texts as written, figures parsed where they are.
struct IndicatorLine {
  std::string level1, level2, level3, target, actual;
  std::optional<double> weight, score;  // 分
};

// A 项目支出绩效自评表's figures as submitted (DOMAIN.md, 项目支出绩效自评表 and Scoring): the
// project, its money in 万元, 执行率 in %, scores in 分; written figures where the report wrote
// them, else the computed ones. `computedTotal` is 总分 by the template's rule, so the
// bureau sees a written 总分 that does not add up.
struct ProjectFigures {
  std::string key, name, implementer;  // "project-eval-1", 项目支出名称, 实施单位
  std::optional<double> budgetFull, executed, executionRate, executionScore, totalScore,
      computedTotal;
};

// A department's key figures as submitted. Money in 万元, rates in % (91.31 for 91.31 %),
// scores in 分; a written figure where the report wrote one, else the computed one;
// nullopt when neither exists.
struct DepartmentFigures {
  std::string department, title, year, status;  // status: submitted, accepted, returned
  uint64_t submission = 0;
  int64_t submittedMs = 0;
  std::optional<double> budgetFull, executed, executionRate, basic, project, threePublic,
      threePublicRate, staffingRate, totalScore;
  std::vector<IndicatorLine> indicators;
  std::vector<ProjectFigures> projects;  // its 项目支出绩效自评表s, by key
  size_t errors = 0;  // errors today's checks (report::runChecks) find in the submitted document
};

// Each submission's figures, computed once: a submission never changes (its review, which
// does, is taken from the Submission given each time). Shared by request threads.
class FiguresCache {
 public:
  // The figures of `s`, rebuilt from the document at s.version on first use. Throws what
  // documentAt throws on a damaged store (and caches nothing then).
  DepartmentFigures of(ServerStore& store, const Submission& s);
  size_t computations();  // documents rebuilt so far

 private:
  std::mutex mu_;
  std::map<uint64_t, DepartmentFigures> byId_;
  size_t computations_ = 0;
};

// Whether `text` is a year as reports write it: four digits.
bool isYear(const std::string& text);

// Every report with a submission for `year` (its 年度 as written, "2024"), by department:
// figures of its latest such submission. Throws what documentAt throws on a damaged store.
std::vector<DepartmentFigures> countySummary(ServerStore& store, SubmissionStore& submissions,
                                             FiguresCache& cache, const std::string& year);

// The workbook's bytes: sheet 汇总 (one row per department, frozen header), sheet 项目得分
// (one row per project table of every department) and a sheet per department with its
// indicators. Throws std::runtime_error naming libxlsxwriter's error.
std::string summaryWorkbook(const std::vector<DepartmentFigures>& departments,
                            const std::string& year);

}  // namespace rs::server
