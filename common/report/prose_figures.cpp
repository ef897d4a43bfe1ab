#include "report/prose_figures.h"

#include "report/labels.h"
#include "report/new_report.h"

namespace rs::report {

namespace {

constexpr std::string_view kClauseEnds[] = {"，", "；", "。", "\n", ",", ";", "！", "？"};
constexpr std::string_view kUnits[] = {"万元", "%", "％", "分"};
constexpr std::string_view kLeadWords[] = {"主要用于", "分别为", "其中", "用于", "包括"};
constexpr std::string_view kLinkWords[] = {"为", "是", "达到", "达"};

bool startsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool endsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

std::vector<std::string_view> clauses(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    // Every end of kClauseEnds starts with one of these bytes: most text is passed over by
    // one test a byte, not eight comparisons (every imported section's text is split here;
    // about 4 % of fuzz_text_import's time in perf, most of it the comparisons' coverage hooks).
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c != '\n' && c != ',' && c != ';' && c != 0xef && c != 0xe3) {
      ++i;
      continue;
    }
    size_t len = 0;
    for (auto end : kClauseEnds) {
      if (startsWith(text.substr(i), end)) len = end.size();
    }
    if (len == 0) {
      ++i;
      continue;
    }
    out.push_back(text.substr(start, i - start));
    i += len;
    start = i;
  }
  out.push_back(text.substr(start));
  return out;
}

std::string cleanLabel(std::string_view label) {
  size_t colon = label.rfind("：");
  if (colon != std::string_view::npos) label = label.substr(colon + std::string_view("：").size());
  label = trimText(label);
  for (auto lead : kLeadWords) {
    if (startsWith(label, lead)) label = trimText(label.substr(lead.size()));
  }
  for (auto link : kLinkWords) {
    if (endsWith(label, link)) label = trimText(label.substr(0, label.size() - link.size()));
  }
  return std::string(label);
}

template <typename Units>
void mentionsInClause(std::string_view clause, const Units& units, std::vector<ProseMention>& out) {
  size_t labelStart = 0;
  for (size_t i = 0; i < clause.size(); ++i) {
    if (!isDigit(clause[i]) || (i > 0 && (isDigit(clause[i - 1]) || clause[i - 1] == '.'))) {
      continue;
    }
    size_t end = i;
    while (end < clause.size() && (isDigit(clause[end]) || clause[end] == '.')) ++end;
    std::string_view after = clause.substr(end);
    for (std::string_view unit : units) {
      if (unit.empty() || !startsWith(after, unit)) continue;
      std::string_view figure = clause.substr(i, end - i);
      auto value = parseValue(figure);
      if (!value) break;
      ProseMention m;
      m.label = cleanLabel(clause.substr(labelStart, i - labelStart));
      m.figure = std::string(figure);
      m.unit = unit == "％" ? "%" : std::string(unit);
      m.value = *value;
      m.quote = std::string(trimText(clause.substr(labelStart, end + unit.size() - labelStart)));
      m.clause = std::string(clause);
      out.push_back(std::move(m));
      labelStart = end + unit.size();
      break;
    }
    i = end - 1;
  }
}

// A leading year or period: "2024年度", "2024年", "本年度", "全年".
bool isPeriod(std::string_view s) {
  for (std::string_view p : {"本年度", "本年", "全年", "当年", "年度"}) {
    if (s == p) return true;
  }
  size_t digits = 0;
  while (digits < s.size() && isDigit(s[digits])) ++digits;
  if (digits != 4) return false;
  std::string_view rest = s.substr(4);
  return rest == "年" || rest == "年度";
}

}  // namespace

std::vector<ProseMention> extractMentions(std::string_view prose) {
  std::vector<ProseMention> out;
  for (auto clause : clauses(prose)) mentionsInClause(clause, kUnits, out);
  return out;
}

std::vector<ProseMention> extractMentions(std::string_view prose,
                                          const std::vector<std::string>& units) {
  std::vector<ProseMention> out;
  for (auto clause : clauses(prose)) mentionsInClause(clause, units, out);
  return out;
}

namespace {

// mentionNames() on labels already keyed (labelKey).
bool keyNames(std::string_view m, std::string_view l) {
  if (m == l) return true;
  return m.size() > l.size() && endsWith(m, l) && isPeriod(m.substr(0, m.size() - l.size()));
}

}  // namespace

bool mentionNames(std::string_view mentionLabel, std::string_view label) {
  return keyNames(labelKey(mentionLabel), labelKey(label));
}

std::string newRowKey(const TableContent& table, const std::string& group) {
  for (int n = 1;; ++n) {
    std::string key = group + "-" + std::to_string(n);
    if (!table.row(key)) return key;
  }
}

namespace {

// A block's labelled rows with the keys of their label and aliases (labelKey), keyed once
// for all the mentions of a table: keying every row again for every mention was a quarter
// of fuzz_text_import's time (perf).
struct KeyedRow {
  proto::RowTemplate::Reader row;
  std::vector<std::string> keys;  // label first, then aliases
};

std::vector<KeyedRow> keyedRows(proto::Block::Reader block) {
  std::vector<KeyedRow> out;
  for (auto row : block.getRows()) {
    if (row.getLabel().size() == 0) continue;
    KeyedRow& k = out.emplace_back(KeyedRow{row, {labelKey(row.getLabel().cStr())}});
    for (auto alias : row.getAliases()) k.keys.push_back(labelKey(alias.cStr()));
  }
  return out;
}

// The first row (in template order) whose label or an alias the mention's label names.
std::optional<proto::RowTemplate::Reader> namedRow(const std::vector<KeyedRow>& rows,
                                                   std::string_view label) {
  std::string m = labelKey(label);
  for (const KeyedRow& r : rows) {
    for (const std::string& k : r.keys) {
      if (keyNames(m, k)) return r.row;
    }
  }
  return std::nullopt;
}

// The first money column of a block: where a prose figure of a row goes.
std::string moneyColumn(proto::Block::Reader block) {
  for (auto c : block.getColumns()) {
    if (c.getType() == proto::ColumnType::MONEY) return c.getKey().cStr();
  }
  return "";
}

}  // namespace

void fillTableFromProse(const Template& tmpl, proto::TableTemplate::Reader tt,
                        ReportContent& report) {
  TableContent* table = report.table(tt.getKey().cStr());
  if (!table || tt.getBlocks().size() == 0) return;
  auto block = tt.getBlocks()[0];
  std::string column = moneyColumn(block);
  if (column.empty()) return;

  std::vector<std::string> keys;
  for (auto k : tt.getProseSections()) keys.emplace_back(k.cStr());
  std::vector<const SectionContent*> sections;
  forEachSection(report.sections, [&](const SectionContent& s, const std::string&) {
    for (const auto& k : keys) {
      if (s.templateKey == k) sections.push_back(&s);
    }
  });

  const std::vector<KeyedRow> rows = keyedRows(block);
  for (const SectionContent* section : sections) {
    std::string group;  // the row that allows added rows, whose items follow
    for (const auto& m : extractMentions(section->body)) {
      if (m.unit != "万元") continue;
      if (auto row = namedRow(rows, m.label)) {
        table->row(row->getKey().cStr())->set(column, m.figure);
        group = row->getAllowAdd() ? row->getKey().cStr() : "";
      } else if (!group.empty()) {
        RowContent& added = addRow(tt, *table, group);
        added.set("label", m.label);
        added.set(column, m.figure);
      }
    }
  }
}

}  // namespace rs::report
