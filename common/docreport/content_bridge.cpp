#include "docreport/content_bridge.h"

#include <algorithm>
#include <map>
#include <set>

#include "report/template.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::core {

namespace {

std::vector<std::string> registerValues(const crdt::MultiRegister<std::string>& reg) {
  std::vector<std::string> out;
  for (const auto& e : reg.entries()) out.push_back(e.value);
  return out;
}

std::string firstValue(const crdt::MultiRegister<std::string>& reg) {
  return reg.empty() ? std::string() : reg.entries().front().value;
}

report::SectionContent sectionContent(const doc::Document& d, doc::OpId id) {
  const doc::Section& s = *d.section(id);
  report::SectionContent c;
  c.templateKey = s.templateKey;
  c.title = firstValue(s.title);
  c.body = s.text.utf8();
  c.status = firstValue(s.status);
  return c;
}

report::TableContent tableContent(const doc::Document& d, doc::OpId id) {
  const doc::Table& t = *d.table(id);
  report::TableContent c;
  c.key = t.name;
  c.templateKey = t.templateKey;
  c.title = t.title;
  for (doc::OpId rid : d.rows(id)) {
    const doc::Row& info = t.rowInfo.at(rid);
    report::RowContent row;
    row.key = info.key;
    row.group = info.group;
    t.forEachCell(rid, [&](const std::string& column, const auto& reg) {
      row.cells[column].values = registerValues(reg);
    });
    c.rows.push_back(std::move(row));
  }
  return c;
}

// `byKey` gets each template section's id.
void writeSections(doc::LocalEdit& edit, std::optional<doc::OpId> parent,
                   const std::vector<report::SectionContent>& sections,
                   std::map<std::string, doc::OpId>& byKey) {
  for (size_t i = 0; i < sections.size(); ++i) {
    const report::SectionContent& s = sections[i];
    doc::OpId id = edit.createSection(parent, i, s.title, s.templateKey);
    if (!s.templateKey.empty()) byKey.emplace(s.templateKey, id);
    edit.insertText(id, 0, utf8ToU32(s.body));
    if (!s.status.empty()) edit.setSectionField(id, doc::SectionField::kStatus, s.status);
    writeSections(edit, id, s.children, byKey);
  }
}

// The section whose assignees write `table`, as its template names it (nullopt: the
// office's, or a template this program does not have).
std::optional<doc::OpId> tableSection(const report::ReportContent& c,
                                      const report::TableContent& table,
                                      const std::map<std::string, doc::OpId>& sections) {
  std::optional<report::Template> tmpl;
  try {
    tmpl = report::Template::forReport(c.templateKey);
  } catch (const InputError&) {
    return std::nullopt;
  }
  auto tt = tmpl->tableOf(table);
  if (!tt) return std::nullopt;
  auto it = sections.find(std::string(tt->getSection().cStr()));
  return it == sections.end() ? std::nullopt : std::optional(it->second);
}

}  // namespace

report::ReportContent toContent(const doc::Document& d) {
  report::ReportContent c;
  c.templateKey = d.reportValue(doc::ReportField::kTemplate);
  c.title = d.reportValue(doc::ReportField::kTitle);
  c.dept = d.reportValue(doc::ReportField::kDepartment);
  std::string year = d.reportValue(doc::ReportField::kYear);
  c.year = year.empty() ? 0 : std::atoi(year.c_str());

  // The outline is flat with depths; rebuild the tree.
  std::vector<std::vector<report::SectionContent>*> levels{&c.sections};
  for (const auto& e : d.outline()) {
    levels.resize(e.depth);
    levels.back()->push_back(sectionContent(d, e.id));
    levels.push_back(&levels.back()->back().children);
  }
  for (const auto& [t, key] : tableKeys(d)) {
    report::TableContent table = tableContent(d, t);
    table.key = key;
    c.tables[key] = std::move(table);
  }
  return c;
}

