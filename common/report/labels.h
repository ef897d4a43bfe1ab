// Text helpers for matching what a report writes against the template: labels of rows,
// titles of sections, whitespace of every kind a word processor leaves behind.
#pragma once

#include <string>
#include <string_view>

#include "proto/template.capnp.h"

namespace rs::report {

// Removes leading and trailing whitespace: ASCII, U+3000 (ideographic), U+2002/U+2003
// (en/em space), U+00A0 and the BOM.
std::string_view trimText(std::string_view s);

// Trims, and turns every run of inner whitespace into one ASCII space.
std::string collapseSpaces(std::string_view s);

// A cell's text as stored: every line trimmed, empty lines dropped, lines joined by '\n'.
std::string normalizeCell(std::string_view s);

// A label reduced for comparison: no whitespace at all (cells wrap words: "数量\n指标"),
// no leading outline number ("1.", "1、", "（一）", "(1)", "一、"), no leading "其中：",
// no trailing colon, no trailing weight ("(50分)", "（30分）").
std::string labelKey(std::string_view label);

// The outline number a heading starts with. Level 1: "一、"; level 2: "（一）" or "(一)";
// level 3: "1、" "1." "1．"; level 4: "（1）" "(1)". Returns the level (0 when the line does
// not start with one) and sets `rest` to the text after the number.
int headingLevel(std::string_view line, std::string_view& rest);

// The outline number written for a section at `level` (1-based) and `position` (1-based).
std::string outlineNumber(int level, int position);

// Chinese numerals for 1..99 ("一", "十", "十二", "二十一").
std::string chineseNumeral(int n);

}  // namespace rs::report
