// A thin RAII layer over LMDB, in the manner of lmdbxx: move-only environment and
// transaction types; a transaction aborts unless committed; "not found" is a return
// value; every other failure throws LmdbError naming the call that failed.
#pragma once

#include <lmdb.h>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace rs::store {

class LmdbError : public std::runtime_error {
 public:
  LmdbError(const char* call, int rc);
  int code() const { return rc_; }

 private:
  int rc_;
};

class Env {
 public:
  // Opens (creating if needed) the environment in directory `dir`, clearing the reader
  // slots of dead processes (mdb_reader_check). `maxReaders` 0 keeps LMDB's default (126
  // concurrent read transactions); a server with many threads sets more. `flags` are
  // added to mdb_env_open's (MDB_NOMETASYNC: see kv::LmdbEngine).
  Env(const std::string& dir, size_t mapSizeBytes, unsigned maxDbs, unsigned maxReaders = 0,
      unsigned flags = 0);
  Env(Env&& other) noexcept : env_(std::exchange(other.env_, nullptr)) {}
  Env& operator=(Env&&) = delete;
  Env(const Env&) = delete;
  ~Env();
  MDB_env* handle() const { return env_; }
  // Flushes every commit so far to disk (mdb_env_sync, forced). Throws LmdbError.
  void sync();

 private:
  MDB_env* env_ = nullptr;
};

class Txn {
 public:
  enum Mode { kRead, kWrite };
  Txn(const Env& env, Mode mode);
  Txn(Txn&& other) noexcept : txn_(std::exchange(other.txn_, nullptr)) {}
  Txn& operator=(Txn&&) = delete;
  Txn(const Txn&) = delete;
  ~Txn();  // aborts if not committed

  void commit();
  MDB_txn* handle() const { return txn_; }

 private:
  MDB_txn* txn_ = nullptr;
};

// A named database handle; valid for the environment's lifetime.
class Dbi {
 public:
  Dbi() = default;
  static Dbi open(Txn& txn, const char* name);  // creates it if missing
  // The value is a view into the map: valid until the transaction ends or writes again.
  std::optional<std::string_view> get(Txn& txn, std::string_view key) const;
  void put(Txn& txn, std::string_view key, std::string_view value) const;
  bool del(Txn& txn, std::string_view key) const;  // false if absent
  // Visits keys from `start` (inclusive) in order until the visitor returns false.
  void scanFrom(Txn& txn, std::string_view start,
                const std::function<bool(std::string_view, std::string_view)>& visit) const;
  // Visits keys starting with `prefix` in order; stop by returning false.
  void scanPrefix(Txn& txn, std::string_view prefix,
                  const std::function<bool(std::string_view, std::string_view)>& visit) const;
  MDB_dbi handle() const { return dbi_; }

 private:
  MDB_dbi dbi_ = 0;
};

// Big-endian, so that keys sort numerically.
std::string encodeU64(uint64_t v);
uint64_t decodeU64(std::string_view bytes);

}  // namespace rs::store
