// The document as people and scripts read it: the outline numbers of the report, the
// section text, and a canonical JSON form that is identical on every replica holding the
// same changes.
#pragma once

#include <string>
#include <vector>

#include "doc/document.h"

namespace rs::core {

// "一、", "（一）", "1.", "(1)" by depth, as the government report form numbers headings.
std::string headingLabel(const std::vector<int>& number);
// "2.1": how the command line names a section.
std::string outlineNumber(const std::vector<int>& number);
// Parses "2.1"; throws InputError on anything else.
std::vector<int> parseOutlineNumber(const std::string& text);

// A register's values joined by " | " (more than one: a conflict not yet resolved).
std::string registerText(const crdt::MultiRegister<std::string>& reg);

std::string renderText(const doc::Document& doc, const std::vector<int>* onlySection = nullptr);
std::string renderJson(const doc::Document& doc, const std::vector<int>* onlySection = nullptr);

}  // namespace rs::core
