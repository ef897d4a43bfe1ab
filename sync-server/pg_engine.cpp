#include "pg_engine.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <cassert>
#include <deque>
#include <regex>
#include <unordered_set>

#include "pg_write_batch.h"
#include "util/errors.h"

namespace rs::server {

namespace {

// The URL as shown in messages: without its password.
std::string withoutPassword(const std::string& url) {
  return std::regex_replace(url, std::regex("://([^:/@]*):[^@/]*@"), "://$1@");
}

pqxx::binarystring bytes(std::string_view s) {
  return pqxx::binarystring(s.data(), s.size());
}

// Rows a scan fetches at a time: few first, then more (x4) up to kScanPageMost. A visitor
// usually stops after a few rows (a report's new spans; the first key of the next report,
// as the catch-up before a push does), and every row fetched is sent, hex-encoded: a first
// page of 256 made the spans scan PostgreSQL's costliest statement (pg_stat_statements,
// README "A province on PostgreSQL").
constexpr long kScanPageFirst = 8, kScanPageMost = 256;
// Held writes past this many bytes are sent before the next one is held (PgWriteBatch).
constexpr size_t kBatchBytes = size_t(4) << 20;

// The statements every transaction repeats, prepared once per connection (a statement sent
// as text is parsed and planned on every call). Per table ("%" is its quoted name):
const char* const kGetSql = "SELECT v FROM % WHERE k = $1";
const char* const kGetManySql = "SELECT k, v FROM % WHERE k = ANY($1::bytea[])";
const char* const kDelSql = "DELETE FROM % WHERE k = $1";
const char* const kScanFromSql = "SELECT k, v FROM % WHERE k >= $1 ORDER BY k LIMIT $2";
const char* const kScanAfterSql = "SELECT k, v FROM % WHERE k > $1 ORDER BY k LIMIT $2";
// The locks (pg_engine.h): every write's in one statement. A scoped write's keys come
// after kWriterLock, in ascending order: the ordered subquery feeds the aggregate row by
// row, so the first row takes the writer lock shared and the others theirs in order.
const char* const kLockSql = "SELECT pg_advisory_xact_lock($1)";
const char* const kScopedLockSql =
    "SELECT count(CASE WHEN o = 1 THEN pg_advisory_xact_lock_shared(k)"
    " ELSE pg_advisory_xact_lock(k) END) FROM"
    " (SELECT k, o FROM unnest($1::bigint[]) WITH ORDINALITY AS u(k, o) ORDER BY o) AS ordered";
const char* const kSideLockSql =
    "SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock($1)";

}  // namespace

// A pooled connection and the names of the statements prepared on it.
struct PgConnection {
  explicit PgConnection(const std::string& url) : conn(url) {}
  pqxx::connection conn;
  std::unordered_set<std::string> prepared;
};

namespace {

class PgTxn : public store::kv::TxnImpl {
 public:
  enum Kind { kRead, kWrite, kSide };
  // A write with an empty `scope` is unscoped (store/kv.h).
  PgTxn(PgEngine& engine, Kind kind, const std::vector<std::string>& scope = {})
      : engine_(engine), write_(kind != kRead), conn_(engine.take()) {
    try {
      if (kind == kSide) {
        // Beside the writer lock, without the commit's flush (kv::Engine::beginSide).
        work_ = std::make_unique<pqxx::transaction<pqxx::read_committed>>(conn_->conn);
        exec("rs_side_lock", kSideLockSql, PgEngine::kSideLock);
      } else if (kind == kWrite) {
        work_ = std::make_unique<pqxx::transaction<pqxx::read_committed>>(conn_->conn);
        if (scope.empty()) {
          exec("rs_lock", kLockSql, PgEngine::kWriterLock);
        } else {
          std::vector<long long> keys;
          for (const std::string& k : scope) keys.push_back(PgEngine::scopeLock(k));
          std::sort(keys.begin(), keys.end());
          keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
          std::string array = "{" + std::to_string(PgEngine::kWriterLock);
          for (long long k : keys) array += "," + std::to_string(k);
          exec("rs_scoped_lock", kScopedLockSql, array + "}");
        }
      } else {
        work_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(
            conn_->conn);
      }
    } catch (...) {
      work_.reset();
      release();
      throw;
    }
  }
  ~PgTxn() override {
    work_.reset();  // aborts unless committed
    release();
  }

