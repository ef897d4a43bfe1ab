// import, export, validate: the report as a whole document.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/content_bridge.h"
#include "formats/text_export.h"
#include "formats/text_import.h"
#include "report/checks.h"
#include "report/findings.h"
#include "report/template.h"

namespace rs::cli {

namespace {

int cmdImport(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--template"}, {});
  a.expectCount(1, "import FILE [--template KEY]");
  const std::string& path = a.at(0, "FILE");
  require(path.size() > 4 && path.substr(path.size() - 4) == ".txt",
          "import reads the text form of a report (.txt); DOCX import is not available yet");
  report::Template tmpl =
      report::Template::builtin(a.get("--template").value_or("hunan-dept-selfeval"));
  // Parse everything first: a file that is not a report creates nothing.
  report::ReportContent content = formats::importText(readFile(path), tmpl);
  core::OpenReport r = replica.create([&](doc::LocalEdit& e) { core::writeContent(e, content); });
  std::cout << r.id << "\n";
  return 0;
}

int cmdExport(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--format", "--out"}, {});
  a.expectCount(1, "export REPORT --format txt --out FILE");
  std::string format = a.get("--format").value_or("");
  require(a.has("--out"), "export needs --out FILE");
  require(format == "txt", format.empty() ? "export needs --format txt"
                                          : "export format " + format +
                                                " is not available yet (available: txt)");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  report::ReportContent content = core::toContent(*r.doc);
  report::Template tmpl = report::Template::builtin(content.templateKey);
  writeFile(*a.get("--out"), formats::exportText(content, tmpl));
  return 0;
}

int cmdValidate(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {}, {"--json"});
  a.expectCount(1, "validate REPORT [--json]");
  core::OpenReport r = replica.open(replica.resolve(a.at(0, "REPORT")));
  report::ReportContent content = core::toContent(*r.doc);
  auto findings = report::runChecks(report::Template::builtin(content.templateKey), content);
  std::cout << (a.has("--json") ? report::findingsJson(findings) + "\n"
                                 : report::findingsText(findings));
  return report::hasErrors(findings) ? 1 : 0;
}

}  // namespace

void addDocumentCommands(std::map<std::string, Command>& c) {
  c["import"] = cmdImport;
  c["export"] = cmdExport;
  c["validate"] = cmdValidate;
}

}  // namespace rs::cli
