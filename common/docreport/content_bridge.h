// Between the CRDT document and the plain report model (report/report_content.h) that
// templates, computed cells, checks and import/export work on.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "doc/document.h"
#include "doc/local_edit.h"
#include "report/report_content.h"

namespace rs::core {

report::ReportContent toContent(const doc::Document& doc);

// Writes a whole report into an empty document: report fields, sections with their text,
// tables with their rows and cells.
void writeContent(doc::LocalEdit& edit, const report::ReportContent& content);
// Writes one table (created, then its rows and cells) into the change; `section`: whose
// assignees write it (nullopt: the office's). Returns the new table's id.
doc::OpId writeTable(doc::LocalEdit& edit, const report::TableContent& table,
                     std::optional<doc::OpId> section);
// A table's rows and cells as the document holds them, removed tables included (key = its
// name).
report::TableContent heldTableContent(const doc::Document& doc, doc::OpId table);

// Each table shown (not removed), in creation order, with its report key: its name, unless
// an earlier table holds that name (two offices added a project table at once), when it gets
// the first "{templateKey}-{n}" no table (removed ones included) has, so both stay visible.
std::vector<std::pair<doc::OpId, std::string>> tableKeys(const doc::Document& doc);

// A table by its report key ("dept-eval", "project-eval-1").
std::optional<doc::OpId> findTable(const doc::Document& doc, const std::string& key);
// A row by its key, or by its 1-based position ("3").
std::optional<doc::OpId> findRow(const doc::Document& doc, doc::OpId table, const std::string& key);

}  // namespace rs::core
