#include "formats/docx_zip.h"

#include <zip.h>

#include <cassert>

#include "util/errors.h"

namespace rs::formats {

namespace {

// 1980-01-01, the earliest time a ZIP entry can hold.
constexpr time_t kFixedTime = 315532800;

std::string errorText(zip_error_t* error) {
  std::string text = zip_error_strerror(error);
  zip_error_fini(error);
  return text;
}

}  // namespace

std::string writeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  assert(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  assert(archive);
  zip_source_keep(buffer);  // survives zip_close, which writes the archive into it
  for (const auto& [name, bytes] : entries) {
    zip_source_t* data = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    assert(data);
    zip_int64_t index = zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8);
    assert(index >= 0);
    zip_set_file_compression(archive, index, ZIP_CM_DEFLATE, 0);
    zip_file_set_mtime(archive, index, kFixedTime, 0);
  }
  [[maybe_unused]] int closed = zip_close(archive);
  assert(closed == 0);

  std::string out;
  [[maybe_unused]] int opened = zip_source_open(buffer);
  assert(opened == 0);
  zip_source_seek(buffer, 0, SEEK_END);
  out.resize(static_cast<size_t>(zip_source_tell(buffer)));
  zip_source_seek(buffer, 0, SEEK_SET);
  [[maybe_unused]] zip_int64_t read = zip_source_read(buffer, out.data(), out.size());
  assert(read == static_cast<zip_int64_t>(out.size()));
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

ZipReader::ZipReader(std::string_view bytes, size_t budget) : budget_(budget) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source)
    throw InputError("not a DOCX file: " + errorText(&error) + " (不是 DOCX 文件：" +
                     errorText(&error) + ")");
  zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!zip_) {
    zip_source_free(source);
    throw InputError("not a DOCX file (not a ZIP archive): " + errorText(&error) +
                     " (不是 DOCX 文件（不是 ZIP 压缩包）：" + errorText(&error) + ")");
  }
}

ZipReader::~ZipReader() {
  zip_discard(zip_);
}

std::optional<std::string> ZipReader::read(const std::string& name, size_t maxBytes) const {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip_, name.c_str(), 0, &st) != 0) return std::nullopt;
  require((st.valid & ZIP_STAT_SIZE) && st.size <= maxBytes,
          name + " in the DOCX file is too large (over " + std::to_string(maxBytes >> 20) +
              " MB) (DOCX 文件中的 " + name + " 过大（超过 " + std::to_string(maxBytes >> 20) +
              " MB）)");
  require(st.size <= budget_, "the DOCX file is too large unpacked (over " +
                                  std::to_string(budget_ >> 20) +
                                  " MB), not a report (DOCX 文件解压后过大（超过 " +
                                  std::to_string(budget_ >> 20) + " MB），不是报告)");
  budget_ -= st.size;
  zip_file_t* file = zip_fopen(zip_, name.c_str(), 0);
  require(file != nullptr, name + " in the DOCX file cannot be read: " + zip_strerror(zip_) +
                               " (DOCX 文件中的 " + name + " 无法读取：" + zip_strerror(zip_) +
                               ")");
  std::string out(st.size, '\0');
  zip_int64_t got = zip_fread(file, out.data(), out.size());
  zip_fclose(file);
  require(got == static_cast<zip_int64_t>(out.size()),
          name + " in the DOCX file is damaged (reading failed) (DOCX 文件中的 " + name +
              " 已损坏（读取失败）)");
  return out;
}

}  // namespace rs::formats
