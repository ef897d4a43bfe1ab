// Bundles in the compact form (format 2, issue 11): far smaller than format 1, merged to
// the same report, format 1 files from earlier programs still read, damage refused.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "../support/temp_dir.h"
#include "core/bundle.h"
#include "core/replica.h"
#include "doc/capnp_bytes.h"
#include "doc/change_spans.h"
#include "docreport/render.h"
#include "minimal_report.h"
#include "proto/change.capnp.h"
#include "util/errors.h"
#include "util/utf8.h"

using namespace rs;

namespace {

std::string readData(const std::string& name) {
  std::ifstream in(std::string(RS_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The report a bundle makes when merged into an empty store.
std::string mergedReport(const core::Bundle& b) {
  test::TempDir dir;
  core::Replica replica(dir.path());
  core::OpenReport r = replica.openOrEmpty(b.reportId);
  replica.mergeHistory(r, b.history);
  return core::renderJson(*r.doc);
}

}  // namespace

TEST_CASE("bundle: a format 1 file from an earlier program merges, and rewrites far smaller") {
  // tests/data/bundle-format1-sample.bundle: the sample report imported, edited and bundled
  // by reportsync-cli before issue 11 (tests/fuzz/make_seeds.sh).
  std::string old = readData("bundle-format1-sample.bundle");
  core::Bundle b = core::decodeBundle(old);
  REQUIRE(b.changeCount() == 3);
  std::string report = mergedReport(b);
  CHECK(report.find("新增文字") != std::string::npos);

  std::string compact = core::encodeBundle(b);
  CHECK(compact.size() < old.size());
  core::Bundle again = core::decodeBundle(compact);
  CHECK(again.reportId == b.reportId);
  CHECK(mergedReport(again) == report);
}

TEST_CASE("bundle: typing one change per key costs a few bytes a key in format 2") {
  test::TempDir dir;
  core::Replica replica(dir.path());
  core::OpenReport r = test::newMinimal(replica);
  doc::OpId s = *r.doc->sectionByNumber({1});
  const std::u32string typed = utf8ToU32("本局共有职工25人，其中行政编制10人，事业编制15人。");
  for (size_t i = 0; i < typed.size(); ++i)
    replica.edit(r, [&](doc::LocalEdit& e) { e.insertText(s, i, typed.substr(i, 1)); });
  core::Bundle b{r.id, replica.history(r.id)};
  size_t packed = 0;
  for (const std::string& c : replica.changes(r.id)) packed += c.size();
  std::string bytes = core::encodeBundle(b);
  CHECK(bytes.size() * 2 < packed);
  CHECK(mergedReport(core::decodeBundle(bytes)) == core::renderJson(*r.doc));

  // A flipped byte of the history is refused: it is under the bundle's SHA-256.
  size_t history = bytes.find(std::string("RSH\x01", 4));
  REQUIRE(history != std::string::npos);
  for (size_t i = history; i < history + 60; ++i) {
    std::string bad = bytes;
    bad[i] = char(bad[i] ^ 0x21);
    CHECK_THROWS_AS(core::decodeBundle(bad), InputError);
  }
}

TEST_CASE("bundle: a format 2 file written before bundles carried the stored spans merges") {
  // tests/data/bundle-format2-before-spans.bundle: the minimal report and ten one-character
  // edits, bundled by reportsync-cli of main at 782093a (its history re-encoded from packed
  // changes, not the stored spans).
  core::Bundle b = core::decodeBundle(readData("bundle-format2-before-spans.bundle"));
  REQUIRE(b.changeCount() == 11);
  std::string report = mergedReport(b);
  CHECK(report.find("人五十二工职有共局本") != std::string::npos);
}

TEST_CASE("bundle: carries the stored spans, merged as runs and stored as they came") {
  test::TempDir a, b;
  core::Replica from(a.path()), to(b.path());
  core::OpenReport r = test::newMinimal(from);
  doc::OpId s = *r.doc->sectionByNumber({1});
  // 700 keys, one change each: the log folds into several stored spans.
  const std::u32string typed = utf8ToU32("本局共有职工25人，其中行政编制10人。");
  for (size_t i = 0; i < 700; ++i)
    from.edit(r, [&](doc::LocalEdit& e) { e.insertText(s, i, typed.substr(i % typed.size(), 1)); });
  std::string held = from.history(r.id);
  REQUIRE(doc::listSpans(held).size() > 2);

  std::string file = core::encodeBundle({r.id, from.history(r.id)});
  core::Bundle got = core::decodeBundle(file);
  CHECK(got.history == held);  // the spans as stored, not encoded again
  CHECK(got.changeCount() == 701);
  core::OpenReport merged = to.openOrEmpty(got.reportId);
  core::MergeResult m = to.mergeHistory(merged, got.history);
  CHECK(m.applied == 701);
  CHECK(core::renderJson(*merged.doc) == core::renderJson(*r.doc));
  CHECK(to.history(r.id) == held);     // stored as received
  CHECK(to.outboxCount(r.id) == 701);  // sent on at the next sync, as before

  // Merged again (or back into its source): every span is held, nothing changes.
  std::string before = to.history(r.id);
  CHECK(to.mergeHistory(merged, got.history).duplicate == 701);
  CHECK(from.mergeHistory(r, got.history).duplicate == 701);
  CHECK(to.history(r.id) == before);
}

TEST_CASE("bundle: a newer format is refused with a request to update") {
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<proto::Bundle>();
  b.setMagic("reportsync-bundle");
  b.setFormatVersion(3);
  std::string id(16, '\x07');
  b.setReportId(kj::arrayPtr(reinterpret_cast<const kj::byte*>(id.data()), id.size()));
  try {
    core::decodeBundle(messageToString(message));
    FAIL("accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("please update") != std::string::npos);
  }
}
