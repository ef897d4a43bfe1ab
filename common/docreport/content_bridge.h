// Between the CRDT document and the plain report model (report/report_content.h) that
// templates, computed cells, checks and import/export work on.
#pragma once

#include <optional>
#include <string>

#include "doc/document.h"
#include "doc/local_edit.h"
#include "report/report_content.h"

namespace rs::core {

report::ReportContent toContent(const doc::Document& doc);

// Writes a whole report into an empty document: report fields, sections with their text,
// tables with their rows and cells.
void writeContent(doc::LocalEdit& edit, const report::ReportContent& content);

// A table by its report key ("dept-eval", "project-eval-1").
std::optional<doc::OpId> findTable(const doc::Document& doc, const std::string& key);
// A row by its key, or by its 1-based position ("3").
std::optional<doc::OpId> findRow(const doc::Document& doc, doc::OpId table, const std::string& key);

}  // namespace rs::core
