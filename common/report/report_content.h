// The report as plain data: the seam between the CRDT document (common/doc) and everything
// that reads or writes a report as a whole (computed cells, checks, text import/export).
//
// Only std types, no template and no CRDT here. The document turns its state into a
// ReportContent to compute and check it, and an import turns a ReportContent into changes.
//
// - Sections form a tree. A section's number (一、 （一） 1、) is its position in the tree:
//   it is never stored in `title`. `body` is the section's own prose: paragraphs separated
//   by '\n', each trimmed, none empty, no trailing '\n'.
// - Tables are keyed by their key: a template table's key ("dept-eval"), or for a table
//   template that may be repeated (one per project) "{template key}-{n}" ("project-eval-1").
// - A row is named by its template row key ("wages"), or, for a row added under a row or
//   block that allows it, by a generated key ("wages-3"); `group` then names that row or
//   block. Both are fixed when the row is created. Rows are in display order.
// - A cell holds the values as the user typed them (or as an imported document wrote
//   them: "337.20", "9.6", "92%", "11家"). One value is a plain cell; no value an empty one;
//   two or more are concurrent writes not yet resolved (a conflicted cell). Computed cells
//   normally hold nothing; a value there is a "reported" figure, kept as written beside the
//   computed one, and the checks compare the two.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rs::report {

// A section's status: its prose was carried over from last year's report (roll_forward.h)
// and is still to be revised.
inline constexpr std::string_view kCarriedOver = "上年沿用";

struct SectionContent {
  std::string templateKey;  // the template's section; "" for a section a user added
  std::string title;        // without its number
  std::string body;         // paragraphs separated by '\n'
  std::vector<SectionContent> children;
  std::string status;  // "" or kCarriedOver (the document's section status register)

  bool operator==(const SectionContent&) const = default;
};

struct CellContent {
  std::vector<std::string> values;

  bool empty() const { return values.empty() || (values.size() == 1 && values[0].empty()); }
  bool conflicted() const { return values.size() > 1; }
  // The cell's text: "" when empty, nullopt when conflicted.
  std::optional<std::string> single() const;

  bool operator==(const CellContent&) const = default;
};

struct RowContent {
  std::string key;
  std::string group;  // added rows: the row or block they were added under; "" otherwise
  std::map<std::string, CellContent> cells;  // by column key; a missing cell is empty

  bool added() const { return !group.empty(); }
  // The text of a cell: "" when missing or empty, nullopt when conflicted.
  std::optional<std::string> text(std::string_view column) const;
  void set(const std::string& column, std::string value);

  bool operator==(const RowContent&) const = default;
};

struct TableContent {
  std::string key;
  std::string templateKey;
  std::string title;
  std::vector<RowContent> rows;

  const RowContent* row(std::string_view key) const;
  RowContent* row(std::string_view key);

  bool operator==(const TableContent&) const = default;
};

struct ReportContent {
  std::string templateKey;
  std::string title;  // "2024年度洪江市工业和信息化局整体支出绩效自评报告"
  std::string dept;   // "洪江市工业和信息化局"
  int year = 0;
  std::vector<SectionContent> sections;
  std::map<std::string, TableContent> tables;

  const TableContent* table(std::string_view key) const;
  TableContent* table(std::string_view key);

  bool operator==(const ReportContent&) const = default;
};

// The section at an outline number ("2", "2.1", "6.3"), or nullptr.
const SectionContent* findSection(const ReportContent& report, std::string_view number);

// Visits every section depth first with its outline number ("1", "1.1", "1.2", "2" ...).
template <typename F>
void forEachSection(const std::vector<SectionContent>& sections, F&& visit,
                    const std::string& prefix = "") {
  for (size_t i = 0; i < sections.size(); ++i) {
    std::string number = prefix + std::to_string(i + 1);
    visit(sections[i], number);
    forEachSection(sections[i].children, visit, number + ".");
  }
}

}  // namespace rs::report
