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
// not a ZIP archive.
class ZipReader {
 public:
  explicit ZipReader(std::string_view bytes);  // `bytes` must outlive the reader
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // The entry's bytes; nullopt when there is no such entry. Throws rs::InputError when the
  // entry is larger than `maxBytes` or cannot be read.
  std::optional<std::string> read(const std::string& name, size_t maxBytes) const;

 private:
  ::zip* zip_ = nullptr;
};

}  // namespace rs::formats
