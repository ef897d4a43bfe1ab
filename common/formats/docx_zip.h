// ZIP packages in memory (libzip), as DOCX needs them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct zip;

namespace rs::formats {

// Writes a ZIP archive of (name, bytes) entries, in order, deflated, with a fixed time
// stamp so that the same entries always give the same bytes.
std::string writeZip(const std::vector<std::pair<std::string, std::string>>& entries);

// A ZIP archive read from memory. The constructor throws rs::InputError when the bytes are
// not a ZIP archive. All reads together may unpack at most `budget` bytes, so a package of
// many entries cannot expand without bound either.
class ZipReader {
 public:
  // `bytes` must outlive the reader.
  explicit ZipReader(std::string_view bytes, size_t budget = kDefaultBudget);
  static constexpr size_t kDefaultBudget = 32u << 20;
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // The entry's bytes; nullopt when there is no such entry. Throws rs::InputError when the
  // entry is larger than `maxBytes` or than what is left of the budget (sizes from the ZIP
  // directory, checked before anything is unpacked), or cannot be read.
  std::optional<std::string> read(const std::string& name, size_t maxBytes) const;

 private:
  ::zip* zip_ = nullptr;
  mutable size_t budget_;
};

}  // namespace rs::formats
