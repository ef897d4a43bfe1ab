// Issue 15: the server as the package runs it: options from /etc/reportsync/server.conf
// (--config), overridden by the command line; a malformed file refused by file and line;
// a store written by a newer server refused untouched; an older store's schema recorded.
// The real server binary.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "../support/run_process.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "core/server_connection.h"
#include "run_store.h"
#include "store_migrate.h"

using namespace rs::test;

namespace {

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

void addUser(const std::string& data) {
  auto r = runProcess(adminCommand(RS_SERVER_PATH, data,
                                   {"add-user", "office", "--role", "member", "--password-stdin"}),
                      "office-password-1\n");
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
}

// The store's meta "schema" value, or "" when none is recorded; or sets it ("" removes it).
std::string schemaOf(const std::string& data, const std::string* set = nullptr) {
  auto engine = openRunEngine(data);
  rs::store::kv::Txn txn(*engine, set ? rs::store::kv::Txn::kWrite : rs::store::kv::Txn::kRead);
  auto meta = rs::store::kv::Table::open(txn, "meta");
  std::string value;
  if (set && set->empty()) {
    meta.del(txn, "schema");
  } else if (set) {
    meta.put(txn, "schema", *set);
    value = *set;
  } else if (auto v = meta.get(txn, "schema")) {
    value = std::string(*v);
  }
  txn.commit();
  return value;
}

// Every record of the store, as fingerprints of its tables.
std::vector<rs::server::TableFingerprint> contents(const std::string& data) {
  auto engine = openRunEngine(data);
  std::vector<std::string> tables = {"meta", "users", "sessions", "reports", "spans", "actors"};
  return rs::server::fingerprints(*engine, tables);
}

}  // namespace

TEST_CASE("--config: a file's options apply and the command line overrides them") {
  TempDir dir;
  std::string data = dir.sub("data"), conf = dir.sub("server.conf");
  addUser(data);
  // The file names an address that cannot be bound and a 1 MiB body limit; ServerProcess
  // gives --listen 127.0.0.1:0 after --config, so the server starts on loopback.
  writeFile(conf, "# as in /etc/reportsync/server.conf\nlisten = 192.0.2.1:9\n\nmax-body-mb = 1\n");
  ServerProcess server(RS_SERVER_PATH, data, {"--config", conf});
  rs::core::ServerConnection c(server.url(), "");
  CHECK(c.limits().maxBodyBytes == size_t(1) << 20);
}

TEST_CASE("--config: a malformed file is refused, naming the file and line") {
  TempDir dir;
  std::string data = dir.sub("data"), conf = dir.sub("server.conf");
  for (const char* bad : {"listen 127.0.0.1:8765\n", "# ok\nLISTEN = x\n", "config = other\n",
                          "bogus-option = 1\n"}) {
    writeFile(conf, bad);
    auto r =
        runProcess({RS_SERVER_PATH, "--config", conf, "--data", data, "--listen", "127.0.0.1:0"});
    INFO(bad, r.err);
    CHECK(r.exitCode == 2);
    CHECK((contains(r.err, conf + ":") || contains(r.err, "unknown option --bogus-option")));
  }
  auto missing = runProcess({RS_SERVER_PATH, "--config", dir.sub("none.conf"), "--data", data,
                             "--listen", "127.0.0.1:0"});
  CHECK(missing.exitCode == 2);
  CHECK(contains(missing.err, "cannot read the configuration file"));
}

TEST_CASE("a second server on a port already served is refused, and the first keeps serving") {
  // Before, httplib's SO_REUSEPORT let the second bind the same port: the kernel shared the
  // connections between the two, and half of a client's requests met the other's sessions.
  TempDir dir;
  std::string first = dir.sub("first"), second = dir.sub("second");
  addUser(first);
  ServerProcess server(RS_SERVER_PATH, first);
  const std::string listen = "127.0.0.1:" + std::to_string(server.port());
  // `timeout`: a second server that did bind would serve until stopped (exit 124).
  auto r =
      runProcess({"/usr/bin/timeout", "10", RS_SERVER_PATH, "--data", second, "--listen", listen});
  INFO(r.out, r.err);
  CHECK(r.exitCode != 0);
  CHECK(r.exitCode != 124);
  CHECK(contains(r.err, "cannot listen on " + listen));
  rs::core::ServerConnection c(server.url(), "");
  CHECK(c.login("office", "office-password-1").token.size() > 0);
}

