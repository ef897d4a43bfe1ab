// The file name the save dialogs of 导出 and 生成数据包 suggest (gui/export_name.h).
#include <doctest/doctest.h>

#include "gui/export_name.h"

using rs::gui::exportFileName;

TEST_CASE("导出 suggests the report's title with its year and the format") {
  CHECK(exportFileName("2024年度洪江市工业和信息化局整体支出绩效自评报告", "洪江市工业和信息化局",
                       "2024", "docx") == "2024年度洪江市工业和信息化局整体支出绩效自评报告.docx");
  CHECK(exportFileName("洪江市工业和信息化局整体支出绩效自评报告", "", "2025", "pdf") ==
        "2025年度洪江市工业和信息化局整体支出绩效自评报告.pdf");
  CHECK(exportFileName("", "测试局", "2025", "txt") == "2025年度测试局绩效自评报告.txt");
  CHECK(exportFileName("", "", "", "html") == "报告.html");
  CHECK(exportFileName("a/b:c?\"d\"", "", "2024", "bundle") == "2024年度a_b_c__d_.bundle");
}
