// The language part of a core message the window shows (gui/message_part.h).
#include <doctest/doctest.h>

#include "gui/message_part.h"

using rs::gui::messagePart;

TEST_CASE("a bilingual message shows its Chinese part in Chinese and its English in English") {
  std::string m =
      "the report already has a table for project \"道路\": project-eval-2 "
      "(已有项目“道路”的绩效自评表)";
  CHECK(messagePart(m, true) == "已有项目“道路”的绩效自评表");
  CHECK(messagePart(m, false) ==
        "the report already has a table for project \"道路\": project-eval-2");
  std::string wide = "cannot start LibreOffice (soffice)（无法启动 LibreOffice（soffice））";
  CHECK(messagePart(wide, true) == "无法启动 LibreOffice（soffice）");
  CHECK(messagePart(wide, false) == "cannot start LibreOffice (soffice)");
}

TEST_CASE("the older form with a slash is read too") {
  std::string m = "不是报告：文件是空的 / the file is empty";
  CHECK(messagePart(m, true) == "不是报告：文件是空的");
  CHECK(messagePart(m, false) == "the file is empty");
}

TEST_CASE("a message without a Chinese part is shown whole") {
  CHECK(messagePart("row 3 (of 5) is out of range", true) == "row 3 (of 5) is out of range");
  CHECK(messagePart("row 3 (of 5) is out of range", false) == "row 3 (of 5) is out of range");
  CHECK(messagePart("", true).empty());
  // A Chinese message with a remark in parentheses is not cut.
  CHECK(messagePart("LibreOffice 未能转换（退出码 1）", true) ==
        "LibreOffice 未能转换（退出码 1）");
}

TEST_CASE("a Chinese message with an English remark, or English on its own line") {
  std::string remark =
      "DOCX 文件中的 word/document.xml 过大（超过 64 MB），不是报告 (part too large)";
  CHECK(messagePart(remark, true) ==
        "DOCX 文件中的 word/document.xml 过大（超过 64 MB），不是报告");
  CHECK(messagePart(remark, false) == "part too large");
  std::string lines = "无法导入 .doc 文件。\nCannot import a .doc file.";
  CHECK(messagePart(lines, true) == "无法导入 .doc 文件。");
  CHECK(messagePart(lines, false) == "Cannot import a .doc file.");
}

TEST_CASE("an English message quoting a long Chinese name keeps its parts") {
  std::string m =
      "the report already has a table for project \"洪江市城区道路维修及路灯改造工程\": "
      "project-eval-2 (已有项目“洪江市城区道路维修及路灯改造工程”的绩效自评表)";
  CHECK(messagePart(m, true) == "已有项目“洪江市城区道路维修及路灯改造工程”的绩效自评表");
  CHECK(messagePart(m, false).starts_with("the report already has a table"));
}
