// The statements a request costs PostgreSQL (issue 16): a pull reads the verified users
// of its page's actors in one statement (kv::Table::getMany), not one per actor, on the
// real server binary and CLI. Counted by PostgreSQL itself (pg_statement_counts.h).
#include <doctest/doctest.h>

#include "../support/department.h"
#include "pg_statement_counts.h"

using rs::test::Cli;
using rs::test::contains;
using rs::test::Department;

TEST_CASE("a pull reads its page's verified actors in one statement, not one per actor") {
  Department d;
  std::string id = d.setUpReport();
  // Six actors with changes: the three people's profiles and three more of zhang's.
  std::vector<Cli> laptops;
  for (int i = 0; i < 3; ++i) laptops.push_back(Cli{d.dir.sub("laptop" + std::to_string(i))});
  for (const Cli& c : laptops) {
    d.login(c, "zhang");
    c.ok({"join", id});
  }
  d.office.ok({"edit", id, "2", "--insert", "0", "办公室"});
  d.zhang.ok({"edit", id, "1.1", "--insert", "0", "张三"});
  d.li.ok({"edit", id, "7", "--insert", "0", "李四"});
  for (size_t i = 0; i < laptops.size(); ++i) {
    laptops[i].ok({"edit", id, "1.1", "--insert", "0", "笔记本" + std::to_string(i)});
    laptops[i].ok({"sync"});
  }
  d.syncAll();

  rs::test::PgStatementCounts counts{rs::test::storeArgs(d.data)[1]};
  counts.reset();
  Cli fresh{d.dir.sub("fresh")};
  d.login(fresh, "li");
  fresh.ok({"join", id});
  long reads = counts.calls("FROM \"rs_verified_actors\"");
  long pulls = counts.calls("FROM \"rs_spans\"");
  INFO("statements on rs_verified_actors: " << reads << ", on rs_spans: " << pulls);
  // A statement per pull page and per /actors call, whatever the number of actors (one
  // per actor each time before: 6 or more for the page holding the edits alone).
  CHECK(counts.calls("SELECT v FROM \"rs_verified_actors\" WHERE k = $1") == 0);
  CHECK(reads >= 1);
  CHECK(reads < 6);
  // And the bindings still arrive: every edit shows its verified user.
  std::string history = fresh.ok({"history", id});
  CHECK_FALSE(contains(history, "未验证"));
  for (const char* text : {"  office  ", "  zhang  ", "  li  "}) CHECK(contains(history, text));
}
