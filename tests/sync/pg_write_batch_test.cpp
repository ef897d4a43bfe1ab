// PostgreSQL's held writes (sync-server/pg_engine.h, pg_write_batch.h): a write
// transaction's puts, deletes and notifications go to the database as one statement, at
// commit or before a scan; reads inside the transaction still see its own writes; a batch
// that fails stores nothing and says which table and statement failed. Statements are
// counted by PostgreSQL itself (pg_stat_statements, loaded by tests/support/pg_cluster.sh).
#include <doctest/doctest.h>

#include <pqxx/pqxx>

#include "../support/test_store.h"
#include "pg_engine.h"
#include "pg_statement_counts.h"
#include "store/kv.h"

using namespace rs;
using store::kv::Table;
using store::kv::Txn;

namespace {

struct Store {
  std::string url = test::freshPostgresDatabase();
  server::PgEngine engine{url};
  Table table, other;
  Store() {
    Txn t(engine, Txn::kWrite);
    table = Table::open(t, "batch-test");
    other = Table::open(t, "batch-other");
    t.commit();
  }
  // Every key and value of `t` in a read transaction of its own, "k=v;..." in key order.
  std::string committed(const Table& t) {
    Txn read(engine, Txn::kRead);
    return seen(read, t);
  }
  static std::string seen(Txn& txn, const Table& t) {
    std::string all;
    t.scanPrefix(txn, "", [&](std::string_view k, std::string_view v) {
      all += std::string(k) + "=" + std::string(v.size() > 16 ? "(long)" : v) + ";";
      return true;
    });
    return all;
  }
  void sql(const std::string& text) {
    pqxx::connection c(url);
    pqxx::work w(c);
    w.exec(text);
    w.commit();
  }
  // Calls of statements whose text contains `part` since resetCounts().
  long calls(const std::string& part) { return counts.calls(part); }
  void resetCounts() { counts.reset(); }
  test::PgStatementCounts counts{url};
};

}  // namespace

TEST_CASE("a write transaction reads its own held puts and deletes, by get and by scan") {
  Store s;
  {
    Txn t(s.engine, Txn::kWrite);
    s.table.put(t, "a", "old-a");
    s.table.put(t, "c", "old-c");
    s.table.put(t, "d", "old-d");
    t.commit();
  }
  Txn t(s.engine, Txn::kWrite);
  s.table.put(t, "b", "new-b");
  s.table.put(t, "a", "new-a");
  CHECK(s.table.get(t, "a") == "new-a");
  CHECK(s.table.get(t, "b") == "new-b");
  CHECK(s.table.get(t, "c") == "old-c");
  CHECK(Store::seen(t, s.table) == "a=new-a;b=new-b;c=old-c;d=old-d;");
  // Deletes: of a key put here, of a stored key read here, of one never read here.
  s.table.put(t, "e", "new-e");
  CHECK(s.table.del(t, "e"));
  CHECK_FALSE(s.table.get(t, "e"));
  CHECK(s.table.get(t, "c") == "old-c");
  CHECK(s.table.del(t, "c"));
  CHECK_FALSE(s.table.get(t, "c"));
  CHECK_FALSE(s.table.del(t, "c"));
  CHECK(s.table.del(t, "d"));
  CHECK_FALSE(s.table.del(t, "d"));
  CHECK_FALSE(s.table.del(t, "never"));
  // A value returned before an overwrite stays valid (store/kv.h), as on LMDB.
  std::string_view before = *s.table.get(t, "b");
  s.table.put(t, "b", "newer-b");
  CHECK(before == "new-b");
  s.table.put(t, "c", "again-c");
  CHECK(Store::seen(t, s.table) == "a=new-a;b=newer-b;c=again-c;");
  // Past the held bytes' limit (4 MiB) the batch goes early: still one transaction.
  std::string big(5 << 20, 'x');
  s.other.put(t, "big", big);
  s.other.put(t, "small", "s");
  CHECK(s.other.get(t, "big")->size() == big.size());
  CHECK(s.committed(s.table) == "a=old-a;c=old-c;d=old-d;");  // nothing seen outside yet
  CHECK(s.committed(s.other) == "");
  t.commit();
  CHECK(s.committed(s.table) == "a=new-a;b=newer-b;c=again-c;");
  CHECK(s.committed(s.other) == "big=(long);small=s;");
}

TEST_CASE("a write transaction's puts, deletes and notification go as one statement") {
  Store s;
  {
    Txn t(s.engine, Txn::kWrite);
    for (int i = 0; i < 5; ++i) s.other.put(t, "gone" + std::to_string(i), "v");
    t.commit();
  }
  s.resetCounts();
  Txn t(s.engine, {"report:A"});
  for (int i = 0; i < 40; ++i) s.table.put(t, "k" + std::to_string(i), "v" + std::to_string(i));
  for (int i = 0; i < 5; ++i) CHECK(s.other.get(t, "gone" + std::to_string(i)));
  for (int i = 0; i < 5; ++i) CHECK(s.other.del(t, "gone" + std::to_string(i)));
  t.impl().notify("rs_batch_test", "A 40");
  t.commit();
  // One statement wrote both tables and notified; the gets were one prepared statement.
  CHECK(s.calls("INSERT INTO \"rs_batch_test\"") == 1);
  CHECK(s.calls("DELETE FROM \"rs_batch_other\"") == 1);
  CHECK(s.calls("pg_notify") == 1);
  CHECK(s.calls("SELECT v FROM \"rs_batch_other\" WHERE k = $1") == 5);
  CHECK(s.committed(s.other) == "");
  CHECK(s.committed(s.table).size() > 40 * 6);
}

