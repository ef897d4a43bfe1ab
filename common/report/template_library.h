// Templates beyond the built-in ones: published by the bureau on the server and fetched on
// sync, or installed from a file (issue 13 item 2). The program's stores hold them
// (store/template_shelf.h); this is the seam through which report code finds them.
//
// A report records the template it was made with as a reference: "KEY" for a built-in
// template (what every report made before templates had versions records), "KEY@N" for
// version N of a stored template. Checks and exports use that version, never a newer one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rs::report {

// Where a template came from, as `template list` shows it.
inline constexpr std::string_view kSourceBuiltin = "built-in";
inline constexpr std::string_view kSourceServer = "服务器";
inline constexpr std::string_view kSourceLocal = "本机安装";

struct StoredTemplateInfo {
  std::string key;
  uint32_t version = 0;
  std::string source;  // kSourceServer or kSourceLocal
};

// The stored templates of this process's store. Implementations read their store on each
// call (another process may have added a template) and must be thread-safe.
class TemplateLibrary {
 public:
  virtual ~TemplateLibrary() = default;
  virtual std::vector<StoredTemplateInfo> list() const = 0;
  // The JSON of version `version` of `key`; nullopt when this store does not hold it.
  virtual std::optional<std::string> json(std::string_view key, uint32_t version) const = 0;
};

// The library that Template::forReport and Template::newest consult besides the built-in
// templates; nullptr (the default) for none. One per process: the program opens one store.
void setTemplateLibrary(std::shared_ptr<const TemplateLibrary> library);
std::shared_ptr<const TemplateLibrary> templateLibrary();

// A report's template reference split: "KEY" gives version 0 (the built-in one), "KEY@N"
// version N. Throws rs::InputError for a reference that is neither.
struct TemplateRef {
  std::string key;
  uint32_t version = 0;
};
TemplateRef parseTemplateRef(std::string_view ref);

// A template key as the bureau may choose it: 1 to 64 of a-z, 0-9 and "-". Throws
// rs::InputError saying so (a key ends up in store keys and URLs).
void requireTemplateKey(std::string_view key);

}  // namespace rs::report
