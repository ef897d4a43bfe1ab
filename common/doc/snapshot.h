// Document <-> snapshot bytes (proto/snapshot.capnp, packed).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "doc/document.h"

namespace rs::doc {

std::string encodeSnapshot(const Document& doc);
// Throws InputError when the bytes are not a snapshot of this format.
std::unique_ptr<Document> decodeSnapshot(std::string_view bytes);

}  // namespace rs::doc
