#include "pg_engine.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <cassert>
#include <deque>
#include <regex>

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

// Rows a scan fetches at a time: a visitor usually stops after a few (a page of a pull).
constexpr int kScanBatch = 256;

class PgTxn : public store::kv::TxnImpl {
 public:
  enum Kind { kRead, kWrite, kSide };
  // A write with an empty `scope` is unscoped (store/kv.h).
  PgTxn(PgEngine& engine, Kind kind, const std::vector<std::string>& scope = {})
      : engine_(engine), write_(kind == kWrite), conn_(engine.take()) {
    try {
      if (kind == kSide) {
        // Beside the writer lock, without the commit's flush (kv::Engine::beginSide).
        work_ = std::make_unique<pqxx::transaction<pqxx::read_committed>>(*conn_);
        work_->exec("SET LOCAL synchronous_commit TO OFF");
        work_->exec_params("SELECT pg_advisory_xact_lock($1)", PgEngine::kSideLock);
      } else if (kind == kWrite) {
        work_ = std::make_unique<pqxx::transaction<pqxx::read_committed>>(*conn_);
        if (scope.empty()) {
          work_->exec_params("SELECT pg_advisory_xact_lock($1)", PgEngine::kWriterLock);
        } else {
          work_->exec_params("SELECT pg_advisory_xact_lock_shared($1)", PgEngine::kWriterLock);
          std::vector<long long> keys;
          for (const std::string& k : scope) keys.push_back(PgEngine::scopeLock(k));
          std::sort(keys.begin(), keys.end());
          keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
          std::string array = "{";
          for (long long k : keys) array += (array.size() > 1 ? "," : "") + std::to_string(k);
          // In ascending order: the sorted subquery feeds the aggregate row by row.
          work_->exec_params(
              "SELECT count(pg_advisory_xact_lock(k)) FROM"
              " (SELECT unnest($1::bigint[]) AS k ORDER BY 1) AS sorted",
              array + "}");
        }
      } else {
        work_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(*conn_);
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
      work_->exec("CREATE TABLE IF NOT EXISTS " + engine_.tableSql(id) +
                  " (k bytea PRIMARY KEY, v bytea NOT NULL)");
    return id;
  }
  std::optional<std::string_view> get(unsigned table, std::string_view key) override {
    pqxx::result r = work_->exec_params(
        "SELECT v FROM " + engine_.tableSql(table) + " WHERE k = $1", bytes(key));
    if (r.empty()) return std::nullopt;
    return keep(pqxx::binarystring(r[0][0]));
  }
  void put(unsigned table, std::string_view key, std::string_view value) override {
    work_->exec_params("INSERT INTO " + engine_.tableSql(table) +
                           " (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v",
                       bytes(key), bytes(value));
  }
  bool del(unsigned table, std::string_view key) override {
    return work_
               ->exec_params("DELETE FROM " + engine_.tableSql(table) + " WHERE k = $1", bytes(key))
               .affected_rows() > 0;
  }
  void scanFrom(unsigned table, std::string_view start, const store::kv::Visitor& visit) override {
    const std::string& t = engine_.tableSql(table);
    std::string from(start);
    bool inclusive = true;
    while (true) {
      pqxx::result r =
          work_->exec_params("SELECT k, v FROM " + t + " WHERE k " + (inclusive ? ">=" : ">") +
                                 " $1 ORDER BY k LIMIT " + std::to_string(kScanBatch),
                             bytes(from));
      for (const auto& row : r) {
        std::string_view k = keep(pqxx::binarystring(row[0]));
        std::string_view v = keep(pqxx::binarystring(row[1]));
        if (!visit(k, v)) return;
        from = std::string(k);
      }
      if (r.size() < size_t(kScanBatch)) return;
      inclusive = false;
    }
  }
  void notify(std::string_view channel, std::string_view payload) override {
    work_->exec_params("SELECT pg_notify($1, $2)", std::string(channel), std::string(payload));
  }
  void commit() override { work_->commit(); }
  pqxx::result query(const std::string& sql) { return work_->exec(sql); }

 private:
  // Values stay valid until the transaction ends, as LMDB's do.
  std::string_view keep(const pqxx::binarystring& b) {
    return arena_.emplace_back(b.get(), b.size());
  }
  void release() {
    // A connection whose transaction failed mid-way is dropped, not reused.
    if (conn_ && conn_->is_open())
      engine_.give(std::move(conn_));
    else if (conn_)
      engine_.give(nullptr);
  }

  PgEngine& engine_;
  const bool write_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::transaction_base> work_;
  std::deque<std::string> arena_;
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

std::unique_ptr<pqxx::connection> PgEngine::take() {
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
    return std::make_unique<pqxx::connection>(url_);
  } catch (const std::exception& e) {
    give(nullptr);
    throw InputError("cannot reach the database " + shown_ + ": " + e.what());
  }
}

void PgEngine::give(std::unique_ptr<pqxx::connection> c) {
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