TEST_CASE("a store written by a newer server is refused untouched, an older one is upgraded") {
  TempDir dir;
  std::string data = dir.sub("data");
  addUser(data);
  CHECK(schemaOf(data) == "4");

  // As left by a store made before the schema was recorded: upgraded on open.
  std::string none = "";
  schemaOf(data, &none);
  CHECK(schemaOf(data) == "");
  { ServerProcess server(RS_SERVER_PATH, data); }
  CHECK(schemaOf(data) == "4");
  // Schema 1 (before reviewers' comments), 2 (before spans) and 3 (before span-ids):
  // upgraded to 4.
  for (std::string old : {"1", "2", "3"}) {
    schemaOf(data, &old);
    { ServerProcess server(RS_SERVER_PATH, data); }
    CHECK(schemaOf(data) == "4");
  }

  std::string newer = "99";
  schemaOf(data, &newer);
  auto before = contents(data);
  // On LMDB the file itself stays as it was, byte for byte.
  std::string file = testingPostgres() ? "" : readFile(data + "/data.mdb");
  std::vector<std::string> serve = {RS_SERVER_PATH, "--listen", "127.0.0.1:0"};
  for (const std::string& a : storeArgs(data)) serve.push_back(a);
  auto r = runProcess(serve);
  CHECK(r.exitCode == 2);
  CHECK(contains(r.err, "newer reportsync-server (schema 99"));
  auto a = runProcess(adminCommand(RS_SERVER_PATH, data, {"sessions"}));
  CHECK(a.exitCode == 2);
  CHECK(contents(data) == before);
  if (!testingPostgres()) CHECK(readFile(data + "/data.mdb") == file);
}

TEST_CASE(
    "a restore that cannot be done is refused, the store untouched: a backup written by a "
    "newer server, or on PostgreSQL any (pg_dump and pg_restore's work)") {
  TempDir dir;
  std::string data = dir.sub("data"), newer = dir.sub("newer");
  addUser(data);
  if (testingPostgres()) {
    // restore_test's restore case restores a database with pg_restore.
    std::string backup = dir.sub("some.backup");
    writeFile(backup, "a file");
    auto before = contents(data);
    for (std::string command : {"backup", "restore"}) {
      auto r = runProcess(adminCommand(
          RS_SERVER_PATH, data, {command, command == "backup" ? "--out" : "--from", backup}));
      CHECK(r.exitCode == 2);
      CHECK(contains(r.err, "backed up by PostgreSQL's own tools"));
    }
    CHECK(contents(data) == before);
    CHECK(readFile(backup) == "a file");
    return;
  }
  addUser(newer);
  std::string schema = "99";
  schemaOf(newer, &schema);
  // The backup file is the store's one LMDB file (admin backup writes a compacted copy; the
  // newer store cannot be backed up by this server, which refuses to open it).
  std::string backup = dir.sub("newer.backup");
  writeFile(backup, readFile(newer + "/data.mdb"));
  std::string before = readFile(data + "/data.mdb");
  auto r = runProcess({RS_SERVER_PATH, "admin", "restore", "--data", data, "--from", backup});
  CHECK(r.exitCode == 2);
  CHECK(contains(r.err, "newer reportsync-server (schema 99"));
  CHECK(contains(r.err, "nothing changed"));
  CHECK(readFile(data + "/data.mdb") == before);
  CHECK(!std::filesystem::exists(data + "/data.mdb.restoring"));
  CHECK(schemaOf(data) == "4");
}
