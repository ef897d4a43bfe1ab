// Reports, tables and rows made from a template.
#pragma once

#include <string>
#include <string_view>

#include "report/report_content.h"
#include "report/template.h"

namespace rs::report {

// A new, empty report: every template section (empty bodies) and every table that is not
// repeatable, with its fixed rows and no figures. Computed cells fill in as figures are
// entered (see compute.h).
ReportContent newReport(const Template& tmpl, int year, const std::string& dept);

// An empty table of the template: its fixed rows, in template order.
TableContent newTable(proto::TableTemplate::Reader tt, const std::string& key, int year);

// Adds an instance of a repeatable table ("project-eval" -> "project-eval-1", "-2" ...).
// Throws rs::InputError when the template has no such repeatable table.
TableContent& addTableInstance(const Template& tmpl, ReportContent& report,
                               std::string_view tableTemplateKey);

// Adds an empty row under `group` (a row or block that allows added rows) and returns it.
// Throws rs::InputError when the group allows no added rows.
RowContent& addRow(proto::TableTemplate::Reader tt, TableContent& table, const std::string& group);

// Puts rows in template order: fixed rows as the template lists them, each added row after
// its group's last fixed row, added rows of one group keeping their order. An import and
// an export agree on this order, so a round trip gives the same table.
void sortRows(proto::TableTemplate::Reader tt, TableContent& table);

}  // namespace rs::report
