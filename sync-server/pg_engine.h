// The PostgreSQL engine of the server store (issue 16 item 2), so that several identical
// server processes share one database and keep no state of their own. Each table of the
// store (users, sessions, reports, spans, actors, submissions and their files, templates,
// ...) is a PostgreSQL table "rs_<name>" (k bytea PRIMARY KEY, v bytea): the records keep
// the byte layout the LMDB store gives them (server_store.h, submission_store.h,
// store/template_shelf.h), so one code path serves both engines and `admin migrate`
// copies records unchanged.
//
// Transactions (store/kv.h): a read is REPEATABLE READ READ ONLY (one snapshot, as an LMDB
// read); a write is READ COMMITTED after pg_advisory_xact_lock(kWriterLock), so writes of
// every process on the database run one at a time, as LMDB's writer does, and each sees
// every write committed before it. A scoped write (a push: its reports and actors) takes
// kWriterLock shared, then an exclusive advisory lock per key of its scope (a 64-bit hash
// of the key, in ascending order so that two scoped writes never wait for each other in a
// cycle): pushes to different reports from several processes commit at once, pushes to one
// report one at a time, and an unscoped write still waits for all of them and they for it.
// Measured need: with the lock global, 4 processes pushed no faster than 1 (README,
// "A province on PostgreSQL"). A side write (store/kv.h Engine::beginSide, the failed-login
// counts) takes kSideLock instead, with synchronous_commit off.
//
// Long-poll wake-ups across processes: a push's write transaction sends NOTIFY on the
// channel "rs_changes" (delivered on commit) and every process LISTENs (listen()).
//
// Statements: each one a transaction repeats (a table's get, delete and scan pages, the
// locks, the batch of writes) is prepared once per connection. A write transaction's puts,
// deletes and NOTIFYs are held (pg_write_batch.h) and sent as one statement before a scan
// (which must see them) and at commit; a get of a held key is answered from what is held.
// So a push costs one round trip for all it writes. A delete says whether the key was
// there: held when the transaction knows (it wrote or read the key), else sent at once. A batch
// that fails rolls back the whole transaction: commit (or the scan) throws std::runtime_error
// naming the batch's tables and statements, with PostgreSQL's reason, and nothing of the
// transaction is stored.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/connection>

#include "store/kv.h"

namespace rs::server {

// True for "postgres://..." and "postgresql://..." (libpq's connection URIs).
bool isPostgresUrl(const std::string& text);

struct PgConnection;  // a pooled connection (pg_engine.cpp)

class PgEngine : public store::kv::Engine {
 public:
  // Connects to `url` (a libpq URI). Throws InputError naming the database (without its
  // password) when it cannot be reached.
  explicit PgEngine(const std::string& url, size_t maxConnections = kDefaultConnections);
  ~PgEngine() override;
  std::unique_ptr<store::kv::TxnImpl> begin(bool write) override;
  std::unique_ptr<store::kv::TxnImpl> beginScoped(const std::vector<std::string>& scope) override;
  // READ COMMITTED after pg_advisory_xact_lock(kSideLock), synchronous_commit off.
  std::unique_ptr<store::kv::TxnImpl> beginSide() override;
  std::string describe() const override { return shown_; }
  int64_t bytes() override;

  // Calls `wake(payload)` for every notification on `channel` from any process (this one
  // included), on a thread of its own, until this engine is destroyed. Once per engine.
  void listen(const std::string& channel, std::function<void(const std::string&)> wake);
  // Stops listening: `wake` is not called once this returns.
  void unlisten();

  // Connections a process holds at most (PostgreSQL's max_connections is 100 by default;
  // four processes at 16 leave room for psql and replication).
  static constexpr size_t kDefaultConnections = 16;
  static constexpr long long kWriterLock = 0x7273796e63;  // "rsync"
  // The advisory lock key of a scope key (FNV-1a, 64 bits; never kWriterLock or kSideLock).
  static long long scopeLock(std::string_view key);
  static constexpr long long kSideLock = 0x72736c6f67;  // "rslog": side writes (logins)

  // Internal: for PgTxn.
  std::unique_ptr<PgConnection> take();
  void give(std::unique_ptr<PgConnection> c);
  unsigned tableId(const std::string& name);
  const std::string& tableSql(unsigned id);
  // The prepared statement's name for a batch of writes of `shape` (PgWriteBatch).
  std::string batchStatement(const std::string& shape);

 private:
  std::string url_, shown_;
  size_t maxConnections_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;
  std::map<std::string, unsigned> tableIds_;
  std::deque<std::string> tableSql_;  // quoted table name by id (stays put as it grows)
  std::map<std::string, unsigned> batchShapes_;
  std::atomic<bool> stopping_{false};
  std::thread listener_;
};

}  // namespace rs::server
