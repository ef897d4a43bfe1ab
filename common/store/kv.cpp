#include "store/kv.h"

#include <sys/stat.h>

#include <atomic>
#include <bit>
#include <type_traits>

namespace rs::store::kv {

namespace {

// An LMDB transaction, owned or borrowed; tables are LMDB's named databases.
class LmdbTxn : public TxnImpl {
 public:
  // `unflushed`: set when the environment defers its meta flush (LmdbEngine); commit()
  // then flushes at once, commitDeferred() sets it for LmdbEngine::makeDurable.
  LmdbTxn(Env& env, bool write, std::atomic<bool>* unflushed = nullptr)
      : own_(std::make_unique<store::Txn>(env, write ? store::Txn::kWrite : store::Txn::kRead)),
        txn_(own_.get()),
        env_(&env),
        unflushed_(write ? unflushed : nullptr) {}
  explicit LmdbTxn(store::Txn& borrowed) : txn_(&borrowed) {}

  unsigned openTable(const char* name) override {
    wrote_ = true;  // may create it
    return Dbi::open(*txn_, name).handle();
  }
  std::optional<std::string_view> get(unsigned table, std::string_view key) override {
    return dbi(table).get(*txn_, key);
  }
  void put(unsigned table, std::string_view key, std::string_view value) override {
    dbi(table).put(*txn_, key, value);
    wrote_ = true;
  }
  bool del(unsigned table, std::string_view key) override {
    bool gone = dbi(table).del(*txn_, key);
    wrote_ = wrote_ || gone;
    return gone;
  }
  void scanFrom(unsigned table, std::string_view start, const Visitor& visit) override {
    dbi(table).scanFrom(*txn_, start, visit);
  }
  void commit() override {
    txn_->commit();
    if (unflushed_ && wrote_) env_->sync();  // LMDB flushes nothing for a commit of nothing
  }
  void commitDeferred() override {
    txn_->commit();
    if (unflushed_ && wrote_) *unflushed_ = true;
  }

 private:
  static Dbi dbi(unsigned table) { return lmdbDbi(table); }
  std::unique_ptr<store::Txn> own_;
  store::Txn* txn_;
  Env* env_ = nullptr;
  std::atomic<bool>* unflushed_ = nullptr;
  bool wrote_ = false;
};

}  // namespace

Dbi lmdbDbi(MDB_dbi handle) {
  // A Dbi is its handle and nothing else (store/lmdb.h), so the bytes are the value.
  static_assert(sizeof(Dbi) == sizeof(MDB_dbi) && std::is_trivially_copyable_v<Dbi>);
  return std::bit_cast<Dbi>(handle);
}

Txn::Txn(store::Txn& lmdb) : impl_(std::make_unique<LmdbTxn>(lmdb)) {}

void Table::scanPrefix(Txn& txn, std::string_view prefix, const Visitor& visit) const {
  scanFrom(txn, prefix, [&](std::string_view key, std::string_view value) {
    return key.substr(0, prefix.size()) == prefix && visit(key, value);
  });
}

int64_t LmdbEngine::bytes() {
  mdb_filehandle_t fd;
  struct stat st;
  if (mdb_env_get_fd(env_->handle(), &fd) != 0 || fstat(fd, &st) != 0) return 0;
  return int64_t(st.st_size);
}

std::unique_ptr<TxnImpl> LmdbEngine::begin(bool write) {
  return std::make_unique<LmdbTxn>(*env_, write, deferred_ ? &unflushed_ : nullptr);
}

void LmdbEngine::makeDurable() {
  if (!unflushed_.exchange(false)) return;
  try {
    env_->sync();
  } catch (...) {
    unflushed_ = true;  // still to flush: the next call tries again
    throw;
  }
}

}  // namespace rs::store::kv
