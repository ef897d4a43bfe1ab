#include "core/rights_text.h"

#include <algorithm>

#include "core/row_rights.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::core {

namespace {

std::string chineseNumber(int n) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return std::to_string(n);
  if (n < 10) return digits[n];
  std::string out = n / 10 == 1 ? "" : digits[n / 10];
  out += "十";
  if (n % 10) out += digits[n % 10];
  return out;
}

std::string dotted(const std::vector<int>& number) {
  std::string out;
  for (int n : number) out += (out.empty() ? "" : ".") + std::to_string(n);
  return out;
}

}  // namespace

std::string sectionLabel(const doc::Document& d, doc::OpId section) {
  for (const auto& e : d.outline()) {
    if (e.id != section) continue;
    if (e.number.size() == 1) return "第" + chineseNumber(e.number[0]) + "节";
    return "第" + dotted(e.number) + "节";
  }
  return "一个已不在大纲中的章节";
}

void requireMayWriteSection(const doc::Document& d, doc::OpId section, const std::string& user) {
  if (d.mayWriteSection(user, section)) return;
  std::string number;
  for (const auto& e : d.outline())
    if (e.id == section) number = dotted(e.number);
  throw InputError("section " + number + " is not assigned to " + user +
                   "; ask the office to assign it (" + sectionLabel(d, section) +
                   "未分配给你，请联系办公室分配)");
}

void requireOffice(const doc::Document& d, const std::string& user, const std::string& what) {
  if (d.isOffice(user)) return;
  throw InputError(what + " is for the report's owner or office, and " + user +
                   " is neither (只有办公室可以" + what + ")");
}

std::string ineffectiveReason(const doc::Document& d, const doc::Ineffective& x,
                              const std::string& viewer) {
  if (x.table) return tableIneffectiveReason(d, x, viewer);
  std::string who = x.author == viewer ? "你" : x.author;
  if (x.reason == doc::Ineffective::Reason::kOfficeOnly)
    return "未生效：只有办公室可以修改章节结构、分配章节和报告信息（" + who + "不是办公室成员）";
  std::string where = x.section ? sectionLabel(d, *x.section) : "该章节";
  return "未生效：" + where + "未分配给" + who;
}

std::string insertedText(const doc::Change& change) {
  std::string out;
  for (const doc::Op& op : change.ops) {
    if (auto* ins = std::get_if<doc::TextInsert>(&op)) {
      if (!out.empty() && out.back() != '\n') out += '\n';
      out += u32ToUtf8(ins->text);
    }
  }
  return out;
}

bool recordOffice(Replica& replica, OpenReport& report, const std::string& user) {
  std::vector<std::string> office = report.doc->officeUsers();
  if (std::find(office.begin(), office.end(), user) != office.end()) return false;
  requireOffice(*report.doc, replica.userName(), "naming the office (指定办公室)");
  return replica.edit(report, [&](doc::LocalEdit& e) { e.addOffice(user); });
}

std::string changeLabel(const doc::ChangeId& id) {
  return crdt::toHex(id.actor).substr(0, 8) + "/" + std::to_string(id.seq);
}

}  // namespace rs::core
