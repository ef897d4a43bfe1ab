// The server's data restored from an older backup: clients notice the new history, read
// it from the start and send back every edit the backup lacks. On LMDB the backup and
// restore are `admin backup` and `admin restore` of the data folder; on PostgreSQL they are
// PostgreSQL's own (pg_dump while serving, pg_restore with the server stopped) followed by
// `admin restored`, which gives the restored history a new identity.
#include <doctest/doctest.h>

#include <filesystem>

#include "server_fixture.h"

using namespace rs::test;

namespace {

void runOk(const std::vector<std::string>& command) {
  auto r = runProcess(command);
  INFO(command[0], r.err);
  REQUIRE(r.exitCode == 0);
}

}  // namespace

TEST_CASE("a server restored from backup gets back every edit from its clients") {
  OfficeAndZhang p;
  p.type(p.zhang, "1", 0, 3);
  p.type(p.office, "2", 100, 103);
  p.zhang.ok({"sync"});
  p.office.ok({"sync"});
  p.zhang.ok({"sync"});

  std::string backup = p.dir.sub("backup.mdb");
  const std::string url = storeArgs(p.data)[1];  // the data folder, or the database
  if (testingPostgres()) {
    runOk({pgTool("pg_dump"), "--format=custom", "--file=" + backup, url});
  } else {
    // A backup taken while the server serves: a consistent copy through LMDB.
    auto b = runProcess({RS_SERVER_PATH, "admin", "backup", "--data", p.data, "--out", backup});
    INFO(b.err);
    REQUIRE(b.exitCode == 0);
    // Taken again to the same file (a nightly job): the older copy is replaced whole.
    auto again = runProcess({RS_SERVER_PATH, "admin", "backup", "--data", p.data, "--out", backup});
    CHECK(again.exitCode == 0);
    CHECK(runProcess({RS_SERVER_PATH, "admin", "backup", "--data", p.dir.sub("nothing"), "--out",
                      p.dir.sub("x.mdb")})
              .exitCode == 2);  // no server data there
  }

  // More work after the backup, by both, synced everywhere.
  p.type(p.zhang, "1", 3, 6);
  p.type(p.office, "2", 103, 106);
  p.zhang.ok({"sync"});
  p.office.ok({"sync"});
  p.zhang.ok({"sync"});

  int port = p.server->port();
  if (testingPostgres()) {
    p.server->stop();
    runOk({pgTool("pg_restore"), "--clean", "--if-exists", "--dbname=" + url, backup});
    runOk(adminCommand(RS_SERVER_PATH, p.data, {"restored"}));
  } else {
    // Restoring under a running server is refused and changes nothing.
    auto refused =
        runProcess({RS_SERVER_PATH, "admin", "restore", "--data", p.data, "--from", backup});
    CHECK(refused.exitCode == 2);
    CHECK(refused.err.find("stop it first") != std::string::npos);
    CHECK(runProcess({RS_SERVER_PATH, "admin", "restore", "--data", p.data, "--from",
                      p.data + "/server.lock"})
              .exitCode == 2);  // not a backup (and refused while serving)

    p.server->stop();
    std::string junk = p.dir.sub("junk");
    writeFile(junk, std::string(8192, 'x'));
    auto bad = runProcess({RS_SERVER_PATH, "admin", "restore", "--data", p.data, "--from", junk});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.find("not a reportsync-server backup") != std::string::npos);
    auto r = runProcess({RS_SERVER_PATH, "admin", "restore", "--data", p.data, "--from", backup});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
  }
  p.server->start(port);

  // Every client syncs (twice: each re-sends the others' edits only once their authors
  // have sent them back).
  for (int round = 0; round < 2; ++round) {
    p.zhang.run({"sync"});
    p.office.run({"sync"});
  }
  p.zhang.ok({"sync"});
  p.office.ok({"sync"});

  // A new store reads the server alone: every edit is there.
  Cli fresh{p.dir.sub("fresh")};
  p.login(fresh, "office");
  fresh.ok({"join", p.id});
  fresh.ok({"sync"});
  std::string text = fresh.ok({"show", p.id});
  for (int k : {0, 1, 2, 3, 4, 5, 100, 101, 102, 103, 104, 105})
    CHECK_MESSAGE(occurrences(text, "[" + std::to_string(k) + "]") == 1, "marker " << k);
  CHECK(fresh.ok({"show", p.id, "--json"}) == p.office.ok({"show", p.id, "--json"}));
  CHECK(p.zhang.ok({"show", p.id, "--json"}) == p.office.ok({"show", p.id, "--json"}));
  CHECK(occurrences(p.zhang.ok({"list"}), "unsynced 0") == 1);
  CHECK(occurrences(p.office.ok({"list"}), "unsynced 0") == 1);
}
