// A server data folder written before the server indexed its spans (schema 3: one
// change-ids record per change), opened by today's code (schema 4: one span-ids record per
// stored span, issue 11). tests/data/before-span-ids/server was made by main at 1951d45 with
// tests/data/before-span-ids/make.sh: two actors' changes in several pushes. On a PostgreSQL
// run its records are first copied unchanged into the run's database (as `admin migrate`
// copies a county's store), and today's server migrates them there.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "core/server_connection.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "run_store.h"
#include "store_migrate.h"

using namespace rs;
using namespace rs::test;

namespace {

std::string dataPath(const std::string& name) {
  return std::string(RS_TEST_DATA_DIR) + "/before-span-ids/" + name;
}

std::string reportHex() {
  std::ifstream in(dataPath("report.txt"));
  std::string hex;
  REQUIRE(std::getline(in, hex));
  return hex;
}

std::string rawReportId() {
  crdt::ActorId bytes;
  REQUIRE(crdt::fromHex(reportHex(), bytes));
  return std::string(reinterpret_cast<const char*>(bytes.data()), 16);
}

// How many records a table of the run's store holds, read from the bare engine.
size_t records(const std::string& data, const char* table) {
  auto engine = openRunEngine(data);
  store::kv::Txn txn(*engine, store::kv::Txn::kWrite);  // a PostgreSQL table may be new
  size_t n = 0;
  store::kv::Table::open(txn, table).scanPrefix(txn, "", [&](std::string_view, std::string_view) {
    ++n;
    return true;
  });
  return n;  // not committed: nothing changes
}

}  // namespace

TEST_CASE("a server folder written before span-ids migrates on open and finds held changes") {
  TempDir dir;
  const std::string data = dir.sub("srv");
  std::filesystem::create_directories(data);
  std::filesystem::copy_file(dataPath("server/data.mdb"), data + "/data.mdb");
  if (testingPostgres()) {
    store::kv::LmdbEngine folder(data, size_t(1) << 30, 32);
    server::migrateStore(folder, *openRunEngine(data));
  }
  const std::string raw = rawReportId();
  const size_t spans = records(data, "spans");
  CHECK(spans == 3);  // office 1-7 (two pushes joined), zhang 1-2, office 8
  CHECK(records(data, "change-ids") == 10);
  CHECK(records(data, "span-ids") == 0);

  std::string history;
  for (int open = 0; open < 2; ++open) {
    auto store = openRunStore(data);
    store::kv::Txn txn(store->db(), store::kv::Txn::kRead);
    history = store->history(txn, raw);
    crdt::ActorTable actors;
    std::vector<doc::Change> changes = doc::decodeHistory(history, actors);
    REQUIRE(changes.size() == 10);
    std::map<crdt::ActorId, uint64_t> last;
    doc::SpanUnpacker unpacker;
    for (const doc::Change& c : changes) {
      auto held = store->changeBytes(txn, raw, c.id, unpacker);
      REQUIRE(held.has_value());
      CHECK(*held == doc::encodeChange(c, actors));
      last[c.id.actor] = std::max(last[c.id.actor], c.id.seq);
    }
    CHECK(last.size() == 2);
    for (const auto& [actor, seq] : last)
      CHECK(!store->changeBytes(txn, raw, {actor, seq + 1}, unpacker).has_value());
    CHECK(!store->changeBytes(txn, raw, {crdt::ActorId{}, 1}, unpacker).has_value());
  }
  CHECK(records(data, "change-ids") == 0);
  CHECK(records(data, "span-ids") == spans);

  // Today's server on the migrated folder: the whole history sent again is held, change by
  // change; a held change sent altered is refused.
  ServerProcess server(RS_SERVER_PATH, data);
  std::string token =
      core::ServerConnection(server.url(), "").login("office", "pw-office-2026").token;
  core::ServerConnection office(server.url(), token);
  std::vector<core::PushOutcome> again = office.pushHistory(reportHex(), history);
  REQUIRE(again.size() == 10);
  for (const core::PushOutcome& o : again) CHECK(o.status == core::PushOutcome::kDuplicate);
  crdt::ActorTable actors;
  doc::Change altered = doc::decodeHistory(history, actors).back();
  altered.author = "zhang";
  std::string packed = doc::encodeChange(altered, actors);
  std::vector<core::PushOutcome> refused =
      office.pushHistory(reportHex(), doc::packedToHistory({&packed, 1}));
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].status == core::PushOutcome::kRejected);
  CHECK(refused[0].reason.find("differs from the one already held") != std::string::npos);
}
