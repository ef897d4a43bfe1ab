#include "report/report_content.h"

#include <charconv>
#include <utility>

namespace rs::report {

std::optional<std::string> CellContent::single() const {
  if (conflicted()) return std::nullopt;
  return values.empty() ? std::string() : values[0];
}

std::optional<std::string> RowContent::text(std::string_view column) const {
  auto it = cells.find(std::string(column));
  if (it == cells.end()) return std::string();
  return it->second.single();
}

void RowContent::set(const std::string& column, std::string value) {
  if (value.empty()) {
    cells.erase(column);
  } else {
    cells[column].values = {std::move(value)};
  }
}

const RowContent* TableContent::row(std::string_view key) const {
  for (const auto& r : rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

RowContent* TableContent::row(std::string_view key) {
  return const_cast<RowContent*>(std::as_const(*this).row(key));
}

const TableContent* ReportContent::table(std::string_view key) const {
  auto it = tables.find(std::string(key));
  return it == tables.end() ? nullptr : &it->second;
}

TableContent* ReportContent::table(std::string_view key) {
  return const_cast<TableContent*>(std::as_const(*this).table(key));
}

const SectionContent* findSection(const ReportContent& report, std::string_view number) {
  const std::vector<SectionContent>* level = &report.sections;
  const SectionContent* found = nullptr;
  while (!number.empty()) {
    size_t dot = number.find('.');
    std::string_view part = number.substr(0, dot);
    size_t index = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
    if (ec != std::errc() || end != part.data() + part.size() || index == 0 ||
        index > level->size()) {
      return nullptr;
    }
    found = &(*level)[index - 1];
    level = &found->children;
    number = dot == std::string_view::npos ? std::string_view() : number.substr(dot + 1);
  }
  return found;
}

}  // namespace rs::report
