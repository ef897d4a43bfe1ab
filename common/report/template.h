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
#include "report/template_library.h"

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
  // Stored template JSON (from the server or installed), checked and decoded as version
  // `version` of `key` from `source`; the version written inside the JSON is replaced by
  // the one the store gave it. Throws rs::InputError naming the line and field of a
  // mistake, or a key other than `key`.
  static Template fromStored(std::string_view json, std::string_view key, uint32_t version,
                             std::string_view source);
  // The template a report was made with, from its reference (ReportContent::templateKey,
  // see template_library.h): that version, never a newer one. Throws rs::InputError
  // "需要更新模板…" when this program's store lacks the version (the report is then not
  // shown or checked against another version).
  static Template forReport(std::string_view ref);
  // The newest version of `key`, built in or stored: what a new report is made with.
  // Throws rs::InputError listing the known keys when there is none.
  static Template newest(std::string_view key);

  // Every template version this program can use, built in first, then stored ones by key
  // and version.
  struct Available {
    std::string key;
    uint32_t version = 0;
    std::string source;  // kSourceBuiltin, kSourceServer or kSourceLocal
  };
  static std::vector<Available> available();

  proto::Template::Reader root() const;
  std::string key() const;
  uint32_t version() const { return root().getVersion(); }
  // What a report made from this template records: "KEY" built in, "KEY@N" stored.
  std::string ref() const;
  const std::string& source() const { return source_; }

  std::optional<proto::TableTemplate::Reader> table(std::string_view key) const;
  // The template of a table in a report (instances of repeatable tables included).
  std::optional<proto::TableTemplate::Reader> tableOf(const TableContent& table) const;

 private:
  std::shared_ptr<capnp::MallocMessageBuilder> message_;
  std::string source_{kSourceBuiltin};
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
