// Builds one local change. Each call applies its op to the document at once, so positions
// in later calls see earlier ones; finish() returns the change, already applied.
// An edit that is dropped without finish() leaves ops in the document that no change
// holds: callers that may fail midway reload the document from the store.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doc/document.h"

namespace rs::doc {

class LocalEdit {
 public:
  LocalEdit(Document& doc, const ActorId& actor, std::string author, int64_t timeMs);

  OpId createSection(std::optional<OpId> parent, size_t index, const std::string& title,
                     const std::string& templateKey = "");
  void moveSection(OpId section, std::optional<OpId> parent, size_t index);
  void setSectionField(OpId section, SectionField field, const std::string& value);
  // Positions and lengths are in code points; out-of-range positions throw InputError.
  void insertText(OpId section, size_t pos, std::u32string_view text);
  void deleteText(OpId section, size_t pos, size_t len);
  // `section`: whose assignees may write the table (doc/rights.cpp); nullopt: the office's.
  OpId createTable(const std::string& templateKey, const std::string& name,
                   const std::string& title = "", std::optional<OpId> section = std::nullopt);
  void removeTable(OpId table);
  OpId insertRow(OpId table, size_t index, const std::string& key, const std::string& group = "");
  void deleteRow(OpId table, OpId row);
  void setCell(OpId table, OpId row, const std::string& column, const std::string& value);
  void setReportField(ReportField field, const std::string& value);
  // Adds `user` to the report's office set (doc/rights.cpp); replaces nothing.
  void addOffice(const std::string& user);
  void resolveMark(OpId section, std::optional<OpId> paragraphEnd, std::vector<ChangeId> changes);

  bool empty() const { return change_.ops.empty(); }
  // The change built so far, not yet recorded.
  const Change& pending() const { return change_; }
  Change finish();
  // The change, not recorded: for a caller that discards this document and applies the
  // change as a remote one (when some op of it does not take effect; see doc/rights.cpp).
  Change release() { return std::move(change_); }

 private:
  std::vector<OpId> destination(std::optional<OpId> section, std::optional<OpId> parent,
                                size_t index) const;
  void place(OpId section, std::optional<OpId> parent, size_t index,
             const std::vector<OpId>& shown);
  OpId nextId(uint64_t width);
  void push(Op op, OpId id);

  Document& doc_;
  Change change_;
  ActorIdx actor_;
  uint64_t next_;
};

}  // namespace rs::doc
