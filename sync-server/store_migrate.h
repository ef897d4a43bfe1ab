// `admin migrate --from DIR --to postgres://...` (issue 16 item 2): a county's LMDB store
// copied into an empty PostgreSQL database, record for record (both engines hold the same
// records, store/kv.h), then verified.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/kv.h"

namespace rs::server {

// A table's record count and fingerprint: SHA-256 over every (key, value) in key order,
// each as its 8-byte big-endian length and bytes, as 64 hex digits.
struct TableFingerprint {
  std::string table;
  uint64_t records = 0;
  std::string sha256;
  bool operator==(const TableFingerprint&) const = default;
};

std::vector<TableFingerprint> fingerprints(store::kv::Engine& engine,
                                           const std::vector<std::string>& tables);

// The named tables of an LMDB environment (its main database's keys).
std::vector<std::string> lmdbTables(store::Env& env);

// Copies every table of `from` (an LMDB store, opened by ServerStore so that its schema is
// current) into `to` in one write transaction, then compares both sides' fingerprints in
// fresh read transactions. Throws InputError, copying nothing, when `to` already holds a
// store (its "meta" table has records), and InputError naming the tables that differ after
// the copy. Returns the fingerprints (equal on both sides).
std::vector<TableFingerprint> migrateStore(store::kv::LmdbEngine& from, store::kv::Engine& to);

}  // namespace rs::server
