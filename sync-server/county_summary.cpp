#include "county_summary.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "docreport/content_bridge.h"
#include "report/checks.h"
#include "report/compute.h"
#include "report/figures.h"
#include "report/template.h"
#include "submission_build.h"
#include "util/time_text.h"
#include "util/utf8.h"

namespace rs::server {

namespace {

using report::Fixed;

double number(Fixed f) {
  return double(f.hundredths) / 100;
}

// The figure of a cell: the one written, else the computed one.
std::optional<Fixed> figure(const report::Template& tmpl, const report::ReportContent& content,
                            const std::string& table, const std::string& row,
                            const std::string& column) {
  if (const report::TableContent* t = content.table(table))
    if (const report::RowContent* r = t->row(row))
      if (auto text = r->text(column))
        if (auto v = report::parseValue(*text)) return v;
  auto c = report::computeCell(tmpl, content, table, row, column);
  if (c && c->computed) return c->computed;
  return std::nullopt;
}

std::optional<double> asNumber(std::optional<Fixed> f) {
  return f ? std::optional<double>(number(*f)) : std::nullopt;
}

std::string oneLine(std::string text) {
  std::string out;
  for (char c : text)
    if (c != '\n' && c != '\r') out += c;
  return out;
}

DepartmentFigures figuresOf(ServerStore& store, const Submission& s) {
  std::unique_ptr<doc::Document> document = documentAt(store, s.reportId, s.version);
  report::ReportContent content = core::toContent(*document);
  report::Template tmpl = report::Template::forReport(content.templateKey);
  auto at = [&](const char* table, const char* row, const char* column) {
    return figure(tmpl, content, table, row, column);
  };
  DepartmentFigures d;
  d.department = s.department;
  d.title = s.title;
  d.year = s.year;
  d.status = s.review.status;
  d.submission = s.id;
  d.submittedMs = s.timeMs;
  d.budgetFull = asNumber(at("dept-eval", "money-total", "budgetFull"));
  d.executed = asNumber(at("dept-eval", "money-total", "executed"));
  d.executionRate = asNumber(at("dept-eval", "money-total", "rate"));
  d.basic = asNumber(at("dept-eval", "expense-basic", "amount"));
  d.project = asNumber(at("dept-eval", "expense-project", "amount"));
  auto threeActual = at("basic-data", "three-public", "actual");
  auto threeBudget = at("basic-data", "three-public", "budget");
  d.threePublic = asNumber(threeActual);
  // 控制率 of the “三公”经费: spent against budgeted (DOMAIN.md, 基础数据表).
  if (threeActual && threeBudget)
    d.threePublicRate = asNumber(report::ratePercent(*threeActual, *threeBudget));
  d.staffingRate = asNumber(at("basic-data", "staffing", "rate"));
  d.totalScore = asNumber(at("dept-eval", "total", "score"));
  for (const auto& entry : content.tables) {
    // Named, not bound: clang 14 (the fuzz build) refuses lambdas capturing bindings.
    const std::string& key = entry.first;
    const report::TableContent& table = entry.second;
    auto tt = tmpl.tableOf(table);
    if (!tt || !tt->getRepeatable()) continue;  // the 项目支出绩效自评表s
    auto name = [&](const char* row) {
      const report::RowContent* r = table.row(row);
      return r ? oneLine(r->text("value").value_or("")) : std::string();
    };
    auto at = [&](const char* row, const char* column) {
      return asNumber(figure(tmpl, content, key, row, column));
    };
    auto computed = report::computeCell(tmpl, content, key, "total", "score");
    d.projects.push_back(
        {key, name("project-name"), name("implementer"), at("money-total", "budgetFull"),
         at("money-total", "executed"), at("money-total", "rate"), at("money-total", "score"),
         at("total", "score"), computed ? asNumber(computed->computed) : std::nullopt});
  }
  for (const report::Finding& f : report::runChecks(tmpl, content))
    d.errors += f.severity == report::Severity::kError;
  if (const report::TableContent* t = content.table("dept-eval"))
    for (const report::RowContent& r : t->rows) {
      if (r.key.rfind("indicators-", 0) != 0) continue;
      auto text = [&](const char* column) { return oneLine(r.text(column).value_or("")); };
      d.indicators.push_back({text("level1"), text("level2"), text("level3"), text("target"),
                              text("actual"), asNumber(report::parseValue(text("weight"))),
                              asNumber(report::parseValue(text("score")))});
    }
  return d;
}

const char* statusName(const std::string& status) {
  if (status == "accepted") return "已通过";
  if (status == "returned") return "已退回";
  return "待审核";
}

// A worksheet name Excel takes: at most 31 characters, none of []:*?/\, unique.
std::string sheetName(const std::string& department, std::set<std::string>& used) {
  std::u32string name;
  for (char32_t c : utf8ToU32(department))
    if (std::u32string_view(U"[]:*?/\\").find(c) == std::u32string_view::npos) name += c;
  if (name.empty()) name = U"部门";
  if (name.size() > 28) name.resize(28);
  std::string base = u32ToUtf8(name), out = base;
  for (int n = 2; used.count(out); ++n) out = base + "（" + std::to_string(n) + "）";
  used.insert(out);
  return out;
}

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR) throw std::runtime_error(std::string(what) + ": " + lxw_strerror(e));
}

