// Report templates: JSON shipped in the program (common/report/templates/), decoded with
// Cap'n Proto's JSON codec into proto/template.capnp structs.
//
// A Template owns its decoded message and hands out readers; copies share the message.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/template.capnp.h"
#include "report/report_content.h"

namespace capnp {
class MallocMessageBuilder;
}

namespace rs::report {

// A template text as a string_view (capnp's Text::Reader does not compare with std types).
inline std::string_view sv(capnp::Text::Reader t) {
  return {t.cStr(), t.size()};
}

// Where a template row lives: its block, and the row itself (nullopt for a row added to a
// block that allows added rows).
struct RowPlace {
  proto::Block::Reader block;
  std::optional<proto::RowTemplate::Reader> row;
};

class Template {
 public:
  // Decodes a template. Throws rs::InputError naming what is wrong.
  static Template fromJson(std::string_view json);
  // A template shipped in the program ("hunan-dept-selfeval", "minimal"). Throws
  // rs::InputError listing the known keys when there is no such template.
  static Template builtin(std::string_view key);
  static std::vector<std::string> builtinKeys();

  proto::Template::Reader root() const;
  std::string key() const;

  std::optional<proto::TableTemplate::Reader> table(std::string_view key) const;
  // The template of a table in a report (instances of repeatable tables included).
  std::optional<proto::TableTemplate::Reader> tableOf(const TableContent& table) const;

 private:
  std::shared_ptr<capnp::MallocMessageBuilder> message_;
};

// The template row or block a report row belongs to; nullopt when the table's template has
// no such row, or the group of an added row allows no added rows.
std::optional<RowPlace> placeOf(proto::TableTemplate::Reader table, const RowContent& row);
std::optional<RowPlace> findFixedRow(proto::TableTemplate::Reader table, std::string_view key);
std::optional<proto::Block::Reader> findBlock(proto::TableTemplate::Reader table,
                                              std::string_view key);
std::optional<proto::Column::Reader> findColumn(proto::Block::Reader block, std::string_view key);

// The formula of a cell, if it is computed.
std::optional<proto::Formula::Reader> formulaOf(const RowPlace& place, std::string_view column);

// "{year}" and "{prevYear}" in a template text, filled in.
std::string fillYear(std::string_view text, int year);
// A table's subtitle as printed under its title: {year} and {prevYear} filled, {dept} the
// report's department; "" when the template has none.
std::string tableSubtitle(proto::TableTemplate::Reader table, int year, const std::string& dept);

// The section templates, with their outline numbers, depth first.
struct SectionPlace {
  std::string number;  // "2.1"
  proto::SectionTemplate::Reader section;
};
std::vector<SectionPlace> sectionPlaces(const Template& tmpl);

}  // namespace rs::report
