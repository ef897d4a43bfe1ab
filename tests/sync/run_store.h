// The server store a test's run uses, opened in the test's own process: the LMDB data
// folder `data`, or on a PostgreSQL run (RS_TEST_STORE=postgres) the database that
// tests/support/test_store.h gave that folder. For tests that look at or damage what the
// server holds, whichever engine it runs on.
#pragma once

#include <memory>
#include <string>

#include "../support/test_store.h"
#include "pg_engine.h"
#include "server_store.h"

namespace rs::test {

inline std::unique_ptr<server::ServerStore> openRunStore(const std::string& data) {
  if (testingPostgres())
    return std::make_unique<server::ServerStore>(
        std::make_unique<server::PgEngine>(storeArgs(data)[1]));
  return std::make_unique<server::ServerStore>(data);
}

// The run's store as its bare engine, without the server store's schema check and
// migration: for tests that read or set records as an older or newer server left them.
inline std::unique_ptr<store::kv::Engine> openRunEngine(const std::string& data) {
  if (testingPostgres()) return std::make_unique<server::PgEngine>(storeArgs(data)[1]);
  return std::make_unique<store::kv::LmdbEngine>(data, size_t(1) << 30, 32);
}

}  // namespace rs::test