// Row 0 of a sheet: the column titles, 36 pt high.
void writeHeaders(lxw_worksheet* sheet, std::initializer_list<const char*> headers,
                  lxw_format* head) {
  lxw_col_t c = 0;
  for (const char* h : headers) worksheet_write_string(sheet, 0, c++, h, head);
  worksheet_set_row(sheet, 0, 36, nullptr);
}

// Column widths (in characters of the default font) for runs of columns {first, last, width}.
struct ColumnWidth {
  lxw_col_t first, last;
  double width;
};
void setWidths(lxw_worksheet* sheet, std::initializer_list<ColumnWidth> widths) {
  for (const ColumnWidth& w : widths)
    worksheet_set_column(sheet, w.first, w.last, w.width, nullptr);
}

// Figures as numbers from column `first` on, blank where there is none.
void writeFigures(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t first,
                  std::initializer_list<const std::optional<double>*> figures, lxw_format* money) {
  lxw_col_t c = first;
  for (const std::optional<double>* f : figures) {
    if (*f)
      worksheet_write_number(sheet, row, c, **f, money);
    else
      worksheet_write_blank(sheet, row, c, money);
    ++c;
  }
}

// Sheet 项目得分: a row per project table of each department, in the departments' order.
void writeProjectSheet(lxw_workbook* book, const std::vector<DepartmentFigures>& departments,
                       const std::string& year, lxw_format* head, lxw_format* text,
                       lxw_format* money) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, (year + "年度项目得分").c_str());
  writeHeaders(
      sheet,
      {"部门", "项目支出名称", "实施单位", "表格", "全年预算数（万元）", "全年执行数（万元）",
       "执行率（%）", "预算执行得分", "总分", "按评分规则计算的总分"},
      head);
  setWidths(sheet, {{0, 0, 26}, {1, 2, 28}, {3, 3, 16}, {4, 9, 13}});
  worksheet_freeze_panes(sheet, 1, 2);
  lxw_row_t row = 1;
  for (const DepartmentFigures& d : departments) {
    for (const ProjectFigures& p : d.projects) {
      const std::string* texts[] = {&d.department, &p.name, &p.implementer, &p.key};
      for (lxw_col_t c = 0; c < 4; ++c)
        worksheet_write_string(sheet, row, c, texts[c]->c_str(), text);
      writeFigures(sheet, row, 4,
                   {&p.budgetFull, &p.executed, &p.executionRate, &p.executionScore, &p.totalScore,
                    &p.computedTotal},
                   money);
      ++row;
    }
  }
}

}  // namespace

DepartmentFigures FiguresCache::of(ServerStore& store, const Submission& s) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = byId_.find(s.id);
    if (it != byId_.end()) {
      DepartmentFigures d = it->second;
      d.status = s.review.status;
      return d;
    }
  }
  // Computed outside the lock: two threads may both compute a new one; both get the same.
  DepartmentFigures d = figuresOf(store, s);
  std::lock_guard<std::mutex> lock(mu_);
  ++computations_;
  byId_.emplace(s.id, d);
  return d;
}

size_t FiguresCache::computations() {
  std::lock_guard<std::mutex> lock(mu_);
  return computations_;
}

bool isYear(const std::string& text) {
  return text.size() == 4 && text.find_first_not_of("0123456789") == std::string::npos;
}

