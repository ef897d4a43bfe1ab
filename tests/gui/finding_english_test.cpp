// gui/finding_english.h: findings under --lang en (issue 12 item 7).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "gui/finding_english.h"

namespace {

bool hasChinese(const std::string& s) {
  // U+4E00..U+9FFF in UTF-8: E4 B8 80 .. E9 BF BF.
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xE4 && b <= 0xE9) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("finding_english: every rule the checks use has its sentence, with the figures") {
  rs::report::Finding f{rs::report::Severity::kError,
                        "score",
                        "selfeval/money-total/score",
                        "部门整体支出绩效自评表“年度资金总额”得分填写9.6，按评分规则应为9.13",
                        "9.13",
                        "9.6"};
  CHECK(rs::gui::englishFinding(f) == "Written 9.6; by the scoring rule it should be 9.13");
  CHECK(rs::gui::findingAlone(f, true) == f.message);
  CHECK(rs::gui::findingAlone(f, false) ==
        "Written 9.6; by the scoring rule it should be 9.13 (at selfeval/money-total/score)");
  // A rule whose sentence names no figure gets them after it.
  f.rule = "weights";
  CHECK(rs::gui::englishFinding(f) ==
        "The indicator weights do not match the form (written 9.6, expected 9.13)");
  f.expected.clear(), f.actual.clear();
  CHECK(rs::gui::englishFinding(f) == "The indicator weights do not match the form");
  // Every rule the checks name (common/report/checks.h) and every rule of the built-in
  // templates (read from their JSON, so a rule added there fails here) is known: none falls
  // back to the generic sentence, none says a Chinese word of its own.
  std::set<std::string> rules = {"required",
                                 "template-row",
                                 "sum",
                                 "sum-tail",
                                 "sum-below",
                                 "sum-rebuilt",
                                 "rate",
                                 "total",
                                 "total-rebuilt",
                                 "score",
                                 "figure",
                                 "conflict",
                                 "reason",
                                 "weights",
                                 "target-too-low",
                                 "full-marks-low-execution",
                                 "qualitative-band",
                                 "prose",
                                 "prose-indicator"};
  const std::regex ruleField("\"rule\":\\s*\"([a-z-]+)\"");
  size_t templates = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(RS_TEST_DATA_DIR "/../../common/report/templates")) {
    if (entry.path().extension() != ".json") continue;
    ++templates;
    std::ifstream in(entry.path());
    std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::sregex_iterator it(json.begin(), json.end(), ruleField), end; it != end; ++it)
      rules.insert((*it)[1]);
  }
  CHECK(templates >= 2);
  CHECK(rules.count("project-in-basic"));  // a template's own rule was read
  for (const std::string& rule : rules) {
    CAPTURE(rule);
    f.rule = rule;
    f.expected = "1", f.actual = "2";
    std::string text = rs::gui::englishFinding(f);
    CHECK(text.find("Does not pass") == std::string::npos);
    CHECK_FALSE(hasChinese(text));
    CHECK(text.find('{') == std::string::npos);
  }
  f.rule = "new-rule";
  CHECK(rs::gui::englishFinding(f) ==
        "Does not pass the check \"new-rule\" (written 2, expected 1)");
}
