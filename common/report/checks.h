// The checks a finance-bureau reviewer applies (see DOMAIN.md), as findings.
//
// Rules:
//   sum        a written total differs from the sum of its items          error
//   sum-tail   ... by no more than the template's tail tolerance (尾差)      warning
//   sum-rebuilt a total agrees with its items as written, but rebuilt from
//              the entered figures it differs (a wrong subtotal below)    info
//   rate       a written rate differs from its formula                    error
//   score      a written score differs from its rule, or exceeds 分值      error
//   total      总分 differs from the sum of the item scores               error
//   weights    一级指标 weights (50 / 30 / 10 + 10) do not add up          error
//   consistency / execution-over-budget / budget-adjusted: the template's own checks
//   reason     an indicator below target or full marks has no 偏差原因      warning
//   target-too-low  an at-least target beaten by the template's factor     warning
//   full-marks-low-execution  full marks on 时效/成本 with 执行率 well below 100%  warning
//   qualitative-band  a qualitative score outside the band its wording claims  warning
//   prose      a figure quoted in the prose differs from the tables        error
//   required   a required section, table or cell is empty                 error
//   figure     a figure cell holds something that is not a figure          error
//   conflict   a cell holds concurrent values not yet resolved             warning
#pragma once

#include <vector>

#include "report/findings.h"
#include "report/report_content.h"
#include "report/template.h"

namespace rs::report {

// Every finding on the report, sorted (see sortFindings).
std::vector<Finding> runChecks(const Template& tmpl, const ReportContent& report);

}  // namespace rs::report