void writeContent(doc::LocalEdit& edit, const report::ReportContent& c) {
  edit.setReportField(doc::ReportField::kTemplate, c.templateKey);
  edit.setReportField(doc::ReportField::kTitle, c.title);
  edit.setReportField(doc::ReportField::kDepartment, c.dept);
  if (c.year) edit.setReportField(doc::ReportField::kYear, std::to_string(c.year));
  std::map<std::string, doc::OpId> sections;
  writeSections(edit, std::nullopt, c.sections, sections);
  for (const auto& [key, table] : c.tables)
    writeTable(edit, table, tableSection(c, table, sections));
}

doc::OpId writeTable(doc::LocalEdit& edit, const report::TableContent& table,
                     std::optional<doc::OpId> section) {
  doc::OpId tid = edit.createTable(table.templateKey, table.key, table.title, section);
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const report::RowContent& row = table.rows[i];
    doc::OpId rid = edit.insertRow(tid, i, row.key, row.group);
    for (const auto& [column, cell] : row.cells)
      for (const std::string& v : cell.values) edit.setCell(tid, rid, column, v);
  }
  return tid;
}

report::TableContent heldTableContent(const doc::Document& d, doc::OpId table) {
  return tableContent(d, table);
}

namespace {

// Marks a restoring copy's name; plain names (template keys, "project-eval-3") never hold it.
constexpr std::string_view kRestoredMark = "~restored";

}  // namespace

std::vector<std::pair<doc::OpId, std::string>> allTableKeys(const doc::Document& d) {
  std::vector<std::pair<doc::OpId, std::string>> out;
  std::map<std::string, doc::OpId> holder;  // key -> the latest table holding it
  for (doc::OpId t : d.allTables()) {
    std::string key = d.table(t)->name;
    bool restoring = key.size() > kRestoredMark.size() && key.ends_with(kRestoredMark);
    if (restoring) key.resize(key.size() - kRestoredMark.size());
    auto held = holder.find(key);
    if (held != holder.end() && !(restoring && d.table(held->second)->removed)) {
      std::string base = key;  // a concurrent add took the same name
      for (int k = 2; holder.count(key); ++k) key = base + "-" + std::to_string(k);
    }
    holder[key] = t;
    out.emplace_back(t, key);
  }
  return out;
}

std::vector<std::pair<doc::OpId, std::string>> tableKeys(const doc::Document& d) {
  std::vector<std::pair<doc::OpId, std::string>> out;
  for (auto& [t, key] : allTableKeys(d))
    if (!d.table(t)->removed) out.emplace_back(t, std::move(key));
  return out;
}

std::string restoredName(const doc::Document& d, doc::OpId table) {
  for (const auto& [t, key] : allTableKeys(d))
    if (t == table) return key + std::string(kRestoredMark);
  throw InputError("no such table (没有该表格)");
}

std::optional<doc::OpId> shownHeir(const doc::Document& d, doc::OpId table) {
  std::vector<std::pair<doc::OpId, std::string>> keys = allTableKeys(d);
  auto own =
      std::find_if(keys.begin(), keys.end(), [&](const auto& e) { return e.first == table; });
  if (own == keys.end()) return std::nullopt;
  for (auto it = own; it != keys.end(); ++it)
    if (it->second == own->second && !d.table(it->first)->removed) return it->first;
  return std::nullopt;
}

std::optional<doc::OpId> findTable(const doc::Document& d, const std::string& key) {
  for (const auto& [t, k] : tableKeys(d))
    if (k == key) return t;
  return std::nullopt;
}

std::optional<doc::OpId> findRow(const doc::Document& d, doc::OpId table, const std::string& key) {
  const doc::Table* t = d.table(table);
  std::vector<doc::OpId> rows = d.rows(table);
  for (doc::OpId r : rows)
    if (t->rowInfo.at(r).key == key) return r;
  if (!key.empty() && key.find_first_not_of("0123456789") == std::string::npos && key.size() < 6) {
    size_t n = std::stoul(key);
    if (n >= 1 && n <= rows.size()) return rows[n - 1];
  }
  return std::nullopt;
}

}  // namespace rs::core
