// The file name 导出 and 生成数据包 suggest in the save dialog, from the report's fields.
#pragma once

#include <string>

namespace rs::gui {

// "{title}.{extension}" with the year in front when the title does not hold it
// ("2024年度" + "洪江市工业和信息化局整体支出绩效自评报告"); the department, then "报告",
// when the title is empty. Characters no file system takes (/\:*?"<>| and controls) become
// "_". `year`, `title`, `dept`: as the report's fields (UTF-8); extension without the dot.
std::string exportFileName(const std::string& title, const std::string& dept,
                           const std::string& year, const std::string& extension);

}  // namespace rs::gui
