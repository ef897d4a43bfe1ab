#include "report/new_report.h"

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "report/prose_figures.h"
#include "util/errors.h"

namespace rs::report {

namespace {

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

SectionContent newSection(proto::SectionTemplate::Reader s) {
  SectionContent out;
  out.templateKey = str(s.getKey());
  out.title = str(s.getTitle());
  for (auto child : s.getChildren()) out.children.push_back(newSection(child));
  return out;
}

bool allowsAdd(proto::TableTemplate::Reader tt, const std::string& group) {
  if (auto row = findFixedRow(tt, group)) return row->row->getAllowAdd();
  auto block = findBlock(tt, group);
  return block && block->getAllowAdd();
}

// (block index, row index) of every fixed row, and for a group the index of its last fixed
// descendant (added rows go after it).
struct RowOrder {
  std::map<std::string, std::pair<int, int>> fixed;
  std::map<std::string, int> blockIndex;

  explicit RowOrder(proto::TableTemplate::Reader tt) {
    int b = 0;
    for (auto block : tt.getBlocks()) {
      blockIndex[str(block.getKey())] = b;
      int r = 0;
      for (auto row : block.getRows()) fixed[str(row.getKey())] = {b, r++};
      ++b;
    }
  }

  std::pair<int, int> anchor(proto::TableTemplate::Reader tt, const std::string& group) const {
    if (auto it = fixed.find(group); it != fixed.end()) {
      auto [b, last] = it->second;
      // Fixed rows list children right after their parent: walk the descendants.
      auto rows = tt.getBlocks()[b].getRows();
      std::set<std::string> family{group};
      for (unsigned r = last + 1; r < rows.size(); ++r) {
        if (!family.count(str(rows[r].getParent()))) break;
        family.insert(str(rows[r].getKey()));
        last = static_cast<int>(r);
      }
      return {b, last};
    }
    auto it = blockIndex.find(group);
    return {it == blockIndex.end() ? INT_MAX : it->second, INT_MAX};
  }
};

}  // namespace

TableContent newTable(proto::TableTemplate::Reader tt, const std::string& key, int year) {
  TableContent table;
  table.key = key;
  table.templateKey = str(tt.getKey());
  table.title = fillYear(tt.getTitle().cStr(), year);
  for (auto block : tt.getBlocks()) {
    for (auto row : block.getRows()) table.rows.push_back({str(row.getKey()), "", {}});
  }
  return table;
}

ReportContent newReport(const Template& tmpl, int year, const std::string& dept) {
  ReportContent report;
  report.templateKey = tmpl.ref();
  report.year = year;
  report.dept = dept;
  report.title = std::to_string(year) + "年度" + dept + str(tmpl.root().getTitle());
  for (auto s : tmpl.root().getSections()) report.sections.push_back(newSection(s));
  for (auto tt : tmpl.root().getTables()) {
    if (tt.getRepeatable()) continue;
    report.tables[str(tt.getKey())] = newTable(tt, str(tt.getKey()), year);
  }
  return report;
}

TableContent& addTableInstance(const Template& tmpl, ReportContent& report,
                               std::string_view tableTemplateKey) {
  auto tt = tmpl.table(tableTemplateKey);
  require(tt && tt->getRepeatable(), "template has no repeatable table \"" +
                                         std::string(tableTemplateKey) +
                                         "\" (模板中没有可增加的表格)");
  for (int n = 1;; ++n) {
    std::string key = std::string(tableTemplateKey) + "-" + std::to_string(n);
    if (!report.table(key)) return report.tables[key] = newTable(*tt, key, report.year);
  }
}

RowContent& addRow(proto::TableTemplate::Reader tt, TableContent& table, const std::string& group) {
  require(allowsAdd(tt, group), "table \"", table.key, "\" allows no rows added under \"", group,
          "\" (“", group, "”下不能增加行)");
  std::string key = newRowKey(table, group);
  table.rows.push_back({key, group, {}});
  sortRows(tt, table);
  return *table.row(key);
}

void sortRows(proto::TableTemplate::Reader tt, TableContent& table) {
  // Each row's place is worked out once, not in every comparison: addRow sorts the table
  // after each row it adds, so an import of n added rows made n sorts of n log n
  // comparisons, each of which walked the template and built sets of strings
  // (fuzz_text_import spent a quarter of its time here).
  RowOrder order(tt);
  std::map<std::string, std::pair<int, int>> anchors;  // by group
  std::vector<std::tuple<int, int, int>> places;
  places.reserve(table.rows.size());
  for (const RowContent& r : table.rows) {
    if (!r.added()) {
      auto it = order.fixed.find(r.key);
      places.push_back(it == order.fixed.end()
                           ? std::tuple(INT_MAX, INT_MAX, 2)
                           : std::tuple(it->second.first, it->second.second, 0));
      continue;
    }
    auto found = anchors.find(r.group);
    if (found == anchors.end()) found = anchors.emplace(r.group, order.anchor(tt, r.group)).first;
    places.push_back(std::tuple(found->second.first, found->second.second, 1));
  }
  std::vector<size_t> at(table.rows.size());
  for (size_t i = 0; i < at.size(); ++i) at[i] = i;
  std::stable_sort(at.begin(), at.end(), [&](size_t a, size_t b) { return places[a] < places[b]; });
  std::vector<RowContent> sorted;
  sorted.reserve(at.size());
  for (size_t i : at) sorted.push_back(std::move(table.rows[i]));
  table.rows = std::move(sorted);
}

}  // namespace rs::report
