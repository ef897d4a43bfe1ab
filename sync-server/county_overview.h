// The county's overview for the bureau (issue 17 item 3): one row per report that has been
// submitted, from its latest submission, filtered by year, review status and department
// as the list page's GET query names them (a bookmarkable URL).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "county_summary.h"
#include "server_store.h"
#include "submission_store.h"

namespace rs::server {

// "" in a field: no filter on it.
struct OverviewFilter {
  std::string year;        // four digits
  std::string status;      // submitted, returned, accepted
  std::string department;  // exactly as the reports write it
};

// The filter of the query ?year=2024&status=returned&department=…; empty values are no
// filter. Throws InputError (a Chinese message for the page) on an unknown parameter, a
// year that is not four digits, an unknown status, or a department that is not UTF-8 text
// of at most 200 bytes.
OverviewFilter parseOverviewFilter(const std::map<std::string, std::string>& query);

struct OverviewRow {
  DepartmentFigures figures;      // of the report's latest submission (its status, errors)
  size_t explainedWarnings = 0;   // warnings that submission was made with, each explained
  std::string reviewer;           // "" while it waits for review
  std::vector<uint64_t> history;  // every submission of the report, newest first
};

struct Overview {
  std::vector<OverviewRow> rows;  // newest year first, then 待审核, 已退回, 已通过, department
  std::vector<std::string> years, departments;  // of every report, for the filter's choices
};

// Throws what documentAt throws on a damaged store.
Overview countyOverview(ServerStore& store, SubmissionStore& submissions, FiguresCache& cache,
                        const OverviewFilter& filter);

}  // namespace rs::server