  unsigned openTable(const char* name) override {
    unsigned id = engine_.tableId(name);
    // A read transaction cannot create (PostgreSQL refuses DDL there); the store's tables
    // are made by the write that opens the store.
    if (write_)
      live().exec("CREATE TABLE IF NOT EXISTS " + engine_.tableSql(id) +
                  " (k bytea PRIMARY KEY, v bytea NOT NULL)");
    return id;
  }
  std::optional<std::string_view> get(unsigned table, std::string_view key) override {
    if (const std::optional<std::string>* held = batch_.held(table, key)) {
      if (!*held) return std::nullopt;
      return arena_.emplace_back(**held);
    }
    pqxx::result r = exec(tableStatement("g", kGetSql, table), bytes(key));
    if (write_) known_[table][std::string(key)] = !r.empty();
    if (r.empty()) return std::nullopt;
    return keep(pqxx::binarystring(r[0][0]));
  }
  std::vector<std::optional<std::string_view>> getMany(
      unsigned table, const std::vector<std::string>& keys) override {
    std::vector<std::optional<std::string_view>> out(keys.size());
    std::vector<std::string_view> asked;  // the keys no held write answers
    for (size_t i = 0; i < keys.size(); ++i) {
      if (const std::optional<std::string>* held = batch_.held(table, keys[i])) {
        if (*held) out[i] = arena_.emplace_back(**held);
      } else {
        asked.push_back(keys[i]);
      }
    }
    if (asked.empty()) return out;
    pqxx::result r =
        exec(tableStatement("m", kGetManySql, table), bytes(pgBinaryArray(kPgByteaOid, asked)));
    std::map<std::string_view, std::string_view> found;
    for (const auto& row : r)
      found.emplace(keep(pqxx::binarystring(row[0])), keep(pqxx::binarystring(row[1])));
    for (size_t i = 0; i < keys.size(); ++i) {
      if (batch_.held(table, keys[i])) continue;
      auto f = found.find(keys[i]);
      if (f != found.end()) out[i] = f->second;
      if (write_) known_[table][keys[i]] = f != found.end();
    }
    return out;
  }
  void put(unsigned table, std::string_view key, std::string_view value) override {
    live();
    batch_.put(table, key, value);
    if (batch_.bytes() > kBatchBytes) flush();
  }
  bool del(unsigned table, std::string_view key) override {
    // Whether the key is there, without a round trip when this transaction knows.
    bool present;
    if (const std::optional<std::string>* held = batch_.held(table, key)) {
      present = held->has_value();
    } else if (auto k = known(table, key)) {
      present = *k;
    } else {
      // Unknown: deleted at once, which says whether it was there (no held write names it).
      present = exec(tableStatement("d", kDelSql, table), bytes(key)).affected_rows() > 0;
      known_[table][std::string(key)] = false;
      return present;
    }
    if (present) batch_.del(table, key);
    if (batch_.bytes() > kBatchBytes) flush();
    return present;
  }
  void scanFrom(unsigned table, std::string_view start, const store::kv::Visitor& visit) override {
    flush();  // the scan sees this transaction's own writes
    std::string from(start);
    bool inclusive = true;
    for (long page = kScanPageFirst;; page = std::min(page * 4, kScanPageMost)) {
      pqxx::result r = exec(inclusive ? tableStatement("s", kScanFromSql, table)
                                      : tableStatement("a", kScanAfterSql, table),
                            bytes(from), page);
      for (const auto& row : r) {
        std::string_view k = keep(pqxx::binarystring(row[0]));
        std::string_view v = keep(pqxx::binarystring(row[1]));
        if (!visit(k, v)) return;
        from = std::string(k);
      }
      if (r.size() < size_t(page)) return;
      inclusive = false;
    }
  }
  void notify(std::string_view channel, std::string_view payload) override {
    live();
    batch_.notify(channel, payload);
  }
  void commit() override {
    flush();
    live().commit();
  }
  pqxx::result query(const std::string& sql) { return live().exec(sql); }

