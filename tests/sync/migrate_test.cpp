// `admin migrate --from DIR --to postgres://...` (issue 16 item 2): a county's LMDB store
// holding the sample and a few hundred changes moves into PostgreSQL, verified by counts
// and fingerprints; a server on the database then serves the same history to the same
// clients. Registered as "postgres:" with the servers' store on LMDB (the migration's
// source) and the test cluster's database as the target.
#include <doctest/doctest.h>

#include <string>

#include "../support/department.h"
#include "../support/test_store.h"
#include "server_fixture.h"

using namespace rs::test;


TEST_CASE("migrate copies an LMDB store into PostgreSQL, verified, and clients carry on") {
  Department d;
  std::string id = d.setUpReport();
  for (int k = 0; k < 150; ++k) {
    d.zhang.ok({"edit", id, "1.1", "--insert", "0", "[z" + std::to_string(k) + "]"});
    d.li.ok({"edit", id, "7", "--insert", "0", "[l" + std::to_string(k) + "]"});
  }
  d.zhang.ok({"sync"});
  d.li.ok({"sync"});
  d.office.ok({"sync"});
  std::string before = d.office.ok({"show", id, "--json"});
  d.server->stop();

  std::string url = freshPostgresDatabase();
  auto r = runProcess({RS_SERVER_PATH, "admin", "migrate", "--from", d.data, "--to", url});
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(contains(r.out, "counts and fingerprints verified"));
  CHECK(contains(r.out, "spans\t"));
  CHECK(contains(r.out, "users\t3 records"));

  // Into a database that holds a store already: refused, nothing changed.
  auto again = runProcess({RS_SERVER_PATH, "admin", "migrate", "--from", d.data, "--to", url});
  CHECK(again.exitCode == 2);
  CHECK(contains(again.err, "already holds a reportsync store"));

  // A server on the database: the same history (id and sequences), so clients go on with
  // their cursors, and new work flows.
  ServerProcess pg(RS_SERVER_PATH, url);
  for (auto [cli, user] : {std::pair{&d.office, "office"}, {&d.zhang, "zhang"}, {&d.li, "li"}})
    cli->ok({"login", pg.url(), user, "--password-stdin"}, kPassword + "\n");
  d.zhang.ok({"edit", id, "1.1", "--insert", "0", "迁移之后"});
  d.zhang.ok({"sync"});
  d.office.ok({"sync"});
  d.li.ok({"sync"});
  std::string after = d.office.ok({"show", id, "--json"});
  CHECK(after != before);
  CHECK(contains(after, "迁移之后"));
  CHECK(d.li.ok({"show", id, "--json"}) == after);
  std::string text = d.li.ok({"show", id, "--section", "1.1"});
  for (int k = 0; k < 150; ++k) REQUIRE(occurrences(text, "[z" + std::to_string(k) + "]") == 1);
}
