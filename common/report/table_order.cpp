#include "report/table_order.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace rs::report {

std::vector<const TableContent*> tablesInOrder(const Template& tmpl, const ReportContent& report) {
  std::vector<const TableContent*> out;
  for (auto tt : tmpl.root().getTables()) {
    std::vector<std::pair<long, const TableContent*>> found;
    for (const auto& [key, table] : report.tables) {
      if ((table.templateKey.empty() ? key : table.templateKey) !=
          std::string_view(tt.getKey().cStr(), tt.getKey().size()))
        continue;
      size_t dash = key.rfind('-');
      long n = tt.getRepeatable() && dash != std::string::npos
                   ? std::strtol(key.c_str() + dash + 1, nullptr, 10)
                   : 0;
      found.push_back({n, &table});
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& f : found) out.push_back(f.second);
  }
  return out;
}

}  // namespace rs::report
