// Stores written before the history was kept as spans (issue 11 step 5), opened by today's
// code: tests/data/before-spans holds a profile store (store-version 2) and a server data
// folder (schema 1) made by main at 4de85ea with tests/data/before-spans/make.sh, and what
// that program printed for them (show.json, history.txt, subs.txt). On a PostgreSQL run the
// server folder's records are first copied unchanged into the run's database (as a
// county's older store would reach the province through `admin migrate`, which copies
// records), and today's server migrates them to spans there.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support/cli.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "core/replica.h"
#include "doc/change_spans.h"
#include "docreport/render.h"
#include "run_store.h"
#include "store_migrate.h"
#include "submission_build.h"
#include "submission_store.h"

using namespace rs;
using namespace rs::test;

namespace {

const std::string kReport = "ff0c855bd5d7b244aa36d2000117fddd";

std::string dataFile(const std::string& name) {
  std::ifstream in(std::string(RS_TEST_DATA_DIR) + "/before-spans/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A copy of a stored LMDB environment in a fresh folder `dir`.
void copyStore(const std::string& from, const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(std::string(RS_TEST_DATA_DIR) + "/before-spans/" + from + "/data.mdb",
                             dir + "/data.mdb");
}

// The before-spans server folder as the run's store `data`: on PostgreSQL its records,
// schema 1 as they are, copied into the run's database.
void copyServerStore(const std::string& data) {
  copyStore("server", data);
  if (!testingPostgres()) return;
  store::kv::LmdbEngine folder(data, size_t(1) << 30, 32);
  server::migrateStore(folder, *openRunEngine(data));
}

// `history` lines without their time (printed in local time): who, which change, what.
std::string withoutTimes(const std::string& history) {
  std::istringstream in(history);
  std::string line, out;
  while (std::getline(in, line)) out += line.substr(std::min<size_t>(line.size(), 21)) + "\n";
  return out;
}

// The version vector as "actor-prefix/seq" words, in actor order.
std::string versionText(const crdt::VersionVector& v) {
  std::string out;
  for (const auto& [actor, seq] : v.entries())
    out += crdt::toHex(actor).substr(0, 8) + "/" + std::to_string(seq) + " ";
  return out;
}

std::string rawReportId() {
  crdt::ActorId bytes;
  REQUIRE(crdt::fromHex(kReport, bytes));
  return std::string(reinterpret_cast<const char*>(bytes.data()), 16);
}

}  // namespace

TEST_CASE("a profile store and a server folder written before spans migrate on open") {
  TempDir dir;
  const std::string storeDir = dir.sub("office"), data = dir.sub("srv");
  copyStore("store", storeDir);
  copyServerStore(data);
  Cli office{storeDir};

  // The profile: all nine changes (one not yet sent) move into spans, once.
  for (size_t expectMoved : {size_t(9), size_t(0)}) {
    core::Replica replica(storeDir);
    CHECK(replica.migratedChanges() == expectMoved);
    core::OpenReport r = replica.open(kReport);
    CHECK(versionText(r.doc->version()) == "8af2c36c/2 f60f266a/7 ");
    CHECK(replica.changes(kReport).size() == 9);
    CHECK(replica.outboxCount(kReport) == 1);
    CHECK(replica.unsent(kReport, {replica.actor(), 7}));
    // Rebuilt from the migrated history alone, the document is the stored snapshot's.
    doc::Document rebuilt;
    for (const doc::Change& c : doc::decodeHistory(replica.history(kReport), rebuilt.actors()))
      REQUIRE(rebuilt.apply(c) == doc::ApplyResult::kApplied);
    CHECK(core::renderJson(rebuilt) == core::renderJson(*r.doc));
  }
  CHECK(office.ok({"show", kReport, "--json"}) == dataFile("show.json"));
  CHECK(withoutTimes(office.ok({"history", kReport}) + "\n") ==
        withoutTimes(dataFile("history.txt")));

  // The server: its eight changes move into spans, once; the submission rebuilds from them
  // to the document it fingerprinted.
  for (size_t expectMoved : {size_t(8), size_t(0)}) {
    auto opened = openRunStore(data);
    server::ServerStore& store = *opened;
    CHECK(store.migratedChanges() == expectMoved);
    server::SubmissionStore submissionStore(store);
    std::vector<server::Submission> submissions;
    {
      store::kv::Txn txn(store.db(), store::kv::Txn::kRead);
      auto rec = store.report(txn, rawReportId());
      REQUIRE(rec);
      CHECK(rec->lastSeq == 8);
      crdt::ActorTable actors;
      CHECK(doc::decodeHistory(store.history(txn, rawReportId()), actors).size() == 8);
      submissions = submissionStore.forReport(txn, rawReportId());
    }
    REQUIRE(submissions.size() == 1);
    auto document = server::documentAt(store, rawReportId(), submissions[0].version);
    CHECK(server::sha256Hex(core::renderJson(*document)) == submissions[0].sha256);
    CHECK(versionText(submissions[0].version) == "8af2c36c/2 f60f266a/6 ");
  }

  // Today's server on the migrated folder, today's program on the migrated profile: the
  // unsent change goes up, and a colleague joining gets the same report.
  ServerProcess server(RS_SERVER_PATH, data);
  office.ok({"login", server.url(), "office", "--password-stdin"}, "pw-office-2026\n");
  office.ok({"sync", kReport});
  CHECK(office.ok({"submissions", kReport}) + "\n" == dataFile("subs.txt"));
  Cli zhang{dir.sub("zhang")};
  zhang.ok({"login", server.url(), "zhang", "--password-stdin"}, "pw-zhang-2026\n");
  zhang.ok({"join", kReport});
  CHECK(zhang.ok({"show", kReport, "--json"}) == dataFile("show.json"));
  CHECK(withoutTimes(zhang.ok({"history", kReport}) + "\n") ==
        withoutTimes(dataFile("history.txt")));
}
