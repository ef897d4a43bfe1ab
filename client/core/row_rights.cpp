#include "core/row_rights.h"

#include "core/rights_text.h"
#include "util/errors.h"

namespace rs::core {

namespace {

// "第六节未分配给你" or "只有办公室可以填写" for a table `who` may not write.
std::string notAssigned(const doc::Document& d, doc::OpId table, const std::string& who) {
  const doc::Table* t = d.table(table);
  if (t && t->section) return sectionLabel(d, *t->section) + "未分配给" + who;
  return "该表只有办公室可以填写";
}

}  // namespace

std::string tableLabel(const doc::Document& d, doc::OpId table) {
  const doc::Table* t = d.table(table);
  if (t == nullptr) return "表格";
  std::string out = "表格“" + (t->title.empty() ? t->name : t->title) + "”";
  if (t->section) out += "（" + sectionLabel(d, *t->section) + "）";
  return out;
}

void requireMayWriteTable(const doc::Document& d, doc::OpId table, const std::string& user) {
  if (d.mayWriteTable(user, table)) return;
  const doc::Table* t = d.table(table);
  std::string name = t ? t->name : "?";
  throw InputError("table " + name + " is not " + user + "'s to write; ask the office (" +
                   tableLabel(d, table) + "：" + notAssigned(d, table, "你") + ")");
}

void requireMayDeleteRow(const doc::Document& d, doc::OpId table, doc::OpId row,
                         const std::string& user, size_t rowNumber) {
  auto refusal = d.rowDeleteRefusal(user, table, row);
  if (!refusal) return;
  std::string n = std::to_string(rowNumber);
  switch (*refusal) {
    case doc::Ineffective::Reason::kTemplateRow:
      throw InputError("row " + n + " is fixed by the form and cannot be deleted (第" + n +
                       "行是表样固定行，不能删除)");
    case doc::Ineffective::Reason::kOthersRow:
      throw InputError("row " + n + " was added by someone else; only they or the office may " +
                       "delete it (第" + n + "行不是你添加的，只有添加者或办公室可以删除)");
    default:
      requireMayWriteTable(d, table, user);
      throw InputError("row " + n + " may not be deleted by " + user + " (第" + n + "行不能删除)");
  }
}

std::string tableIneffectiveReason(const doc::Document& d, const doc::Ineffective& x,
                                   const std::string& viewer) {
  std::string who = x.author == viewer ? "你" : x.author;
  std::string where = x.table ? tableLabel(d, *x.table) : "表格";
  switch (x.reason) {
    case doc::Ineffective::Reason::kTemplateRow:
      return "未生效：" + where + "的表样固定行不能删除";
    case doc::Ineffective::Reason::kOthersRow:
      return "未生效：" + where + "中别人添加的行只有添加者或办公室可以删除（" + who + "删除了它）";
    case doc::Ineffective::Reason::kOfficeOnly:
      return "未生效：只有办公室可以在" + where + "中插入表样固定行（" + who + "不是办公室成员）";
    default:
      return "未生效：" + where + "：" +
             (x.table ? notAssigned(d, *x.table, who) : std::string("未分配给") + who);
  }
}

}  // namespace rs::core
