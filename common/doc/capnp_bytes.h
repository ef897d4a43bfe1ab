// Reading Cap'n Proto messages from byte buffers that may not be 8-byte aligned
// (LMDB values, HTTP bodies, files).
#pragma once

#include <capnp/message.h>
#include <capnp/serialize-packed.h>
#include <capnp/serialize.h>
#include <kj/array.h>
#include <kj/io.h>

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
    require(bytes.size() % sizeof(capnp::word) == 0 && !bytes.empty(),
            std::string(what) + ": truncated message");
    words_ = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
    std::memcpy(words_.begin(), bytes.data(), bytes.size());
    try {
      reader_ = std::make_unique<capnp::FlatArrayMessageReader>(words_, options());
    } catch (const kj::Exception& e) {
      throw InputError(std::string(what) + ": malformed message");
    }
  }
  template <typename T>
  typename T::Reader root() {
    return reader_->getRoot<T>();
  }

  static capnp::ReaderOptions options() {
    capnp::ReaderOptions o;
    o.traversalLimitInWords = 64 * 1024 * 1024;
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
    require(!bytes.empty(), std::string(what) + ": empty message");
    try {
      reader_ = std::make_unique<capnp::PackedMessageReader>(in_, MessageBytes::options());
    } catch (const kj::Exception&) {
      throw InputError(std::string(what) + ": malformed message");
    }
  }
  template <typename T>
  typename T::Reader root() {
    return reader_->getRoot<T>();
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
