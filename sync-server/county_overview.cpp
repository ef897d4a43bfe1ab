#include "county_overview.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "util/errors.h"
#include "util/utf8.h"

namespace rs::server {

namespace {

constexpr size_t kMaxDepartment = 200;  // bytes

// Work first: what waits for review, then what went back, then what is done.
int statusOrder(const std::string& status) {
  if (status == "submitted") return 0;
  if (status == "returned") return 1;
  return 2;
}

}  // namespace

OverviewFilter parseOverviewFilter(const std::map<std::string, std::string>& query) {
  OverviewFilter f;
  for (const auto& [name, value] : query) {
    if (name == "year") {
      require(value.empty() || isYear(value), "年度应为四位数字，例如 2024。");
      f.year = value;
    } else if (name == "status") {
      require(value.empty() || value == "submitted" || value == "returned" || value == "accepted",
              "状态应为 submitted（待审核）、returned（已退回）或 accepted（已通过）。");
      f.status = value;
    } else if (name == "department") {
      require(value.size() <= kMaxDepartment && isValidUtf8(value) &&
                  std::none_of(value.begin(), value.end(),
                               [](char c) { return (unsigned char)c < 0x20 || c == 0x7f; }),
              "部门名称应为不超过 200 字节的文字。");
      f.department = value;
    } else {
      throw InputError("未知的查询参数“" + (isValidUtf8(name) ? name : std::string("?")) +
                       "”：可用 year、status、department。");
    }
  }
  return f;
}

Overview countyOverview(ServerStore& store, SubmissionStore& submissions, FiguresCache& cache,
                        const OverviewFilter& filter) {
  std::map<std::string, std::vector<Submission>> byReport;  // each oldest first
  {
    store::kv::Txn txn(store.db(), store::kv::Txn::kRead);
    for (Submission& s : submissions.all(txn)) byReport[s.reportId].push_back(std::move(s));
  }
  Overview out;
  std::set<std::string> years, departments;
  for (auto& [report, list] : byReport) {
    const Submission& latest = list.back();
    years.insert(latest.year);
    departments.insert(latest.department);
    if ((!filter.year.empty() && latest.year != filter.year) ||
        (!filter.status.empty() && latest.review.status != filter.status) ||
        (!filter.department.empty() && latest.department != filter.department))
      continue;
    OverviewRow row{cache.of(store, latest), latest.warnings.size(), latest.review.reviewer, {}};
    for (auto it = list.rbegin(); it != list.rend(); ++it) row.history.push_back(it->id);
    out.rows.push_back(std::move(row));
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const OverviewRow& a, const OverviewRow& b) {
    const DepartmentFigures &x = a.figures, &y = b.figures;
    return std::make_tuple(y.year, statusOrder(x.status), x.department, x.submission) <
           std::make_tuple(x.year, statusOrder(y.status), y.department, y.submission);
  });
  out.years.assign(years.rbegin(), years.rend());
  out.departments.assign(departments.begin(), departments.end());
  return out;
}

}  // namespace rs::server
