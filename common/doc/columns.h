// Byte-level building blocks of the columnar history form (change_spans.h): LEB128 varints,
// zigzag signed values, and run-length columns of integers.
//
// A column is a list of signed 64-bit values written as runs, as in Automerge's binary
// format: a zigzag varint header n > 0 means "the next value, n times"; n < 0 means "-n
// values follow, each written once". Values are usually deltas, so typing in a row (the
// same delta again and again) becomes one run.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rs::doc::columns {

void putVarint(std::string& out, uint64_t v);
inline uint64_t zigzag(int64_t v) {
  return (uint64_t(v) << 1) ^ uint64_t(v >> 63);
}
inline int64_t unzigzag(uint64_t v) {
  return int64_t(v >> 1) ^ -int64_t(v & 1);
}

// Reads from a byte range; every read past its end, or of a malformed varint, throws
// InputError naming `what`.
class ByteReader {
 public:
  ByteReader(std::string_view bytes, const char* what) : bytes_(bytes), what_(what) {}
  uint64_t varint();
  int64_t signedVarint() { return unzigzag(varint()); }
  uint8_t byte();
  // `n` bytes, refused when fewer remain (so `n` never sizes an allocation by itself).
  std::string_view take(uint64_t n);
  // A varint length, then that many bytes.
  std::string_view lengthPrefixed() { return take(varint()); }
  // A count read from the input that each needs at least `minBytes` more bytes: refused
  // when the remaining bytes cannot hold it.
  uint64_t count(uint64_t minBytes);
  size_t remaining() const { return bytes_.size() - pos_; }
  bool done() const { return pos_ == bytes_.size(); }
  std::string_view rest() const { return bytes_.substr(pos_); }
  [[noreturn]] void fail(const std::string& why) const;

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  const char* what_;
};

// Collects a column's values and writes them as runs.
class ColumnWriter {
 public:
  void push(int64_t v) { values_.push_back(v); }
  // Appends the runs, prefixed by their byte length, to `out`.
  void finishTo(std::string& out) const;

 private:
  std::vector<int64_t> values_;
};

// Reads a column's values one at a time; a run is never expanded into memory.
class ColumnReader {
 public:
  ColumnReader() : in_({}, "column") {}
  ColumnReader(std::string_view runs, const char* what) : in_(runs, what) {}
  int64_t next() {
    if (left_ == 0) startRun();
    --left_;
    return literal_ ? in_.signedVarint() : value_;
  }
  // Throws InputError unless every value was read (no trailing runs or bytes).
  void requireDone() const;

 private:
  void startRun();
  ByteReader in_;
  uint64_t left_ = 0;
  bool literal_ = false;
  int64_t value_ = 0;
};

}  // namespace rs::doc::columns