 private:
  // The open transaction; throws once a failed batch aborted it.
  pqxx::transaction_base& live() {
    if (!work_)
      throw std::runtime_error("PostgreSQL " + engine_.describe() +
                               ": the transaction was aborted by a failed write above");
    return *work_;
  }
  // Runs the statement `name` (prepared on this connection from `sql` at its first use).
  template <typename... Args>
  pqxx::result exec(const std::string& name, const std::string& sql, Args&&... args) {
    pqxx::transaction_base& work = live();
    if (conn_->prepared.insert(name).second) conn_->conn.prepare(name, sql);
    return work.exec_prepared(name, std::forward<Args>(args)...);
  }
  // The name of a table's statement `kind`, prepared from `sql` with the table's name for %.
  std::pair<std::string, std::string> tableStatement(const char* kind, const char* sql,
                                                     unsigned table) {
    std::string name = std::string("rs_") + kind + std::to_string(table), text = sql;
    text.replace(text.find('%'), 1, engine_.tableSql(table));
    return {name, text};
  }
  template <typename... Args>
  pqxx::result exec(const std::pair<std::string, std::string>& statement, Args&&... args) {
    return exec(statement.first, statement.second, std::forward<Args>(args)...);
  }
  std::optional<bool> known(unsigned table, std::string_view key) const {
    auto t = known_.find(table);
    if (t == known_.end()) return std::nullopt;
    auto k = t->second.find(key);
    return k == t->second.end() ? std::nullopt : std::optional(k->second);
  }
  // Sends the held writes as one statement. A failure aborts the transaction: nothing it
  // wrote is stored, and the error names the tables and statements of the batch.
  void flush() {
    if (batch_.empty()) return;
    live();
    PgWriteBatch::Statement s = batch_.statement(
        [this](unsigned id) -> const std::string& { return engine_.tableSql(id); });
    std::vector<pqxx::binarystring> params;
    for (const std::string& p : s.params) params.push_back(bytes(p));
    try {
      exec(engine_.batchStatement(s.shape), s.sql, pqxx::prepare::make_dynamic_params(params));
    } catch (const std::exception& e) {
      work_.reset();  // rolls back
      batch_.clear();
      throw std::runtime_error("PostgreSQL " + engine_.describe() + ": " + s.what +
                               " failed, the transaction is rolled back: " + e.what());
    }
    batch_.forEach([this](unsigned table, const std::string& key, bool present) {
      known_[table][key] = present;
    });
    batch_.clear();
  }
  // Values stay valid until the transaction ends, as LMDB's do.
  std::string_view keep(const pqxx::binarystring& b) {
    return arena_.emplace_back(b.get(), b.size());
  }
  void release() {
    // A connection whose transaction failed mid-way is dropped, not reused.
    if (conn_ && conn_->conn.is_open())
      engine_.give(std::move(conn_));
    else if (conn_)
      engine_.give(nullptr);
  }

  PgEngine& engine_;
  const bool write_;
  std::unique_ptr<PgConnection> conn_;
  std::unique_ptr<pqxx::transaction_base> work_;
  std::deque<std::string> arena_;
  PgWriteBatch batch_;  // held writes (write transactions)
  // Whether keys this write read or wrote are there: a write's keys are its own until it
  // ends (its lock, store/kv.h), so a delete of one needs no round trip to know.
  std::map<unsigned, std::map<std::string, bool, std::less<>>> known_;
};

}  // namespace

bool isPostgresUrl(const std::string& text) {
  return text.rfind("postgres://", 0) == 0 || text.rfind("postgresql://", 0) == 0;
}

PgEngine::PgEngine(const std::string& url, size_t maxConnections)
    : url_(url), shown_(withoutPassword(url)), maxConnections_(maxConnections) {
  give(take());  // fails now, with a clear message, when the database cannot be reached
}

PgEngine::~PgEngine() {
  unlisten();
}

std::unique_ptr<store::kv::TxnImpl> PgEngine::begin(bool write) {
  return std::make_unique<PgTxn>(*this, write ? PgTxn::kWrite : PgTxn::kRead);
}

std::unique_ptr<store::kv::TxnImpl> PgEngine::beginSide() {
  return std::make_unique<PgTxn>(*this, PgTxn::kSide);
}

int64_t PgEngine::bytes() {
  PgTxn txn(*this, PgTxn::kRead);
  return txn.query("SELECT pg_database_size(current_database())").at(0).at(0).as<int64_t>();
}

std::unique_ptr<store::kv::TxnImpl> PgEngine::beginScoped(const std::vector<std::string>& scope) {
  return std::make_unique<PgTxn>(*this, PgTxn::kWrite, scope);
}

long long PgEngine::scopeLock(std::string_view key) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : key) h = (h ^ c) * 0x100000001b3ull;
  long long k = static_cast<long long>(h);
  return k == kWriterLock || k == kSideLock ? k + 1 : k;
}

