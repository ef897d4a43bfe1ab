#include "gui/export_name.h"

#include <string_view>

namespace rs::gui {

std::string exportFileName(const std::string& title, const std::string& dept,
                           const std::string& year, const std::string& extension) {
  std::string name = !title.empty() ? title : !dept.empty() ? dept + "绩效自评报告" : "报告";
  if (!year.empty() && name.find(year) == std::string::npos) name = year + "年度" + name;
  for (char& c : name) {
    // UTF-8 continuation and lead bytes are >= 0x80: only ASCII is replaced.
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos)
      c = '_';
  }
  return name + "." + extension;
}

}  // namespace rs::gui
