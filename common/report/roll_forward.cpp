#include "report/roll_forward.h"

#include "report/new_report.h"
#include "util/errors.h"

namespace rs::report {

namespace {

void carrySections(std::vector<SectionContent>& sections) {
  for (auto& s : sections) {
    s.status = s.body.empty() ? "" : std::string(kCarriedOver);
    carrySections(s.children);
  }
}

// The text of last year's cell that goes into `column` of next year's row; nullopt: empty.
std::optional<std::string> carriedText(const RowPlace& place, proto::Column::Reader column,
                                       const RowContent& last) {
  std::string_view key = sv(column.getKey());
  bool computed = formulaOf(place, key).has_value();
  std::optional<std::string> text;
  if (column.getCarryFrom().size() > 0) {
    if (computed) return std::nullopt;  // 上年决算数 of a total: its formula sums the items
    text = last.text(sv(column.getCarryFrom()));
  } else {
    switch (column.getCarry()) {
      case proto::Column::Carry::KEEP:
        text = last.text(key);
        break;
      case proto::Column::Carry::CLEAR:
        return std::nullopt;
      case proto::Column::Carry::AUTO:
        if (computed || column.getType() != proto::ColumnType::TEXT) return std::nullopt;
        text = last.text(key);
        break;
    }
  }
  if (!text || text->empty()) return std::nullopt;  // empty, or conflicted: left to fill
  return text;
}

TableContent carryTable(proto::TableTemplate::Reader tt, const TableContent& last, int year) {
  TableContent out;
  out.key = last.key;
  out.templateKey = last.templateKey;
  out.title = fillYear(tt.getTitle().cStr(), year);
  for (const auto& row : last.rows) {
    auto place = placeOf(tt, row);
    if (!place) continue;
    RowContent next{row.key, row.group, {}};
    for (auto column : place->block.getColumns()) {
      if (auto text = carriedText(*place, column, row)) next.set(column.getKey().cStr(), *text);
    }
    out.rows.push_back(std::move(next));
  }
  // Fixed rows last year's table lacked come back (the form fixes them).
  for (const auto& fixed : newTable(tt, last.key, year).rows) {
    if (!out.row(fixed.key)) out.rows.push_back(fixed);
  }
  sortRows(tt, out);
  return out;
}

}  // namespace

ReportContent rollForward(const Template& tmpl, const ReportContent& last, int year) {
  require(year > last.year, "the new report's year " + std::to_string(year) +
                                " must come after last year's report, " +
                                std::to_string(last.year) + " (新报告的年度应晚于上年报告的" +
                                std::to_string(last.year) + "年度)");
  ReportContent out = newReport(tmpl, year, last.dept);
  out.sections = last.sections;
  carrySections(out.sections);
  for (const auto& [key, table] : last.tables) {
    if (auto tt = tmpl.tableOf(table)) out.tables[key] = carryTable(*tt, table, year);
  }
  return out;
}

namespace {

uint32_t versionOf(const TemplateRef& ref) {
  return ref.version > 0 ? ref.version : Template::builtin(ref.key).version();
}

}  // namespace

std::optional<Template> newerTemplate(std::string_view lastRef) {
  TemplateRef ref = parseTemplateRef(lastRef);
  Template newest = Template::newest(ref.key);
  if (newest.version() <= versionOf(ref)) return std::nullopt;
  return newest;
}

std::string versionName(std::string_view ref) {
  TemplateRef r = parseTemplateRef(ref);
  return r.key + " 第" + std::to_string(versionOf(r)) + "版";
}

}  // namespace rs::report
