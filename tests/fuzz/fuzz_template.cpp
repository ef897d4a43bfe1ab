// A template file (report/template.h, JSON), and what is built from it: a new report, its
// computed cells and checks.
#include "fuzz_util.h"
#include "report/checks.h"
#include "report/compute.h"
#include "report/new_report.h"
#include "report/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rs::fuzz::refusalsAllowed([&] {
    auto tmpl = rs::report::Template::fromJson(rs::fuzz::bytesOf(data, size));
    rs::report::sectionPlaces(tmpl);
    rs::report::ReportContent r = rs::report::newReport(tmpl, 2025, "某某局");
    rs::report::computeCells(tmpl, r);
    rs::report::runChecks(tmpl, r);
  });
  return 0;
}
