// Reading Cap'n Proto messages from byte buffers that may not be 8-byte aligned
// (LMDB values, HTTP bodies, files).
#pragma once

#include <capnp/message.h>
#include <capnp/serialize-packed.h>
#include <capnp/serialize.h>
#include <kj/array.h>
#include <kj/io.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "util/errors.h"

namespace rs {

// Owns an aligned copy of the bytes and a reader over it. Throws InputError when the
// bytes are not a message.
class MessageBytes {
 public:
  explicit MessageBytes(std::string_view bytes, const char* what) {
    require(bytes.size() % sizeof(capnp::word) == 0 && !bytes.empty(), what,
            ": truncated message (数据已损坏)");
    words_ = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
    std::memcpy(words_.begin(), bytes.data(), bytes.size());
    try {
      reader_ = std::make_unique<capnp::FlatArrayMessageReader>(words_, options(words_.size()));
    } catch (const kj::Exception& e) {
      throw InputError(std::string(what) + ": malformed message (数据已损坏)");
    }
  }
  template <typename T>
  typename T::Reader root() {
    return reader_->getRoot<T>();
  }

  // At most 64M words traversed, and no more than eight times the message's own words
  // (plus 512 KB): pointers that all point at one blob, or lists of empty structs, would
  // otherwise make readers of a 150-byte body walk millions of elements (found by
  // fuzz_sync_messages).
  static capnp::ReaderOptions options(size_t words = 64 * 1024 * 1024) {
    capnp::ReaderOptions o;
    o.traversalLimitInWords = std::min<uint64_t>(64 * 1024 * 1024, words * 8 + 64 * 1024);
    o.nestingLimit = 32;
    return o;
  }

 private:
  kj::Array<capnp::word> words_;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader_;
};

// Packed messages: zero words squeezed out. Changes travel and rest in this form, since a
// change is mostly small integers and short text.
inline std::string packedMessageToString(capnp::MessageBuilder& message) {
  kj::VectorOutputStream out;
  capnp::writePackedMessage(out, message);
  auto bytes = out.getArray();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

// Owns a reader over packed bytes (no alignment needed). Throws InputError when the bytes
// are not a packed message.
class PackedMessageBytes {
 public:
  PackedMessageBytes(std::string_view bytes, const char* what)
      : in_(kj::arrayPtr(reinterpret_cast<const kj::byte*>(bytes.data()), bytes.size())) {
    require(!bytes.empty(), what, ": empty message (数据已损坏)");
    try {
      reader_ = std::make_unique<capnp::PackedMessageReader>(in_, options(bytes.size()));
      // Read every segment now. The reader reads the segments after the first lazily, and
      // its destructor skips what is left unread, throwing on truncated bytes; thrown from a
      // destructor run by unique_ptr (noexcept) that is std::terminate: 7 bytes pushed as a
      // change would end the server (found by fuzz_change). A message has at most 512.
      for (unsigned i = 1; i <= 512; ++i) reader_->getSegment(i);
    } catch (const kj::Exception&) {
      throw InputError(std::string(what) + ": malformed message (数据已损坏)");
    }
  }
  template <typename T>
  typename T::Reader root() {
    return reader_->getRoot<T>();
  }

  // Reader options for `packedSize` packed bytes. They unpack to at most 128 words a byte
  // (a zero tag and a count byte stand for up to 256 zero words), so the traversal limit is
  // cut to that: the reader allocates what the segment table claims, up to the limit, before
  // reading, and a 5-byte change claiming 64M words cost 512 MB (found by fuzz_change).
  static capnp::ReaderOptions options(size_t packedSize) {
    capnp::ReaderOptions o = MessageBytes::options();
    o.traversalLimitInWords = std::min<uint64_t>(o.traversalLimitInWords, packedSize * 128 + 64);
    return o;
  }

 private:
  kj::ArrayInputStream in_;
  std::unique_ptr<capnp::PackedMessageReader> reader_;
};

inline std::string messageToString(capnp::MessageBuilder& message) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

}  // namespace rs
