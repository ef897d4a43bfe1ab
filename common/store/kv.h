// One ordered key-value interface over two engines (issue 16 item 2): the embedded LMDB
// environment (store/lmdb.h) and, in the server, PostgreSQL (sync-server/pg_engine.h).
// Keys and values are bytes; keys sort bytewise (LMDB's default order, PostgreSQL's bytea
// order), so encodeU64 keys scan in numeric order on both.
//
// A transaction is a snapshot: a read sees one committed state; a write transaction is the
// only writer of its engine while it lives (LMDB's single writer; a PostgreSQL advisory
// lock taken by every write), so that read-modify-write code written for LMDB stays
// correct with several server processes on one database. A scoped write (Txn with a
// scope) promises to touch only records of its scope's keys (a report's, its actors'):
// scoped writes with disjoint scopes may then run at once where the engine allows it
// (PostgreSQL: a lock per key; LMDB keeps its one writer), while an unscoped write still
// excludes every other write. A transaction aborts unless committed. Values returned by get and
// scans stay valid until the transaction ends.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/lmdb.h"

namespace rs::store::kv {

using Visitor = std::function<bool(std::string_view key, std::string_view value)>;

// One engine's transaction; `table` is a handle from openTable on the same engine.
class TxnImpl {
 public:
  virtual ~TxnImpl() = default;
  virtual unsigned openTable(const char* name) = 0;  // creates it if missing
  virtual std::optional<std::string_view> get(unsigned table, std::string_view key) = 0;
  // The values of `keys`, one per key in their order (nullopt for an absent key; a key may
  // repeat). PostgreSQL reads them in one statement (a get each is a round trip: the
  // per-actor lookups of a pull were most of a push's statements, README issue 16); this
  // default, a get each, serves LMDB, whose gets are memory reads.
  virtual std::vector<std::optional<std::string_view>> getMany(
      unsigned table, const std::vector<std::string>& keys) {
    std::vector<std::optional<std::string_view>> out;
    out.reserve(keys.size());
    for (const std::string& key : keys) out.push_back(get(table, key));
    return out;
  }
  virtual void put(unsigned table, std::string_view key, std::string_view value) = 0;
  virtual bool del(unsigned table, std::string_view key) = 0;  // false if absent
  // Visits keys from `start` (inclusive) in order until the visitor returns false.
  virtual void scanFrom(unsigned table, std::string_view start, const Visitor& visit) = 0;
  // Tells every process on the same store `payload` on `channel` once this commits
  // (PostgreSQL NOTIFY). Nothing on LMDB, which one process serves.
  virtual void notify(std::string_view channel, std::string_view payload) {}
  virtual void commit() = 0;
  // Commits, leaving the last step that makes it survive a system crash to
  // Engine::makeDurable, which must run before anyone is told of the commit (see
  // LmdbEngine). This process's readers may see the commit before that step (as during
  // LMDB's own meta flush): callers answer no one, reader or pusher, until it is done.
  // The same as commit() on an engine whose commit is durable when it returns.
  virtual void commitDeferred() { commit(); }
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::unique_ptr<TxnImpl> begin(bool write) = 0;
  // A write limited to the records of `scope` (any bytes naming them; see above). The
  // default is an unscoped write, right for an engine with one writer.
  virtual std::unique_ptr<TxnImpl> beginScoped(const std::vector<std::string>& scope) {
    return begin(true);
  }
  // A write transaction for small records kept beside the store's data (the failed-login
  // counts, sync-server/login_counts.h): side writes exclude each other but not kWrite
  // transactions, so a login's count update neither waits for a push's commit nor holds
  // one up, and its commit may skip the disk flush (a crash loses at most the last few
  // counts). Tables written this way are written only this way, and are created by an
  // ordinary write. LMDB has one writer: an ordinary write there.
  virtual std::unique_ptr<TxnImpl> beginSide() { return begin(true); }
  // Makes every commitDeferred() that returned so far durable (one flush for all of them).
  // Throws LmdbError (EIO: the disk failed) when it cannot. Nothing to do by default.
  virtual void makeDurable() {}
  // The LMDB environment behind this engine; nullptr for another engine (backup, restore
  // and the data folder's checks are LMDB's own).
  virtual Env* lmdb() { return nullptr; }
  // The store's size on disk, bytes: the LMDB data file, or the PostgreSQL database
  // (pg_database_size). Throws when the store cannot be reached.
  virtual int64_t bytes() = 0;
  // The data folder, or "postgres://host:port/db" (no password), for messages and logs.
  virtual std::string describe() const = 0;
};

class Txn {
 public:
  enum Mode { kRead, kWrite, kSideWrite };  // kSideWrite: Engine::beginSide
  Txn(Engine& engine, Mode mode)
      : impl_(mode == kSideWrite ? engine.beginSide() : engine.begin(mode == kWrite)) {}
  // A scoped write (see the top of this file).
  Txn(Engine& engine, const std::vector<std::string>& scope) : impl_(engine.beginScoped(scope)) {}
  // Borrows an open LMDB transaction (for code that holds one, like the client's store).
  explicit Txn(store::Txn& lmdb);
  void commit() { impl_->commit(); }
  void commitDeferred() { impl_->commitDeferred(); }  // see TxnImpl::commitDeferred
  TxnImpl& impl() { return *impl_; }