TEST_CASE("a multi-key get is one statement and sees the transaction's own writes") {
  Store s;
  {
    Txn t(s.engine, Txn::kWrite);
    for (const char* k : {"a", "c", "d"}) s.table.put(t, k, std::string("old-") + k);
    t.commit();
  }
  const std::vector<std::string> keys = {"a", "b", "c", "x", "d", "a"};
  auto text = [](const std::vector<std::optional<std::string_view>>& values) {
    std::string all;
    for (const auto& v : values) all += (v ? std::string(*v) : "-") + ";";
    return all;
  };
  s.resetCounts();
  {
    Txn read(s.engine, Txn::kRead);
    CHECK(text(s.table.getMany(read, keys)) == "old-a;-;old-c;-;old-d;old-a;");
  }
  CHECK(s.calls("WHERE k = ANY") == 1);
  CHECK(s.calls("SELECT v FROM \"rs_batch_test\" WHERE k = $1") == 0);
  Txn t(s.engine, Txn::kWrite);
  s.table.put(t, "b", "new-b");
  CHECK(s.table.del(t, "c"));
  CHECK(text(s.table.getMany(t, keys)) == "old-a;new-b;-;-;old-d;old-a;");
  // Nothing asked of the database when the held writes answer every key.
  CHECK(text(s.table.getMany(t, {"b", "c"})) == "new-b;-;");
  CHECK(s.calls("WHERE k = ANY") == 2);
  // The keys it read are known: a delete of one needs no statement of its own (the one
  // so far deleted "c", not read before).
  CHECK(s.table.del(t, "d"));
  CHECK_FALSE(s.table.del(t, "x"));
  t.commit();
  CHECK(s.calls("DELETE FROM \"rs_batch_test\" WHERE k = $1") == 1);
  CHECK(s.committed(s.table) == "a=old-a;b=new-b;");
}

TEST_CASE("a batch of writes that fails partway stores nothing and names the table and statement") {
  Store s;
  {
    Txn t(s.engine, Txn::kWrite);
    s.table.put(t, "a", "old-a");
    s.other.put(t, "x", "old-x");
    t.commit();
  }
  // A limit PostgreSQL enforces on the table: its third record goes over it.
  s.sql("ALTER TABLE \"rs_batch_test\" ADD CONSTRAINT short_values CHECK (length(v) <= 16)");
  SUBCASE("at commit") {
    Txn t(s.engine, {"report:A"});
    s.other.put(t, "x", "new-x");
    s.table.put(t, "a", "new-a");
    s.table.put(t, "b", "fits");
    s.table.put(t, "c", std::string(100, 'c'));
    s.table.put(t, "d", "fits too");
    CHECK(s.table.get(t, "c")->size() == 100);  // held: not sent yet
    std::string error;
    try {
      t.commit();
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
    CHECK(error.find("INSERT ... ON CONFLICT DO UPDATE of 4 records into \"rs_batch_test\"") !=
          std::string::npos);
    CHECK(error.find("short_values") != std::string::npos);  // PostgreSQL's reason
    CHECK(error.find("rolled back") != std::string::npos);
  }
  SUBCASE("before a scan, and nothing after it goes") {
    Txn t(s.engine, Txn::kWrite);
    s.other.put(t, "x", "new-x");
    s.table.put(t, "c", std::string(100, 'c'));
    CHECK_THROWS_WITH_AS(Store::seen(t, s.table),
                         doctest::Contains("records into \"rs_batch_test\""), std::runtime_error);
    CHECK_THROWS_WITH_AS(s.table.put(t, "e", "e"), doctest::Contains("aborted"),
                         std::runtime_error);
    CHECK_THROWS_WITH_AS(t.commit(), doctest::Contains("aborted"), std::runtime_error);
  }
  CHECK(s.committed(s.table) == "a=old-a;");
  CHECK(s.committed(s.other) == "x=old-x;");
  // The engine's connections are fine afterwards.
  Txn t(s.engine, Txn::kWrite);
  s.table.put(t, "a", "after");
  t.commit();
  CHECK(s.committed(s.table) == "a=after;");
}

TEST_CASE("a scan pages through a table, growing its pages, in key order") {
  Store s;
  std::string expected;
  {
    Txn t(s.engine, Txn::kWrite);
    for (int i = 0; i < 700; ++i) {
      char key[8];
      std::snprintf(key, sizeof key, "k%04d", i);
      s.table.put(t, key, "v");
      if (i >= 5) expected += std::string(key) + ";";
    }
    t.commit();
  }
  Txn t(s.engine, Txn::kRead);
  std::string seen;
  s.table.scanFrom(t, "k0005", [&](std::string_view k, std::string_view) {
    seen += std::string(k) + ";";
    return true;
  });
  CHECK(seen == expected);  // pages of 8, 32, 128, 256, 256 and the last one's rest
  int visited = 0;
  s.table.scanFrom(t, "k0100",
                   [&](std::string_view k, std::string_view) { return ++visited < 20; });
  CHECK(visited == 20);
}
