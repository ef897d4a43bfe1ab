@0xe3c08c86bbc56f48;
# Report templates: the sections, tables, formulas, score rules and checks of one kind of
# report. Templates are JSON files shipped in the program (common/report/templates/),
# decoded with Cap'n Proto's JSON codec into these structs.
#
# Schema version log (add fields at the end of a struct; never renumber or retype):
#   v1  2026-11  first version: sections, tables of blocks, formulas, score rule, checks,
#                prose figures.
#   v1  2026-11  TableTemplate.section (additive): the section whose assignees write the
#                table's cells and rows (issue 14 case 6).
#   v1  2026-11  Template.agreements, Template.doubleCounts (additive; issue 13): one
#                figure stated in several forms, an item counted under two headings.
#   v1  2026-11  Column.carry, Column.carryFrom (additive; issue 13): rolling forward.
#   v1  2026-11  TableTemplate.subtitle (additive): the form's line under its title (issue 10).
#   v1  2026-11  ScoreRule.Kind.banded, ScoreRule.bands, ScoreBand, Template.indicatorRule,
#                Template.executionWeight (additive; issue 13): score rules the bureau
#                publishes.
#
# Figures inside a template (weights, tolerances, thresholds) are Text written the way a
# report writes them ("50", "0.02", "95%"): the JSON codec writes 64-bit integers as
# strings, and a figure read by the same parser as the report's own figures cannot drift.
#
# Formula expressions (Formula.expr, Check.left/right), evaluated per table instance:
#   ref              a cell: "column" (same row), "row.column" (same table) or
#                    "table/row/column" (another table; template-level checks only)
#   children         the same column summed over the row's child rows (fixed and added)
#   blocksum(B, c)   column c summed over every row of block B
#   rate(a, b)       a / b as a percent
#   execscore(b, a, w)  the budget-execution score of b / a against weight w (ScoreRule)
#   indicatorscore   a quantitative indicator's score from its target, actual and weight
#   a + b, a - b     sums; a literal figure ("10") is allowed as a term

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("rs::proto");

struct Template {
  key @0 :Text;
  version @1 :UInt32;
  title @2 :Text;                  # the report's title is "{year}年度{dept}" + title
  sections @3 :List(SectionTemplate);
  tables @4 :List(TableTemplate);
  scoreRule @5 :ScoreRule;
  options @6 :CheckOptions;
  checks @7 :List(Check);          # across tables: refs are "table/row/column"
  proseFigures @8 :List(ProseFigure);
  coverLines @9 :List(Text);       # written under the title on export ("单位名称（盖章）：")
  agreements @10 :List(Agreement); # across tables: refs are "table/row/column"
  doubleCounts @11 :List(DoubleCount);
  indicatorRule @12 :ScoreRule;    # quantitative indicators' 完成率 (实际/目标, or 目标/实际
                                   # for "≤") -> score; proportional (linear) by default
  executionWeight @13 :Text;       # 预算执行率's 分值 ("10"): the money block's weight
                                   # must say it; "" = as each report writes it
}

# One figure that several forms state (项目支出 in the 基础数据表 and in section 二（二）):
# a finding when the stated figures are not all equal, naming each figure and its place.
struct Agreement {
  rule @0 :Text;
  severity @1 :Severity;
  refs @2 :List(Text);             # "table/row/column" cells compared; an empty one is skipped
  context @3 :List(Text);          # cells quoted in the message as well, not compared
  message @4 :Text;                # the message's lead; "place figure" for each cell follows
  contextNote @5 :Text;            # written after the context figures ("（年初预算数）")
}

# Items listed under one heading that must not also appear under another (a project that
# is also counted in 基本支出): matched by label.
struct DoubleCount {
  rule @0 :Text;
  severity @1 :Severity;
  items @2 :Text;                  # "table/row/column": the rows under this row, their figure
  within @3 :Text;                 # "table/row/column": no row below this one has such a label
  message @4 :Text;                # {item}, {figure}, {place}, {placeFigure} filled in
}

struct SectionTemplate {
  key @0 :Text;
  title @1 :Text;                  # without its number: numbers come from the tree
  required @2 :Bool;               # an empty section is a finding
  children @3 :List(SectionTemplate);
}

enum ColumnType {
  text @0;
  money @1;                        # 万元, two decimals
  percent @2;                      # two decimals, written with "%"
  count @3;
  score @4;
  number @5;                       # any other quantity (㎡), two decimals
}

struct Column {
  key @0 :Text;
  title @1 :Text;
  type @2 :ColumnType;
  carry @3 :Carry;                 # next year's report made from this one (roll forward)
  enum Carry {
    auto @0;                       # text is kept as a draft, figures are cleared
    keep @1;                       # kept (weights, 分值)
    clear @2;                      # cleared (this year's results written as text)
  }
  carryFrom @4 :Text;              # filled from this column of last year's row (上年决算数
                                   # from 本年决算数); "" = see carry
}

enum BlockStyle {
  rows @0;        # one text row per table row; cells placed by `layout`; rows found by label
  form @1;        # fields placed on a grid: "label：value" cells (inline) or label, value
  indicators @2;  # the indicator grid: every row is added; `fillDown` columns repeat
}

