// A new report on the "minimal" template, created in `replica`. Include from tests only.
#pragma once

#include "core/replica.h"
#include "docreport/content_bridge.h"
#include "report/new_report.h"

namespace rs::test {

inline core::OpenReport newMinimal(core::Replica& replica) {
  report::ReportContent content =
      report::newReport(report::Template::builtin("minimal"), 2025, "测试局");
  return replica.create([&](doc::LocalEdit& e) { core::writeContent(e, content); });
}

}  // namespace rs::test