void PgEngine::unlisten() {
  stopping_ = true;
  if (listener_.joinable()) listener_.join();
}

std::unique_ptr<PgConnection> PgEngine::take() {
  {
    std::unique_lock lock(mu_);
    freed_.wait(lock, [&] { return !idle_.empty() || open_ < maxConnections_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
  }
  try {
    return std::make_unique<PgConnection>(url_);
  } catch (const std::exception& e) {
    give(nullptr);
    throw InputError("cannot reach the database " + shown_ + ": " + e.what());
  }
}

void PgEngine::give(std::unique_ptr<PgConnection> c) {
  {
    std::lock_guard lock(mu_);
    if (c)
      idle_.push_back(std::move(c));
    else
      --open_;
  }
  freed_.notify_one();
}

unsigned PgEngine::tableId(const std::string& name) {
  std::lock_guard lock(mu_);
  auto [it, added] = tableIds_.emplace(name, unsigned(tableSql_.size()));
  if (added) {
    std::string sql = "rs_";
    for (char ch : name) sql += (ch == '-' ? '_' : ch);
    tableSql_.push_back("\"" + sql + "\"");
  }
  return it->second;
}

const std::string& PgEngine::tableSql(unsigned id) {
  std::lock_guard lock(mu_);
  return tableSql_.at(id);
}

std::string PgEngine::batchStatement(const std::string& shape) {
  std::lock_guard lock(mu_);
  auto [it, added] = batchShapes_.emplace(shape, unsigned(batchShapes_.size()));
  return "rs_w" + std::to_string(it->second);
}

void PgEngine::listen(const std::string& channel, std::function<void(const std::string&)> wake) {
  assert(!listener_.joinable() && "listen once per engine");
  struct Receiver : pqxx::notification_receiver {
    Receiver(pqxx::connection_base& c, const std::string& channel,
             const std::function<void(const std::string&)>& wake)
        : pqxx::notification_receiver(c, channel), wake_(wake) {}
    void operator()(const std::string& payload, int) override { wake_(payload); }
    std::function<void(const std::string&)> wake_;
  };
  struct Listening {
    std::unique_ptr<pqxx::connection> conn;
    std::unique_ptr<Receiver> receiver;
  };
  auto connect = [this, channel, wake] {
    Listening l;
    l.conn = std::make_unique<pqxx::connection>(url_);
    l.receiver = std::make_unique<Receiver>(*l.conn, channel, wake);
    l.conn->get_notifs();  // sends LISTEN
    return l;
  };
  // Connected here, so that a notification sent after listen() returns is received.
  auto first = std::make_shared<Listening>(connect());
  listener_ = std::thread([this, first, connect] {
    Listening l = std::move(*first);
    while (!stopping_) {
      try {
        if (!l.conn) l = connect();
        l.conn->await_notification(0, 200000);  // 200 ms, to notice stopping
      } catch (const std::exception&) {
        // The database went away: connect again shortly. Waiting pulls still end at their
        // deadline and see the changes then.
        l.receiver.reset();
        l.conn.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      }
    }
  });
}

}  // namespace rs::server
