// Local commits kept in the profile's log until the snapshot folds them into spans (issue 11,
// store layout 4): a layout-3 store written by main before the log (tests/data/before-log,
// made with make.sh there) opens and keeps working, and a sync after commits not folded yet
// sends each of them to the real server exactly once.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../support/cli.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "core/replica.h"
#include "core/sync.h"
#include "doc/change_spans.h"
#include "docreport/render.h"
#include "server_store.h"
#include "util/utf8.h"

using namespace rs;
using namespace rs::test;

namespace {

std::string dataFile(const std::string& name) {
  std::ifstream in(std::string(RS_TEST_DATA_DIR) + "/before-log/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A table of the profile store read in a write transaction that is never committed: its
// records' keys and values.
std::vector<std::pair<std::string, std::string>> records(core::Replica& replica,
                                                         const char* table) {
  store::Txn txn(replica.env(), store::Txn::kWrite);
  std::vector<std::pair<std::string, std::string>> out;
  store::Dbi::open(txn, table).scanPrefix(txn, "", [&](std::string_view k, std::string_view v) {
    out.emplace_back(k, v);
    return true;
  });
  return out;
}

uint64_t storeVersion(core::Replica& replica) {
  for (const auto& [key, value] : records(replica, "profile"))
    if (key == "store-version") return store::decodeU64(value);
  return 0;
}

void type(core::Replica& replica, core::OpenReport& r, const std::string& text) {
  doc::OpId s = *r.doc->sectionByNumber({1});
  replica.edit(r, [&](doc::LocalEdit& e) { e.insertText(s, 0, utf8ToU32(text)); });
}

using Ids = std::set<std::pair<std::string, uint64_t>>;

// The change ids of a history, each once (a repeated one fails the check).
Ids idsOf(const std::string& history) {
  Ids ids;
  crdt::ActorTable actors;
  for (const doc::Change& c : doc::decodeHistory(history, actors))
    CHECK_MESSAGE(ids.emplace(crdt::toHex(c.id.actor), c.id.seq).second,
                  "change " << c.id.seq << " is held twice");
  return ids;
}

}  // namespace

TEST_CASE("a layout-3 store written before the log opens, and its new edits go to the log") {
  TempDir dir;
  const std::string storeDir = dir.sub("office");
  std::filesystem::create_directories(storeDir);
  std::filesystem::copy_file(std::string(RS_TEST_DATA_DIR) + "/before-log/store/data.mdb",
                             storeDir + "/data.mdb");
  const std::string id = dataFile("id.txt");
  std::string typed;
  {
    core::Replica replica(storeDir);
    CHECK(storeVersion(replica) == 4);
    core::OpenReport r = replica.open(id);  // the snapshot of change 64 and 7 from spans
    CHECK(core::renderJson(*r.doc).find("[70][69]") != std::string::npos);
    CHECK(idsOf(replica.history(id)).size() == 71);
    CHECK(replica.outboxCount(id) == 71);
    CHECK(records(replica, "log").empty());
    type(replica, r, "【新】");
    CHECK(records(replica, "log").size() == 1);
    CHECK(idsOf(replica.history(id)).size() == 72);
    typed = core::renderJson(*r.doc);
  }
  // Today's program shows what main showed, with the new edit in front.
  Cli office{storeDir};
  std::string shown = office.ok({"show", id, "--json"});
  std::string before = dataFile("show.json");
  CHECK(shown == core::renderJson(*core::Replica(storeDir).open(id).doc));
  size_t at = before.find("[70]");
  REQUIRE(at != std::string::npos);
  CHECK(shown == before.substr(0, at) + "【新】" + before.substr(at));
  CHECK(shown == typed);
}

TEST_CASE("a sync after local commits not folded yet pushes each of them exactly once") {
  TempDir dir;
  const std::string data = dir.sub("server");
  auto added = runProcess({RS_SERVER_PATH, "admin", "--data", data, "add-user", "office", "--role",
                           "member", "--password-stdin"},
                          "pw-office-2026\n");
  REQUIRE(added.exitCode == 0);
  auto server = std::make_unique<ServerProcess>(RS_SERVER_PATH, data);
  const std::string storeDir = dir.sub("office");
  Cli office{storeDir};
  office.ok({"login", server->url(), "office", "--password-stdin"}, "pw-office-2026\n");
  const std::string id =
      office.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
  office.ok({"share", id});

  core::Replica replica(storeDir);
  core::OpenReport r = replica.open(id);
  const size_t logged = records(replica, "log").size();  // the commands' own (share sent it)
  for (int k = 0; k < 40; ++k) type(replica, r, "[" + std::to_string(k) + "]");
  CHECK(records(replica, "log").size() == logged + 40);  // none folded yet
  core::ServerConnection connection = core::connectFromProfile(replica);
  core::SyncReport first = core::syncReport(replica, connection, r);
  CHECK(first.refused.empty());
  CHECK(first.pushed == 40);
  CHECK(replica.outboxCount(id) == 0);
  CHECK(records(replica, "log").size() == logged + 40);  // a sync does not fold

  // 40 more: the snapshot at the 64th folds the log, sent and unsent changes alike.
  for (int k = 40; k < 80; ++k) type(replica, r, "[" + std::to_string(k) + "]");
  CHECK(records(replica, "log").size() < logged + 40);
  core::SyncReport second = core::syncReport(replica, connection, r);
  CHECK(second.refused.empty());
  CHECK(second.pushed == 40);
  CHECK(core::syncReport(replica, connection, r).pushed == 0);
  const Ids held = idsOf(replica.history(id));

  // The server holds exactly the profile's changes, each once.
  server.reset();
  server::ServerStore serverStore(data);
  crdt::ActorId raw;
  REQUIRE(crdt::fromHex(id, raw));
  const std::string rawId(reinterpret_cast<const char*>(raw.data()), 16);
  store::kv::Txn txn(serverStore.db(), store::kv::Txn::kRead);
  CHECK(idsOf(serverStore.history(txn, rawId)) == held);
  auto rec = serverStore.report(txn, rawId);
  REQUIRE(rec);
  CHECK(rec->lastSeq == held.size());
}
