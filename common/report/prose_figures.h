// Figures quoted in a report's prose: "2024年度基本支出452.92万元", "工资福利支出337.20万元".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "proto/template.capnp.h"
#include "report/figures.h"
#include "report/report_content.h"
#include "report/template.h"

namespace rs::report {

struct ProseMention {
  std::string label;   // what the figure is called, prefixes like "其中：" removed
  std::string figure;  // as written: "337.20"
  std::string unit;    // "万元", "%", "分"
  Fixed value;
  std::string quote;  // label + figure + unit, for messages
  std::string clause;  // the whole clause the mention stands in ("绩效目标：新建5G基站100个")
};

// Every "label + figure + unit" in a body of prose, for units 万元, % and 分, in order.
// Clauses are split at "，；。" and line ends; "、" stays inside labels ("工资、津补贴").
std::vector<ProseMention> extractMentions(std::string_view prose);
// The same for the given units ("个", "家", "%"): a figure followed by one of them (a longer
// unit first when one is a prefix of another). "％" is reported as "%".
std::vector<ProseMention> extractMentions(std::string_view prose,
                                          const std::vector<std::string>& units);

// True when a mention's label names `label`, allowing a leading year ("2024年度基本支出").
bool mentionNames(std::string_view mentionLabel, std::string_view label);

// Fills a table from figures in the prose of the template's `proseSections` (the sample
// lists its expenditure items in section 二, not in a table). A mention naming a fixed row
// writes that row; a mention after a row that allows added rows becomes an added row.
// Does nothing when the table template has no prose sections.
void fillTableFromProse(const Template& tmpl, proto::TableTemplate::Reader tableTemplate,
                        ReportContent& report);

// The key for a row added under `group`: "{group}-{n}", the first n not yet used.
std::string newRowKey(const TableContent& table, const std::string& group);

}  // namespace rs::report
