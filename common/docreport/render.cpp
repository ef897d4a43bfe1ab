#include "docreport/render.h"

#include "util/errors.h"
#include "util/json_writer.h"

namespace rs::core {

namespace {

std::string chineseNumber(int n) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10) return digits[n];
  if (n < 20) return std::string("十") + (n % 10 ? digits[n % 10] : "");
  if (n < 100) return std::string(digits[n / 10]) + "十" + (n % 10 ? digits[n % 10] : "");
  return std::to_string(n);
}

bool within(const std::vector<int>& number, const std::vector<int>* only) {
  return !only || (number.size() >= only->size() &&
                   std::equal(only->begin(), only->end(), number.begin()));
}

void writeRegister(JsonWriter& w, const crdt::MultiRegister<std::string>& reg) {
  w.beginArray();
  for (const auto& e : reg.entries()) w.value(e.value);
  w.endArray();
}

}  // namespace

std::string headingLabel(const std::vector<int>& number) {
  int n = number.back();
  switch (number.size()) {
    case 1: return chineseNumber(n) + "、";
    case 2: return "（" + chineseNumber(n) + "）";
    case 3: return std::to_string(n) + ".";
    default: return "(" + std::to_string(n) + ")";
  }
}

std::string outlineNumber(const std::vector<int>& number) {
  std::string s;
  for (int n : number) s += (s.empty() ? "" : ".") + std::to_string(n);
  return s;
}

std::vector<int> parseOutlineNumber(const std::string& text) {
  std::vector<int> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    require(j > i && j - i < 6, "not a section number: \"" + text +
                                    "\"; use e.g. 2 or 2.1 (不是章节编号，应如 2 或 2.1)");
    out.push_back(std::stoi(text.substr(i, j - i)));
    require(out.back() >= 1, "section numbers start at 1 (章节编号从1开始)");
    if (j == text.size()) break;
    require(text[j] == '.' && j + 1 < text.size(),
            "not a section number: \"" + text + "\" (不是章节编号)");
    i = j + 1;
  }
  require(!out.empty(), "empty section number (请填写章节编号)");
  return out;
}

std::string registerText(const crdt::MultiRegister<std::string>& reg) {
  std::string s;
  for (const auto& e : reg.entries()) s += (s.empty() ? "" : " | ") + e.value;
  return s;
}

std::string renderText(const doc::Document& d, const std::vector<int>* only) {
  std::string out;
  if (!only) {
    out += d.reportValue(doc::ReportField::kTitle) + "\n";
    std::string dept = d.reportValue(doc::ReportField::kDepartment);
    std::string year = d.reportValue(doc::ReportField::kYear);
    if (!dept.empty() || !year.empty())
      out += dept + (year.empty() ? "" : "  " + year + "年度") + "\n";
    out += "\n";
  }
  for (const auto& e : d.outline()) {
    if (!within(e.number, only)) continue;
    const doc::Section& s = *d.section(e.id);
    out += headingLabel(e.number) + registerText(s.title);
    if (!s.assignee.empty()) out += "  [" + registerText(s.assignee) + "]";
    if (!s.status.empty()) out += "  （" + registerText(s.status) + "）";
    out += "\n";
    std::string body = s.text.utf8();
    if (!body.empty()) out += body + "\n";
  }
  return out;
}

std::string renderJson(const doc::Document& d, const std::vector<int>* only) {
  JsonWriter w;
  w.beginObject();
  w.key("title");
  writeRegister(w, d.reportField(doc::ReportField::kTitle));
  w.key("department");
  writeRegister(w, d.reportField(doc::ReportField::kDepartment));
  w.key("year");
  writeRegister(w, d.reportField(doc::ReportField::kYear));
  w.key("template");
  writeRegister(w, d.reportField(doc::ReportField::kTemplate));
  w.key("sections").beginArray();
  for (const auto& e : d.outline()) {
    if (!within(e.number, only)) continue;
    const doc::Section& s = *d.section(e.id);
    w.beginObject();
    w.key("number").value(outlineNumber(e.number));
    w.key("key").value(s.templateKey);
    w.key("title");
    writeRegister(w, s.title);
    w.key("assignee");
    writeRegister(w, s.assignee);
    w.key("status");
    writeRegister(w, s.status);
    w.key("text").value(s.text.utf8());
    w.endObject();
  }
  w.endArray();
  if (!only) {
    w.key("tables").beginArray();
    for (doc::OpId tid : d.tables()) {
      const doc::Table& t = *d.table(tid);
      w.beginObject();
      w.key("template").value(t.templateKey);
      w.key("name").value(t.name);
      w.key("title").value(t.title);
      w.key("rows").beginArray();
      for (doc::OpId rid : d.rows(tid)) {
        const doc::Row& row = t.rowInfo.at(rid);
        w.beginObject();
        w.key("key").value(row.key);
        w.key("group").value(row.group);
        w.key("cells").beginObject();
        t.forEachCell(rid, [&](const std::string& column, const auto& reg) {
          w.key(column);
          writeRegister(w, reg);
        });
        w.endObject();
        w.endObject();
      }
      w.endArray();
      w.endObject();
    }
    w.endArray();
  }
  w.endObject();
  return w.str();
}

}  // namespace rs::core
