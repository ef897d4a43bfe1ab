#include "report/template_library.h"

#include <mutex>

#include "util/errors.h"

namespace rs::report {

namespace {

std::mutex libraryMu;
std::shared_ptr<const TemplateLibrary> library;

}  // namespace

void setTemplateLibrary(std::shared_ptr<const TemplateLibrary> l) {
  std::lock_guard lock(libraryMu);
  library = std::move(l);
}

std::shared_ptr<const TemplateLibrary> templateLibrary() {
  std::lock_guard lock(libraryMu);
  return library;
}

TemplateRef parseTemplateRef(std::string_view ref) {
  size_t at = ref.rfind('@');
  if (at == std::string_view::npos) return {std::string(ref), 0};
  std::string_view digits = ref.substr(at + 1);
  require(!digits.empty() && digits.size() <= 9 &&
              digits.find_first_not_of("0123456789") == std::string_view::npos,
          "the report names its template as \"" + std::string(ref) +
              "\", which is not KEY or KEY@VERSION (报告所用模板名称无效，本地数据已损坏)");
  uint32_t version = uint32_t(std::stoul(std::string(digits)));
  require(version > 0, "the report names template version 0: \"" + std::string(ref) +
                           "\" (报告所用模板版本无效，本地数据已损坏)");
  return {std::string(ref.substr(0, at)), version};
}

void requireTemplateKey(std::string_view key) {
  require(
      !key.empty() && key.size() <= 64 &&
          key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos,
      "a template key is 1 to 64 of a-z, 0-9 and \"-\", not \"" + std::string(key) +
          "\" (模板名称只能由1至64个小写字母、数字和“-”组成)");
}

}  // namespace rs::report
