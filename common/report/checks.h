// The checks a finance-bureau reviewer applies (see DOMAIN.md), as findings.
//
// Rules:
//   sum        a written total differs from the sum of its items          error
//   sum-tail   ... by no more than the template's tail tolerance (尾差)      warning
//   sum-rebuilt a total agrees with its items as written, but rebuilt from
//              the entered figures it differs (a wrong subtotal below)    info
//   sum-below  a total differs from its subtotals as written but equals its
//              items: the wrong subtotal has the finding, the total this note  info
//   rate       a written rate differs from its formula                    error
//   score      a written score differs from its rule, or exceeds 分值      error
//   total      总分 differs from the sum of the item scores               error
//   total-rebuilt 总分 equals the written item scores, but some are wrong: what
//              总分 becomes with the computed scores                       info
//   weights    一级指标 weights (50 / 30 / 10 + 10) do not add up          error
//   consistency / execution-over-budget / budget-adjusted: the template's own checks
//   reason     an indicator below target or full marks has no 偏差原因      warning
//   target-too-low  an at-least target beaten by the template's factor     warning
//   full-marks-low-execution  full marks on 时效/成本 with 执行率 well below 100%  warning
//   qualitative-band  a qualitative score outside the band its wording claims  warning
//   prose      a figure quoted in the prose differs from the tables        error
//   prose-indicator a figure in the prose of the 自评表's section differs from an
//              indicator's 实际完成值 (or 年度指标值 where it states the 目标)  warning
//   staffing-over 实际在职人数 above 编制数, with the number over (template) warning
//   projects-across 项目支出 differs between the 基础数据表 and section 二（二）
//              (template agreements; each figure and its place)             warning
//   project-in-basic a project of the 基础数据表 also listed under 基本支出     warning
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
