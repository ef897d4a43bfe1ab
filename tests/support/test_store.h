// Which server store engine a test runs against (issue 16 item 3). A suite registered with
// rs_add_server_test_suite(... ENGINES lmdb postgres) runs its tests twice; the postgres
// run has RS_TEST_STORE=postgres; the state folder of the cluster tests/support/pg_cluster.sh
// started (the ctest fixture pg_cluster) is RS_TEST_PG_CLUSTER, else the build's
// RS_PG_CLUSTER_STATE.
#pragma once

#include <string>
#include <vector>

namespace rs::test {

// True when this run is against PostgreSQL.
bool testingPostgres();

// The reportsync-server arguments naming a test's store, whose LMDB data folder would be
// `dataDir`: {"--data", dataDir}, or on PostgreSQL {"--store", URL} of a database of its
// own, created empty the first time this process asks for `dataDir`. A `dataDir` that is a
// PostgreSQL URL gives {"--store", dataDir} whatever the run.
std::vector<std::string> storeArgs(const std::string& dataDir);

// A new empty database of the test cluster (whatever the run's engine), as a URL.
std::string freshPostgresDatabase();

// The path of a PostgreSQL program (pg_dump, pg_restore, psql) of the test cluster's
// installation.
std::string pgTool(const std::string& name);

// `server admin --data DIR ARGS...`, or `server admin --store URL ARGS...` on PostgreSQL.
std::vector<std::string> adminCommand(const std::string& server, const std::string& dataDir,
                                      const std::vector<std::string>& args);

}  // namespace rs::test
