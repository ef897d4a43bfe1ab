#include "core/project_tables.h"

#include <map>
#include <set>

#include "core/rights_text.h"
#include "docreport/content_bridge.h"
#include "report/figures.h"
#include "report/new_report.h"
#include "report/template.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::core {

namespace {

constexpr char kProjectTemplate[] = "project-eval";

std::string str(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

report::Template reportTemplate(const doc::Document& d) {
  return report::Template::forReport(d.reportValue(doc::ReportField::kTemplate));
}

std::string projectName(const doc::Document& d, doc::OpId table) {
  const doc::Table& t = *d.table(table);
  for (doc::OpId r : d.rows(table)) {
    if (t.rowInfo.at(r).key != "project-name") continue;
    auto it = t.cells.find(doc::Table::cellKey(r, "value"));
    if (it != t.cells.end() && !it->second.empty()) return it->second.entries().front().value;
  }
  return "";
}

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A money figure in 万元 ("1.21", "1,210.5"), or "" for none.
std::string moneyFigure(const std::string& typed, const char* what) {
  std::string text = trimmed(typed);
  if (text.empty()) return "";
  auto f = report::parseFigure(text);
  require(f && (f->unit.empty() || f->unit == "万元") && f->direction == report::Direction::kNone &&
              f->value >= report::Fixed{},
          std::string(what) + " \"" + text + "\" is not an amount in 万元 (" + what +
              "应为以万元计的金额，如 1.21)");
  return text;
}

// The section whose assignees write the template's table `tt` (its `section` key).
std::optional<doc::OpId> sectionOf(const doc::Document& d, proto::TableTemplate::Reader tt) {
  std::string key = str(tt.getSection());
  if (key.empty()) return std::nullopt;
  for (const auto& e : d.outline())
    if (d.section(e.id)->templateKey == key) return e.id;
  return std::nullopt;
}

bool isProjectTable(const doc::Document& d, doc::OpId table) {
  const doc::Table* t = d.table(table);
  if (!t) return false;
  try {
    auto tt = reportTemplate(d).table(t->templateKey);
    return tt && tt->getRepeatable();
  } catch (const InputError&) {
    return t->templateKey == kProjectTemplate;
  }
}

// Every change of a history by id, and causal pasts over their dependencies.
struct HistoryIndex {
  const std::vector<doc::Change>& changes;
  std::map<doc::ChangeId, size_t> byId;

  explicit HistoryIndex(const std::vector<doc::Change>& history) : changes(history) {
    for (size_t i = 0; i < history.size(); ++i) byId[history[i].id] = i;
  }
  // Every change `id` depends on, directly or not (not `id` itself).
  std::set<doc::ChangeId> pastOf(const doc::ChangeId& id) const {
    std::set<doc::ChangeId> seen;
    std::vector<doc::ChangeId> todo;
    auto push = [&](const doc::ChangeId& c) {
      if (seen.insert(c).second) todo.push_back(c);
    };
    auto own = byId.find(id);
    if (own == byId.end()) return seen;
    for (const auto& dep : changes[own->second].deps) push(dep);
    // An actor's earlier changes are in the past of its later ones.
    if (id.seq > 1) push(doc::ChangeId{id.actor, id.seq - 1});
    while (!todo.empty()) {
      doc::ChangeId c = todo.back();
      todo.pop_back();
      auto it = byId.find(c);
      if (it == byId.end()) continue;
      for (const auto& dep : changes[it->second].deps) push(dep);
      if (c.seq > 1) push(doc::ChangeId{c.actor, c.seq - 1});
    }
    return seen;
  }
};

std::optional<doc::OpId> tableWritten(const doc::Op& op) {
  if (auto* o = std::get_if<doc::CellSet>(&op)) return o->table;
  if (auto* o = std::get_if<doc::RowInsert>(&op)) return o->table;
  if (auto* o = std::get_if<doc::RowDelete>(&op)) return o->table;
  return std::nullopt;
}

}  // namespace

std::vector<ProjectTable> projectTables(const doc::Document& d) {
  std::vector<ProjectTable> out;
  for (const auto& [t, key] : tableKeys(d))
    if (isProjectTable(d, t)) out.push_back({key, projectName(d, t)});
  return out;
}

std::string addProjectTable(Replica& replica, OpenReport& report, const std::string& typedName,
                            const ProjectMoney& money) {
  const doc::Document& d = *report.doc;
  requireOffice(d, replica.userName(), "新增项目支出绩效自评表");
  std::string name = trimmed(typedName);
  require(!name.empty(), "a project table needs the project's name (请填写项目支出名称)");
  require(utf8ToU32(name).size() <= 200,
          "the project's name is longer than 200 characters (项目支出名称不能超过200个字)");
  for (const ProjectTable& p : projectTables(d))
    require(p.name != name, "the report already has a table for project \"" + name +
                                "\": " + p.key + " (已有项目“" + name + "”的绩效自评表)");
  ProjectMoney figures{moneyFigure(money.budgetInitial, "年初预算数"),
                       moneyFigure(money.budgetFull, "全年预算数"),
                       moneyFigure(money.executed, "全年执行数")};
  report::Template tmpl = reportTemplate(d);
  auto tt = tmpl.table(kProjectTemplate);
  require(tt && tt->getRepeatable(),
          "the report's template has no 项目支出绩效自评表 (报告模板中没有项目支出绩效自评表)");

  // The first "project-eval-N" no table has had, so that undoing a removal never meets a
  // newer table of the same key.
  std::set<std::string> taken;
  for (doc::OpId t : d.allTables()) taken.insert(d.table(t)->name);
  for (const auto& [t, key] : tableKeys(d)) taken.insert(key);
  std::string key;
  for (int n = 1; key.empty() || taken.count(key); ++n)
    key = std::string(kProjectTemplate) + "-" + std::to_string(n);

  std::string year = d.reportValue(doc::ReportField::kYear);
  report::TableContent table =
      report::newTable(*tt, key, year.empty() ? 0 : std::atoi(year.c_str()));
  table.row("project-name")->set("value", name);
  report::RowContent& current = *table.row("current");
  if (!figures.budgetInitial.empty()) current.set("budgetInitial", figures.budgetInitial);
  if (!figures.budgetFull.empty()) current.set("budgetFull", figures.budgetFull);
  if (!figures.executed.empty()) current.set("executed", figures.executed);
  // The form's indicator part: a row for each 二级指标 of each 一级指标 group.
  for (auto block : tt->getBlocks()) {
    if (block.getStyle() != proto::BlockStyle::INDICATORS) continue;
    for (auto g : block.getGroups()) {
      for (auto sub : g.getSubgroups()) {
        report::RowContent& row = report::addRow(*tt, table, str(block.getKey()));
        row.set("level1", str(g.getLabel()));
        row.set("level2", str(sub));
      }
    }
  }
  std::optional<doc::OpId> section = sectionOf(d, *tt);
  replica.edit(report, [&](doc::LocalEdit& e) { writeTable(e, table, section); });
  return key;
}

std::string removeProjectTable(Replica& replica, OpenReport& report, const std::string& key) {
  const doc::Document& d = *report.doc;
  auto t = findTable(d, key);
  require(t.has_value(), "no table " + key + " (没有表格“" + key + "”)");
  require(isProjectTable(d, *t), "table " + key +
                                     " is not a project table; only 项目支出绩效自评表 can be "
                                     "removed (只能删除项目支出绩效自评表)");
  requireOffice(d, replica.userName(), "删除项目支出绩效自评表");
  std::string name = projectName(d, *t);
  replica.edit(report, [&](doc::LocalEdit& e) { e.removeTable(*t); });
  return name;
}

std::vector<HiddenEdit> hiddenTableEdits(Replica& replica, const OpenReport& report) {
  std::vector<HiddenEdit> out;
  doc::Document& d = *report.doc;
  bool anyRemoved = false;
  for (doc::OpId t : d.allTables()) anyRemoved |= d.table(t)->removed;
  if (!anyRemoved) return out;
  std::vector<doc::Change> history = replica.decodedChanges(report.id, d.actors());
  HistoryIndex index(history);
  for (const doc::Change& r : history) {
    if (d.isIneffective(r.id)) continue;
    for (const doc::Op& op : r.ops) {
      auto* remove = std::get_if<doc::TableRemove>(&op);
      if (!remove) continue;
      std::set<doc::ChangeId> past = index.pastOf(r.id);
      const doc::Table& table = *d.table(remove->table);
      std::string shown = table.title + (projectName(d, remove->table).empty()
                                             ? ""
                                             : "（" + projectName(d, remove->table) + "）");
      // A copy made back by undoing this removal after it had seen the edit holds it.
      // (Copies made before restoredName() existed carry the removed table's name.)
      std::vector<std::set<doc::ChangeId>> restores;
      std::string restoring = restoredName(d, remove->table);
      for (const doc::Change& c : history) {
        for (const doc::Op& o : c.ops) {
          auto* create = std::get_if<doc::TableCreate>(&o);
          if (create && (create->name == restoring || create->name == table.name) && c.id != r.id &&
              !past.count(c.id)) {
            std::set<doc::ChangeId> p = index.pastOf(c.id);
            if (p.count(r.id)) restores.push_back(std::move(p));
          }
        }
      }
      for (const doc::Change& x : history) {
        if (x.id == r.id || past.count(x.id)) continue;
        HiddenEdit h{shown, r.author, x.author, 0, 0, x.id};
        for (const doc::Op& o : x.ops) {
          if (tableWritten(o) != remove->table) continue;
          if (std::holds_alternative<doc::CellSet>(o))
            ++h.cells;
          else
            ++h.rows;
        }
        if (h.cells + h.rows == 0) continue;
        bool restored = false;
        for (const auto& p : restores) restored |= p.count(x.id) > 0;
        if (!restored) out.push_back(std::move(h));
      }
    }
  }
  return out;
}

std::string describeHiddenEdit(const HiddenEdit& h) {
  std::string what;
  if (h.cells) what += std::to_string(h.cells) + "个单元格";
  if (h.rows) what += (what.empty() ? "" : "、") + std::to_string(h.rows) + "处行的增删";
  return "表格“" + h.table + "”已被" + h.removedBy + "删除；" + h.author + "同时所做的修改（" +
         what + "）删除时未被看到，随表格隐藏。删除者撤销删除（Ctrl+Z）即可连同这些修改恢复该表。";
}

}  // namespace rs::core
