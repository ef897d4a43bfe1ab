// What the window shows beside the text, computed from a copy of the report on the
// background thread: every finding with a readable place, and every table with its
// computed cells. No wx here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/findings.h"
#include "report/report_content.h"
#include "report/table_view.h"

namespace rs::gui {

// Where a finding points, split out of its location ("2.1" or "table/row/column").
struct FindingPlace {
  std::string section;  // outline number, or "" for a table place
  std::string table, row, column;
  std::string text;  // for people: "二、（一）基本支出情况" or "部门整体支出绩效自评表 /
                     // 年度资金总额 / 得分"
};

struct Analysis {
  uint64_t generation = 0;  // which request this answers
  std::vector<report::Finding> findings;
  std::vector<FindingPlace> places;  // one per finding
  std::vector<report::TableView> tables;
  std::string error;  // set when the analysis itself failed
  double millis = 0;
};

FindingPlace placeOf(const report::ReportContent& content,
                     const std::vector<report::TableView>& tables, const std::string& location);

// Where a reviewer's comment points (core::PlaceComment, issue 17): `key` is "section:6.1"
// or "cell:TABLE/BLOCK/ROW/COLUMN" (sync-server/submission_places.h), `label` the name the
// server gives it. Any other key: a place with neither section nor table (not navigable).
FindingPlace placeOfComment(const std::string& key, const std::string& label);

// Runs the checks and builds the table views. Never throws: errors land in `error`.
Analysis analyze(const report::ReportContent& content, uint64_t generation);

}  // namespace rs::gui