 private:
  std::unique_ptr<TxnImpl> impl_;
};

// A named table; valid for its engine's lifetime.
class Table {
 public:
  Table() = default;
  static Table open(Txn& txn, const char* name) { return Table(txn.impl().openTable(name)); }
  std::optional<std::string_view> get(Txn& txn, std::string_view key) const {
    return txn.impl().get(id_, key);
  }
  std::vector<std::optional<std::string_view>> getMany(Txn& txn,
                                                       const std::vector<std::string>& keys) const {
    return txn.impl().getMany(id_, keys);
  }
  void put(Txn& txn, std::string_view key, std::string_view value) const {
    txn.impl().put(id_, key, value);
  }
  bool del(Txn& txn, std::string_view key) const { return txn.impl().del(id_, key); }
  void scanFrom(Txn& txn, std::string_view start, const Visitor& visit) const {
    txn.impl().scanFrom(id_, start, visit);
  }
  // Visits keys starting with `prefix` in order; stop by returning false.
  void scanPrefix(Txn& txn, std::string_view prefix, const Visitor& visit) const;

 private:
  explicit Table(unsigned id) : id_(id) {}
  unsigned id_ = 0;
};

// The store::Dbi of an LMDB handle (tables here are numbers; store/lmdb.h gives handles).
Dbi lmdbDbi(MDB_dbi handle);

// The LMDB engine: an environment of its own (the server's data folder), or one borrowed
// from its owner (the client's profile store), which must outlive this.
//
// Durability of a commit (the server's own environment, `deferredCommits`). LMDB's commit
// flushes twice: the data pages (fdatasync), then the meta page that makes them the
// current state (written O_DSYNC). Both are needed, in that order: a meta page on disk
// before the pages it names would be a corrupt store after a system crash; the filesystem
// does not keep the order of unflushed writes (lmdb.h, MDB_NOSYNC). Opened with
// MDB_NOMETASYNC, the commit keeps the first flush and leaves the meta page unflushed
// until the next flush of the file (lmdb.h: "a system crash may undo the last committed
// transaction"). So commit() here flushes it at once (mdb_env_sync: the same two flushes
// as before, for every write but the pushes'), while commitDeferred() returns after the
// first: the push committer (sync_push_pull.cpp) goes on to its next batch, whose commit's
// data flush also writes the meta pages written before it (one flush a commit while pushes
// keep coming); when none is queued it calls makeDurable() (mdb_env_sync). No push of a
// batch is answered, no long-poll woken, no pull answered with what it saw of it, before
// then. A meta page is never flushed before its data (the data's flush returned before it
// was written), so integrity holds; a system crash before then undoes only commits no one
// was told of. Readers see a commit once its meta page is written, flushed or not.
class LmdbEngine : public Engine {
 public:
  LmdbEngine(const std::string& dir, size_t mapSizeBytes, unsigned maxDbs, unsigned maxReaders = 0,
             bool deferredCommits = false)
      : own_(std::make_unique<Env>(dir, mapSizeBytes, maxDbs, maxReaders,
                                   deferredCommits ? MDB_NOMETASYNC : 0)),
        env_(own_.get()),
        dir_(dir),
        deferred_(deferredCommits) {}
  explicit LmdbEngine(Env& borrowed) : env_(&borrowed) {}
  std::unique_ptr<TxnImpl> begin(bool write) override;
  void makeDurable() override;
  Env* lmdb() override { return env_; }
  int64_t bytes() override;
  std::string describe() const override { return dir_; }

 private:
  std::unique_ptr<Env> own_;
  Env* env_;
  std::string dir_;
  bool deferred_ = false;               // opened with MDB_NOMETASYNC (see above)
  std::atomic<bool> unflushed_{false};  // a commitDeferred() since the last makeDurable()
};

}  // namespace rs::store::kv
