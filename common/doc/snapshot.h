// Document <-> snapshot bytes (proto/snapshot.capnp, packed).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "doc/document.h"

namespace rs::doc {

std::string encodeSnapshot(const Document& doc);
// Throws InputError when the bytes are not a snapshot; returns nullptr for a snapshot of an
// older format, which the caller rebuilds from the report's changes.
std::unique_ptr<Document> decodeSnapshot(std::string_view bytes);

}  // namespace rs::doc
