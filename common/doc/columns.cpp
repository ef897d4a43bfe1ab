#include "doc/columns.h"

#include "util/errors.h"

namespace rs::doc::columns {

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(char(uint8_t(v) | 0x80));
    v >>= 7;
  }
  out.push_back(char(v));
}

void ByteReader::fail(const std::string& why) const {
  throw InputError(std::string("history: ") + what_ + ": " + why + " (数据已损坏)");
}

uint64_t ByteReader::varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= bytes_.size()) fail("truncated");
    uint8_t b = uint8_t(bytes_[pos_++]);
    if (shift == 63 && b > 1) fail("number too large");
    v |= uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  fail("number too large");
}

uint8_t ByteReader::byte() {
  if (pos_ >= bytes_.size()) fail("truncated");
  return uint8_t(bytes_[pos_++]);
}

std::string_view ByteReader::take(uint64_t n) {
  if (n > remaining()) fail("truncated (a length says " + std::to_string(n) + " bytes)");
  std::string_view out = bytes_.substr(pos_, n);
  pos_ += n;
  return out;
}

uint64_t ByteReader::count(uint64_t minBytes) {
  uint64_t n = varint();
  if (n > remaining() / minBytes)
    fail("a count of " + std::to_string(n) + " does not fit its bytes");
  return n;
}

void ColumnWriter::finishTo(std::string& out) const {
  std::string runs;
  size_t i = 0;
  const size_t n = values_.size();
  while (i < n) {
    size_t same = 1;
    while (i + same < n && values_[i + same] == values_[i]) ++same;
    if (same >= 2) {
      putVarint(runs, zigzag(int64_t(same)));
      putVarint(runs, zigzag(values_[i]));
      i += same;
      continue;
    }
    // A literal run up to the next pair of equal values.
    size_t end = i + 1;
    while (end < n && !(end + 1 < n && values_[end] == values_[end + 1])) ++end;
    putVarint(runs, zigzag(-int64_t(end - i)));
    for (; i < end; ++i) putVarint(runs, zigzag(values_[i]));
  }
  putVarint(out, runs.size());
  out += runs;
}

void ColumnReader::startRun() {
  if (in_.done()) in_.fail("ended early");
  int64_t header = in_.signedVarint();
  if (header == 0) in_.fail("empty run");
  literal_ = header < 0;
  // A literal run needs a byte per value; a repeat run costs nothing per value, and its
  // length is bounded by the caller's own count of values it reads.
  left_ = literal_ ? uint64_t(-(header + 1)) + 1 : uint64_t(header);
  if (literal_ && left_ > in_.remaining()) in_.fail("a run longer than its bytes");
  if (!literal_) value_ = in_.signedVarint();
}

void ColumnReader::requireDone() const {
  if (left_ != 0 || !in_.done()) in_.fail("has values left over");
}

}  // namespace rs::doc::columns
