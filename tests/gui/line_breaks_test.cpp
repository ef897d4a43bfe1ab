// Where the section editor may wrap a line (gui/line_breaks.h): the style changes exactly
// between two characters a line may break between.
#include <doctest/doctest.h>

#include <string>

#include "gui/line_breaks.h"
#include "util/utf8.h"

using namespace rs;
using namespace rs::gui;

namespace {

// "|" wherever the styles allow a break, between the code points of `text`.
std::string breaks(const std::string& text) {
  std::string styles = lineBreakStyles(text), out;
  size_t at = 0;
  for (char32_t c : utf8ToU32(text)) {
    std::string one;
    appendUtf8(one, c);
    if (at > 0 && styles[at] != styles[at - 1]) out += "|";
    out += one;
    at += one.size();
  }
  return out;
}

}  // namespace

TEST_CASE("line breaks: never before closing punctuation, never after opening punctuation") {
  CHECK(breaks("一，二。三") == "一，|二。|三");
  CHECK(breaks("甲、乙；丙：丁？戊！") == "甲、|乙；|丙：|丁？|戊！");
  CHECK(breaks("说“好”。") == "说|“好”。");
  CHECK(breaks("（一）部门") == "（一）|部|门");
  CHECK(breaks("《报告》") == "《报|告》");
}

TEST_CASE("line breaks: a run of Latin letters and digits stays whole") {
  CHECK(breaks("增长12.5%，") == "增|长|12.5%，");
  CHECK(breaks("2024年") == "2024|年");
  CHECK(breaks("DOCX文件") == "DOCX|文|件");
}

TEST_CASE("line breaks: each line starts with style 0, one style byte per byte") {
  std::string text = "一二\n三，四";
  std::string styles = lineBreakStyles(text);
  REQUIRE(styles.size() == text.size());
  CHECK(styles[std::string("一二\n").size()] == 0);
  std::string bad =
      "a\xff\xfe"
      "b";  // bytes that are not UTF-8 count one each
  CHECK(lineBreakStyles(bad).size() == bad.size());
}
