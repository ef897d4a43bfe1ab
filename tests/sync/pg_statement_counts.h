// The statements PostgreSQL ran on one database, as its pg_stat_statements counts them
// (loaded by tests/support/pg_cluster.sh): for tests that prove how many statements the
// store's engine sends (pg_write_batch_test.cpp, pg_statements_test.cpp).
#pragma once

#include <pqxx/pqxx>

#include <string>

namespace rs::test {

struct PgStatementCounts {
  std::string url;  // the database's

  // Zeroes this database's counts, and only its: other tests share the cluster.
  void reset() const {
    pqxx::connection c(url);
    pqxx::work w(c);
    w.exec("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    w.exec(
        "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname ="
        " current_database()), 0)");
    w.commit();
  }
  // Calls of this database's statements whose text contains `part`, since reset().
  long calls(const std::string& part) const {
    pqxx::connection c(url);
    pqxx::work w(c);
    return w
        .exec_params1(
            "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            " WHERE dbid = (SELECT oid FROM pg_database WHERE datname ="
            " current_database()) AND strpos(query, $1) > 0",
            part)[0]
        .as<long>();
  }
};

}  // namespace rs::test
