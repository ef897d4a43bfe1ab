#include "gui/report_analysis.h"

#include <chrono>

#include "docreport/render.h"
#include "report/checks.h"
#include "report/template.h"

namespace rs::gui {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

// "一、（一）title" for outline number "1.1".
std::string sectionText(const report::ReportContent& content, const std::string& number) {
  const report::SectionContent* s = report::findSection(content, number);
  if (!s) return number;
  std::vector<int> parts;
  for (const auto& p : split(number, '.')) parts.push_back(std::atoi(p.c_str()));
  return core::headingLabel(parts) + s->title;
}

}  // namespace

FindingPlace placeOf(const report::ReportContent& content,
                     const std::vector<report::TableView>& tables, const std::string& location) {
  FindingPlace place;
  if (location.find('/') == std::string::npos) {
    bool isTable = content.table(location) != nullptr;
    if (!isTable) {
      place.section = location;
      place.text = sectionText(content, location);
      return place;
    }
  }
  auto parts = split(location, '/');
  place.table = parts[0];
  if (parts.size() > 1) place.row = parts[1];
  if (parts.size() > 2) place.column = parts[2];
  place.text = place.table;
  for (const auto& t : tables) {
    if (t.key != place.table) continue;
    place.text = t.title.empty() ? t.key : t.title;
    for (const auto& b : t.blocks) {
      bool inBlock = b.key == place.row;
      const report::RowView* row = nullptr;
      for (const auto& r : b.rows)
        if (r.key == place.row) row = &r;
      if (!row && !inBlock) continue;
      if (row && !report::rowName(*row).empty()) place.text += " / " + report::rowName(*row);
      for (const auto& c : b.columns)
        if (c.key == place.column) place.text += " / " + c.title;
      break;
    }
  }
  return place;
}

FindingPlace placeOfComment(const std::string& key, const std::string& label) {
  FindingPlace place;
  place.text = label;
  if (key.rfind("section:", 0) == 0 && key.size() > 8) {
    place.section = key.substr(8);
  } else if (key.rfind("cell:", 0) == 0) {
    auto parts = split(key.substr(5), '/');  // TABLE, BLOCK, ROW, COLUMN
    if (parts.size() == 4 && !parts[0].empty() && !parts[2].empty()) {
      place.table = parts[0];
      place.row = parts[2];
      place.column = parts[3];
    }
  }
  return place;
}

Analysis analyze(const report::ReportContent& content, uint64_t generation) {
  auto start = std::chrono::steady_clock::now();
  Analysis a;
  a.generation = generation;
  try {
    report::Template tmpl = report::Template::forReport(content.templateKey);
    for (const auto& [key, table] : content.tables) {
      a.tables.push_back(viewTable(tmpl, content, key));
      // One tab per project: 项目支出绩效自评表（遗属生活补助）.
      const report::RowContent* project = table.row("project-name");
      auto name = project ? project->text("value") : std::nullopt;
      if (name && !name->empty()) a.tables.back().title += "（" + *name + "）";
    }
    a.findings = report::runChecks(tmpl, content);
    for (const auto& f : a.findings) a.places.push_back(placeOf(content, a.tables, f.location));
  } catch (const std::exception& e) {
    a.error = e.what();
  }
  a.millis =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return a;
}

}  // namespace rs::gui
