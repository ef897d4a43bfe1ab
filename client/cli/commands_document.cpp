// import, export, validate: the report as a whole document.
#include <iostream>
#include <map>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/accept_computed.h"
#include "core/import_file.h"
#include "core/row_rights.h"
#include "docreport/content_bridge.h"
#include "formats/docx_export.h"
#include "formats/docx_import.h"
#include "formats/html_export.h"
#include "formats/pdf_export.h"
#include "formats/text_export.h"
#include "formats/text_import.h"
#include "report/checks.h"
#include "report/findings.h"
#include "report/template.h"

namespace rs::cli {

namespace {

// Prints what lands where: on stdout for --dry-run (nothing is stored), else on stderr, so
// that stdout stays the new report's id for scripts.
int cmdImport(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--template"}, {"--dry-run"});
  a.expectCount(1, "import FILE [--template KEY] [--dry-run]");
  const std::string& path = a.at(0, "FILE");
  report::Template tmpl =
      report::Template::newest(a.get("--template").value_or("hunan-dept-selfeval"));
  report::ReportContent content = core::importReportBytes(path, readFile(path), tmpl);
  if (a.has("--dry-run")) {
    std::cout << "试导入，未保存 (dry run, nothing stored)\n" << core::importSummary(content, tmpl);
    return 0;
  }
  core::OpenReport r = replica.create([&](doc::LocalEdit& e) { core::writeContent(e, content); });
  std::cerr << core::importSummary(content, tmpl);
  std::cout << r.id << "\n";
  return 0;
}

int cmdExport(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--format", "--out"}, {});
  a.expectCount(1, "export REPORT --format docx|pdf|html|txt --out FILE");
  std::string format = a.get("--format").value_or("");
  require(a.has("--out"), "export needs --out FILE");
  using Exporter = std::string (*)(const report::ReportContent&, const report::Template&);
  const std::map<std::string, Exporter> exporters = {{"docx", formats::exportDocx},
                                                     {"pdf", formats::exportPdf},
                                                     {"html", formats::exportHtml},
                                                     {"txt", formats::exportText}};
  auto exporter = exporters.find(format);
  require(exporter != exporters.end(),
          (format.empty() ? "export needs --format" : "unknown export format " + format) +
              std::string(" (available: docx, pdf, html, txt)"));
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  report::ReportContent content = core::toContent(*r.doc);
  report::Template tmpl = report::Template::forReport(content.templateKey);
  writeFile(*a.get("--out"), exporter->second(content, tmpl));
  return 0;
}

int cmdValidate(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--json"});
  a.expectCount(1, "validate REPORT [--json]");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  report::ReportContent content = core::toContent(*r.doc);
  auto findings = report::runChecks(report::Template::forReport(content.templateKey), content);
  std::cout << (a.has("--json") ? report::findingsJson(findings) + "\n"
                                : report::findingsText(findings));
  return report::hasErrors(findings) ? 1 : 0;
}

// Writes the computed figure over the written one at a finding's location: the person
// accepts what the rule says the figure should be.
int cmdAccept(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  a.expectCount(2, "accept REPORT LOCATION   (LOCATION as validate prints it: table/row/column)");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  report::ReportContent content = core::toContent(*r.doc);
  auto findings = report::runChecks(report::Template::forReport(content.templateKey), content);
  const std::string& location = a.at(1, "LOCATION");
  std::vector<report::Finding> at;
  for (const report::Finding& f : findings)
    if (f.location == location && report::acceptComputed(f)) {
      at.push_back(f);
      break;
    }
  require(!at.empty(), "no finding at " + location + " with a computed figure to accept");
  report::CellWrite write = core::acceptComputedFigures(replica, r, at).front();
  std::cout << location << " = " << write.value << "\n";
  return 0;
}

}  // namespace

void addDocumentCommands(std::map<std::string, Command>& c) {
  c["import"] = cmdImport;
  c["export"] = cmdExport;
  c["validate"] = cmdValidate;
  c["accept"] = cmdAccept;
}

}  // namespace rs::cli
