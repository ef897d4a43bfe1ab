#include "store_migrate.h"

#include <sodium.h>

#include "util/errors.h"

namespace rs::server {

std::vector<TableFingerprint> fingerprints(store::kv::Engine& engine,
                                           const std::vector<std::string>& tables) {
  std::vector<TableFingerprint> out;
  store::kv::Txn txn(engine, store::kv::Txn::kRead);
  for (const std::string& name : tables) {
    TableFingerprint f{name, 0, ""};
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    auto add = [&](std::string_view bytes) {
      std::string length = store::encodeU64(bytes.size());
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(length.data()),
                                length.size());
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                                bytes.size());
    };
    store::kv::Table::open(txn, name.c_str())
        .scanFrom(txn, "", [&](std::string_view k, std::string_view v) {
          ++f.records;
          add(k);
          add(v);
          return true;
        });
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    static const char* hex = "0123456789abcdef";
    for (unsigned char b : digest) f.sha256 += {hex[b >> 4], hex[b & 15]};
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::string> lmdbTables(store::Env& env) {
  std::vector<std::string> names;
  store::Txn txn(env, store::Txn::kRead);
  MDB_dbi main;
  if (mdb_dbi_open(txn.handle(), nullptr, 0, &main) != 0) return names;
  store::kv::lmdbDbi(main).scanFrom(txn, "", [&](std::string_view k, std::string_view) {
    names.emplace_back(k);
    return true;
  });
  return names;
}

std::vector<TableFingerprint> migrateStore(store::kv::LmdbEngine& from, store::kv::Engine& to) {
  std::vector<std::string> tables = lmdbTables(*from.lmdb());
  {
    store::kv::Txn source(from, store::kv::Txn::kRead);
    store::kv::Txn target(to, store::kv::Txn::kWrite);
    bool held = false;
    store::kv::Table::open(target, "meta").scanFrom(target, "", [&](auto, auto) {
      held = true;
      return false;
    });
    require(!held, "the database " + to.describe() +
                       " already holds a reportsync store: migrate into an empty database");
    for (const std::string& name : tables) {
      store::kv::Table in = store::kv::Table::open(source, name.c_str());
      store::kv::Table out = store::kv::Table::open(target, name.c_str());
      in.scanFrom(source, "", [&](std::string_view k, std::string_view v) {
        out.put(target, k, v);
        return true;
      });
    }
    target.commit();
  }
  std::vector<TableFingerprint> before = fingerprints(from, tables);
  std::vector<TableFingerprint> after = fingerprints(to, tables);
  std::string differ;
  for (size_t i = 0; i < tables.size(); ++i)
    if (!(before[i] == after[i])) differ += (differ.empty() ? "" : ", ") + tables[i];
  require(differ.empty(), "migration to " + to.describe() + " did not verify: " + differ +
                              " differ (the database holds the copy; drop it and migrate again)");
  return before;
}

}  // namespace rs::server
