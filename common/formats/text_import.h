// Import of the text form of a report: what Word writes when a report is saved as text
// (like tests/data/hongjiang-gxj-2024-selfeval.txt), and what exportText() writes.
//
// The form:
// - a cover (title lines, "单位名称（盖章）："), then sections whose headings start with
//   their outline number (一、 （一） (一) 1、 1. （1）), then the tables;
// - prose paragraphs are lines, indented with U+3000 or U+2002 (whitespace is normalized);
// - a table starts at a line holding its title ("部门整体支出绩效自评表"); each table cell
//   is a line starting with a tab, a cell may continue on the next lines, and rows are
//   separated by blank lines.
//
// Headings become sections when they are the template's (matched by title, or by position
// when the title was reworded), or when they read like a heading: short, without sentence
// punctuation. Other numbered lines ("（一）2024年，我单位……。") stay paragraphs of their
// section. Every table cell lands in its template place: fixed rows by their label, other
// rows as added rows where the template allows them. A table the text does not hold is
// created empty; the expenditure breakdown is read from section 二's prose when the text
// has no table for it.
#pragma once

#include <stdexcept>
#include <string_view>

#include "report/report_content.h"
#include "report/template.h"
#include "util/errors.h"

namespace rs::formats {

// The file is not a report of this template, or a line of it cannot be placed. The message
// names the line and what is wrong. Nothing has been created.
class TextImportError : public rs::InputError {
 public:
  using rs::InputError::InputError;
};

// Parses a text-form report. Throws TextImportError.
report::ReportContent importText(std::string_view text, const report::Template& tmpl);

}  // namespace rs::formats