std::vector<DepartmentFigures> countySummary(ServerStore& store, SubmissionStore& submissions,
                                             FiguresCache& cache, const std::string& year) {
  std::map<std::string, Submission> latest;  // by report; all() is oldest first
  {
    store::kv::Txn txn(store.db(), store::kv::Txn::kRead);
    for (Submission& s : submissions.all(txn))
      if (s.year == year) latest[s.reportId] = std::move(s);
  }
  std::vector<DepartmentFigures> out;
  for (const auto& [report, s] : latest) out.push_back(cache.of(store, s));
  std::sort(out.begin(), out.end(), [](const DepartmentFigures& a, const DepartmentFigures& b) {
    return std::tie(a.department, a.submission) < std::tie(b.department, b.submission);
  });
  return out;
}

std::string summaryWorkbook(const std::vector<DepartmentFigures>& departments,
                            const std::string& year) {
  // libxlsxwriter 1.1.4 writes only to a file: a private temporary one, removed after.
  std::string path = (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  path += "/reportsync-summary-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for the workbook");
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { ::unlink(path.c_str()); }
  } remove{path};

  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) throw std::runtime_error("libxlsxwriter cannot start a workbook");
  lxw_format* head = workbook_add_format(book);
  format_set_bold(head);
  format_set_text_wrap(head);
  format_set_align(head, LXW_ALIGN_CENTER);
  format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(head, 0xDDEBF7);
  format_set_border(head, LXW_BORDER_THIN);
  lxw_format* text = workbook_add_format(book);
  format_set_border(text, LXW_BORDER_THIN);
  format_set_text_wrap(text);
  lxw_format* money = workbook_add_format(book);
  format_set_border(money, LXW_BORDER_THIN);
  format_set_num_format(money, "0.00");

  lxw_worksheet* sheet = workbook_add_worksheet(book, (year + "年度汇总").c_str());
  writeHeaders(sheet,
               {"部门", "报告", "提交编号", "提交时间", "状态", "全年预算数（万元）",
                "全年执行数（万元）", "执行率（%）", "基本支出（万元）", "项目支出（万元）",
                "“三公”经费（万元）", "“三公”经费控制率（%）", "人员控制率（%）", "总分"},
               head);
  setWidths(sheet, {{0, 0, 26}, {1, 1, 40}, {2, 4, 12}, {5, 13, 13}});
  worksheet_freeze_panes(sheet, 1, 1);
  lxw_row_t row = 1;
  for (const DepartmentFigures& d : departments) {
    worksheet_write_string(sheet, row, 0, d.department.c_str(), text);
    worksheet_write_string(sheet, row, 1, d.title.c_str(), text);
    worksheet_write_number(sheet, row, 2, double(d.submission), text);
    worksheet_write_string(sheet, row, 3,
                           localTimeText(d.submittedMs, "%Y-%m-%d %H:%M", "").c_str(), text);
    worksheet_write_string(sheet, row, 4, statusName(d.status), text);
    writeFigures(sheet, row, 5,
                 {&d.budgetFull, &d.executed, &d.executionRate, &d.basic, &d.project,
                  &d.threePublic, &d.threePublicRate, &d.staffingRate, &d.totalScore},
                 money);
    ++row;
  }

  writeProjectSheet(book, departments, year, head, text, money);

  std::set<std::string> used{year + "年度汇总", year + "年度项目得分"};
  for (const DepartmentFigures& d : departments) {
    lxw_worksheet* ind = workbook_add_worksheet(book, sheetName(d.department, used).c_str());
    const char* cols[] = {"一级指标",   "二级指标", "三级指标", "年度指标值",
                          "实际完成值", "分值",     "得分"};
    for (lxw_col_t c = 0; c < 7; ++c) worksheet_write_string(ind, 0, c, cols[c], head);
    setWidths(ind, {{0, 1, 14}, {2, 2, 30}, {3, 4, 16}});
    worksheet_freeze_panes(ind, 1, 0);
    lxw_row_t r = 1;
    for (const IndicatorLine& line : d.indicators) {
      const std::string* texts[] = {&line.level1, &line.level2, &line.level3, &line.target,
                                    &line.actual};
      for (lxw_col_t c = 0; c < 5; ++c) worksheet_write_string(ind, r, c, texts[c]->c_str(), text);
      if (line.weight) worksheet_write_number(ind, r, 5, *line.weight, money);
      if (line.score) worksheet_write_number(ind, r, 6, *line.score, money);
      ++r;
    }
  }
  check(workbook_close(book), "cannot write the workbook");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace rs::server
