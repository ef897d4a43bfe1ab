// Who may make which ops. The report's owner and office may change everything. A member
// may write the text, title, status and review marks of the sections assigned to them
// (and of their subsections),
// and table cells and rows (the tables are filled in by several staff); the section
// tree, assignees, report fields and tables themselves are the office's.
#pragma once

#include <optional>
#include <string>

#include "doc/change.h"
#include "doc/document.h"
#include "server_store.h"

namespace rs::server {

// nullopt when `user` may make every op of `change`; else the reason it may not.
std::optional<std::string> forbiddenOp(const doc::Document& doc, const doc::Change& change,
                                       const ReportRecord& report, const std::string& user);

}  // namespace rs::server
