// Our own changes pulled as spans (issue 11): after a push, the pull that brings them back
// finds each span held as it is and takes it whole; a profile restored from a copy made
// before the edits pulls its own history as runs, stores the spans as the server sent them
// and ends with the original's snapshot, byte for byte. The real server binary, real stores.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "../support/cli.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "../support/test_store.h"
#include "core/replica.h"
#include "core/sync.h"
#include "doc/change_spans.h"
#include "doc/snapshot.h"
#include "docreport/render.h"
#include "util/utf8.h"

using namespace rs;
using namespace rs::test;

namespace {

const std::string kPassword = "pw-office-2026";

// The spans of a history, as bytes.
std::set<std::string> spansOf(std::string_view history) {
  std::set<std::string> out;
  for (const doc::SpanInfo& s : doc::listSpans(history)) out.emplace(s.bytes);
  return out;
}

// Every page of the report's history from server sequence 0, as the server sends them.
std::vector<core::PullPage> pullAll(core::ServerConnection& c, const std::string& id) {
  std::vector<core::PullPage> pages;
  for (uint64_t since = 0;;) {
    pages.push_back(c.pull(id, since, 20000, 0));
    since = pages.back().lastSeq;
    if (!pages.back().more) return pages;
  }
}

}  // namespace

TEST_CASE("own changes come back as spans: held ones whole, a restored profile's as runs") {
  TempDir dir;
  const std::string data = dir.sub("server");
  auto added =
      runProcess(adminCommand(RS_SERVER_PATH, data,
                              {"add-user", "office", "--role", "member", "--password-stdin"}),
                 kPassword + "\n");
  REQUIRE(added.exitCode == 0);
  ServerProcess server(RS_SERVER_PATH, data);
  const std::string storeDir = dir.sub("office");
  Cli office{storeDir};
  office.ok({"login", server.url(), "office", "--password-stdin"}, kPassword + "\n");
  const std::string id =
      office.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "测试局"});
  office.ok({"share", id});
  // The profile as a backup holds it now: shared, nothing unsent.
  const std::string backup = dir.sub("backup");
  std::filesystem::copy(storeDir, backup, std::filesystem::copy_options::recursive);

  constexpr int kChanges = 10000;
  core::Replica replica(storeDir);
  core::OpenReport r = replica.open(id);
  const uint64_t before = r.doc->version().get(replica.actor());  // the report's creation
  doc::OpId section = *r.doc->sectionByNumber({1});
  const std::u32string typed = utf8ToU32("本局共有职工二十五人其中行政编制十人。");
  for (int k = 0; k < kChanges; ++k)
    replica.edit(r, [&](doc::LocalEdit& e) {
      e.insertText(section, size_t(k), typed.substr(size_t(k) % typed.size(), 1));
    });
  core::ServerConnection connection = core::connectFromProfile(replica);
  core::SyncReport pushed = core::syncReport(replica, connection, r);
  CHECK(pushed.refused.empty());
  CHECK(pushed.pushed == kChanges);
  CHECK(replica.outboxCount(id) == 0);

  // The pull after a push brings our own changes back: each span is found held as it is.
  const std::string heldBefore = replica.history(id);
  std::vector<core::PullPage> pages = pullAll(connection, id);
  size_t duplicates = 0, bySpan = 0;
  for (const core::PullPage& page : pages) {
    core::MergeResult m = replica.mergeHistory(r, page.changeHistory);
    CHECK(m.applied == 0);
    duplicates += m.duplicate;
    bySpan += m.bySpan;
  }
  uint64_t held = 0;
  for (const doc::SpanInfo& s : doc::listSpans(heldBefore)) held += s.count;
  CHECK(held == kChanges + before);
  CHECK(duplicates == held);
  CHECK(bySpan == held);
  CHECK(replica.history(id) == heldBefore);
  const std::string shown = core::renderJson(*r.doc);

  // The backup restored (or the profile copied to a second laptop): it pulls its own
  // history from the server, as runs, and stores the spans as they came.
  core::Replica restored(backup);
  core::OpenReport rr = restored.open(id);
  core::ServerConnection again = core::connectFromProfile(restored);
  core::SyncReport pulled = core::syncReport(restored, again, rr);
  CHECK(pulled.refused.empty());
  CHECK(pulled.pulled == kChanges);
  CHECK(pulled.pushed == 0);
  // The same report, and the same snapshot bytes (the fresh actor the copy moved to holds
  // no change yet, so the snapshot does not list it: doc/snapshot.cpp).
  CHECK(core::renderJson(*rr.doc) == shown);
  CHECK(doc::encodeSnapshot(*rr.doc) == doc::encodeSnapshot(*r.doc));
  CHECK(core::renderJson(*restored.open(id).doc) == shown);
  CHECK(rr.doc->version().get(replica.actor()) == held);
  // Every span the server sent is stored as it came, but the first: the backup held its
  // first change (the report's creation), so the rest of it was taken change by change.
  std::set<std::string> stored = spansOf(restored.history(id));
  size_t asSent = 0;
  for (const core::PullPage& page : pages)
    for (const doc::SpanInfo& s : doc::listSpans(page.changeHistory)) {
      if (s.first.seq <= before) continue;
      CHECK(stored.count(std::string(s.bytes)) == 1);
      asSent += s.count;
    }
  CHECK(asSent > kChanges / 2);
  // A change by either copy afterwards still reaches the other.
  restored.edit(rr, [&](doc::LocalEdit& e) { e.insertText(section, 0, U"甲"); });
  core::syncReport(restored, again, rr);
  core::syncReport(replica, connection, r);
  CHECK(core::renderJson(*r.doc) == core::renderJson(*rr.doc));
}
