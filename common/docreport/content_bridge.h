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

// Each table held, removed ones included, in creation order, with its report key. The key
// depends only on the tables held, never on which are shown, so a concurrent add or removal
// never moves a key to another table: a table's name, unless an earlier table holds it (two
// offices added a project table at once), when it gets "{name}-{k}" with the first k >= 2
// free ("project-eval-2-2": addProjectTable only makes "{template}-{n}", so these never
// meet). A copy restoring a removed table (core/undo.h) is named restoredName(): it takes
// the removed table's key back.
std::vector<std::pair<doc::OpId, std::string>> allTableKeys(const doc::Document& doc);
// The shown tables of allTableKeys(), in creation order.
std::vector<std::pair<doc::OpId, std::string>> tableKeys(const doc::Document& doc);
// The name of a copy that brings removed table `table` back under its key.
std::string restoredName(const doc::Document& doc, doc::OpId table);
// The shown table holding `table`'s key: itself, or the copy that brought it back after it
// was removed (nullopt: it stays removed).
std::optional<doc::OpId> shownHeir(const doc::Document& doc, doc::OpId table);

// A table by its report key ("dept-eval", "project-eval-1").
std::optional<doc::OpId> findTable(const doc::Document& doc, const std::string& key);
// A row by its key, or by its 1-based position ("3").
std::optional<doc::OpId> findRow(const doc::Document& doc, doc::OpId table, const std::string& key);

}  // namespace rs::core