struct TableTemplate {
  key @0 :Text;
  title @1 :Text;                  # title of a new table ("{year}年度" is not prefixed)
  titleMatch @2 :Text;             # a line containing this starts the table on import
  repeatable @3 :Bool;             # any number of instances, keyed "{key}-1", "{key}-2"...
  unit @4 :Text;                   # "单位：万元", written under the title
  notes @5 :Text;                  # the form's 说明, written after the table
  blocks @6 :List(Block);
  checks @7 :List(Check);          # within one instance: refs are "row.column"
  proseSections @8 :List(Text);    # section keys whose prose fills this table when the
                                   # text form has no such table (the sample's section 二)
  section @9 :Text;                # the section key whose assignees write this table's
                                   # cells and add its rows; "" = the office's alone
  subtitle @10 :Text;              # the line under the title on export: "（{year}年度）",
                                   # "填报单位：{dept}"; skipped as preamble on import
}

struct Block {
  key @0 :Text;
  style @1 :BlockStyle;
  marker @2 :Text;                 # a text row with a cell starting with this is the header
  header @3 :List(Text);           # header cells written on export; {year}, {prevYear}
  columns @4 :List(Column);        # "label" is the label column of rows/indicators blocks
  layout @5 :List(Text);           # rows/indicators: column key per text cell, "" = empty
  rows @6 :List(RowTemplate);
  allowAdd @7 :Bool;               # rows may be added to the block itself (indicators)
  fillDown @8 :List(Text);         # indicators: an empty cell means "same as above"
  groups @9 :List(IndicatorGroup); # indicators: 一级指标 with their weights
  addedFormulas @10 :List(Formula);  # formulas of every added row
  addedRequired @11 :List(Text);   # columns an added row must fill
  inlineLabels @12 :Bool;          # form: "label：value" in one cell (else two cells)
  leadingCells @13 :UInt8;         # form: empty cells before the fields of each text row
}

struct RowTemplate {
  key @0 :Text;
  label @1 :Text;                  # "" for the single unlabeled row of a block
  display @2 :Text;                # the label as written on export, when it differs
  aliases @3 :List(Text);          # other labels that mean this row ("商品服务支出")
  parent @4 :Text;                 # row key of the row that sums this one
  allowAdd @5 :Bool;               # rows may be added under this one (items, projects)
  formulas @6 :List(Formula);
  required @7 :List(Text);         # columns that must be filled
  gridRow @8 :UInt8;               # form blocks: where the field goes on the text grid
  gridCol @9 :UInt8;
}

struct Formula {
  column @0 :Text;
  expr @1 :Text;
  rule @2 :Text;                   # the check rule its findings carry: sum, rate, score, total
}

struct IndicatorGroup {
  label @0 :Text;                  # 一级指标 ("产出指标")
  weight @1 :Text;                 # its 分值 ("50")
  subgroups @2 :List(Text);        # 二级指标
  watchSubgroups @3 :List(Text);   # full marks here while 执行率 is low needs explaining
}

# How a rate (预算执行率, or an indicator's 完成率) becomes a share of the 分值. Template
# .scoreRule scores 预算执行率, Template.indicatorRule quantitative indicators (DOMAIN.md
# "Scoring"; counties publish any of the three).
struct ScoreRule {
  kind @0 :Kind;
  enum Kind {
    proportional @0;               # rate × 分值, capped at 分值 (linear)
    tiered @1;                     # stepped: full marks at 100%, minus `deduct` per full
                                   # `step` below ("每低于5%扣2分"), never below 0
    banded @2;                     # the share of the first band whose `from` the rate
                                   # reaches; 0 below the last band
  }
  step @1 :Text;                   # tiered: percent per step ("5%")
  deduct @2 :Text;                 # tiered: points per step ("2")
  bands @3 :List(ScoreBand);       # banded: highest `from` first
}

struct ScoreBand {
  from @0 :Text;                   # a rate at or above this ("90%") ...
  share @1 :Text;                  # ... earns this share of the 分值 ("80%")
}

struct CheckOptions {
  tailTolerance @0 :Text;          # a sum off by at most this is a 尾差 ("0.02")
  farBeyondFactor @1 :Text;        # actual >= factor × target: the target was set too low
  lowExecution @2 :Text;           # 执行率 below this is "well below 100%" ("95%")
  reasonBelowExecution @3 :Text;   # 执行率 below this needs a reason ("" = no such rule)
}

enum Severity {
  error @0;
  warning @1;
  info @2;
}

struct Check {
  rule @0 :Text;
  severity @1 :Severity;
  left @2 :Text;                   # an expression; its first ref is the finding's location
  op @3 :Op;
  enum Op {
    equal @0;
    atMost @1;
    differs @2;                    # a finding when the two differ (info: "explain this")
  }
  right @4 :Text;
  message @5 :Text;                # Chinese; {left} and {right} are the two figures
}

struct ProseFigure {
  labels @0 :List(Text);           # what the prose calls the figure ("基本支出")
  unit @1 :Text;                   # "万元", "%", "分"
  ref @2 :Text;                    # "table/row/column"
}
