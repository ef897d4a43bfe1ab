// Places the rows of a text table into a TableContent, block by block (see text_import.h).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "formats/text_lines.h"
#include "report/report_content.h"

namespace rs::formats {

class TextTableReader {
 public:
  TextTableReader(rs::proto::TableTemplate::Reader tt, report::TableContent& table);

  // Throws TextImportError naming the row's line when the row has no place.
  void read(const TextRow& row);

 private:
  using Block = rs::proto::Block::Reader;
  using RowTemplate = rs::proto::RowTemplate::Reader;

  bool readHeader(const TextRow& row);
  bool readForm(Block block, const TextRow& row);
  bool readHeaderlessRow(const TextRow& row);
  void readRow(Block block, const TextRow& row);
  void readIndicator(Block block, const TextRow& row);

  std::optional<RowTemplate> matchRow(Block block, std::string_view label) const;
  // report::labelKey of a label of the template, made once: a table's every row is
  // matched against every label of its block (their keys were made again for each row).
  const std::string& templateKey(capnp::Text::Reader label) const;
  int labelIndex(Block block) const;
  report::RowContent& fixedRow(const TextRow& text, RowTemplate row);
  // Throws TextImportError naming the table's column count and the template's when a row
  // has figures beyond the block's columns, or an indicator row has fewer cells.
  void checkShape(Block block, const TextRow& text) const;
  void placeCells(Block block, const TextRow& text, report::RowContent& row, bool added);
  // Throws TextImportError naming the row's line, table and first cell, then why, in English
  // (`what`) and Chinese (`zh`).
  [[noreturn]] void fail(const TextRow& row, const std::string& what, const std::string& zh) const;

  rs::proto::TableTemplate::Reader tt_;
  report::TableContent& table_;
  std::optional<Block> current_;
  std::string group_;                            // where unknown rows are added
  std::map<std::string, std::string> fillDown_;  // indicator column -> value above
  std::set<std::string> filled_;                 // fixed rows already read
  mutable std::unordered_map<const char*, std::string> templateKeys_;  // by the label's text
};

}  // namespace rs::formats
