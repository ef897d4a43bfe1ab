// Big pastes: batches are sized by bytes under the limits the server states, a change no
// push can carry is refused when made (or, for a server with a smaller limit, reported and
// kept), colleagues' work still arrives, and every error says what was wrong.
#include <doctest/doctest.h>

#include <random>

#include "core/server_connection.h"
#include "doc/change_codec.h"
#include "doc/local_edit.h"
#include "server_fixture.h"
#include "util/sync_limits.h"

using namespace rs::test;

namespace {

// About `bytes` of text that starts with "<<k>>", different for every k.
std::string chunk(int k, size_t bytes) {
  std::mt19937 rng(k);
  std::string s = "<<" + std::to_string(k) + ">>";
  while (s.size() < bytes) s.push_back(char('a' + rng() % 26));
  return s;
}

// A real change inserting `chars` random printable characters: compressed (the push
// carries a compact history, issue 11) it still takes about 0.8 bytes a character.
std::string bigChange(size_t chars) {
  rs::doc::Document d;
  rs::doc::LocalEdit e(d, rs::crdt::ActorId{7}, "zhang", 0);
  rs::doc::OpId s = e.createSection(std::nullopt, 0, "t");
  std::mt19937 rng(7);
  std::u32string text;
  for (size_t i = 0; i < chars; ++i) text.push_back(char32_t(33 + rng() % 94));
  e.insertText(s, 0, text);
  return rs::doc::encodeChange(e.finish(), d.actors());
}

}  // namespace

TEST_CASE("eleven offline pastes of 3 MB each sync fully") {
  OfficeAndZhang p;
  int port = p.server->port();
  p.server->stop();
  std::string text;
  for (int k = 0; k < 11; ++k) {  // each paste appends 3 MB: one 3 MB change each
    text += chunk(k, 3 << 20) + "\n";
    std::string file = p.dir.sub("paste.txt");
    writeFile(file, text);
    p.zhang.ok({"edit", p.id, "1", "--replace-with", file});
  }
  p.server->start(port);
  auto r = p.zhang.run({"sync"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(occurrences(p.zhang.ok({"list"}), "unsynced 0") == 1);
  p.office.ok({"sync"});
  std::string shown = p.office.ok({"show", p.id, "--section", "1"});
  for (int k = 0; k < 11; ++k)
    CHECK_MESSAGE(occurrences(shown, "<<" + std::to_string(k) + ">>") == 1, "paste " << k);
  CHECK(shown == p.zhang.ok({"show", p.id, "--section", "1"}));
}

TEST_CASE("a change over the server's limit: colleagues' work still arrives, errors say why") {
  OfficeAndZhang p({"--max-body-mb", "4"});

  // The server states its limits.
  rs::core::ServerConnection c(p.server->url(), "");
  c.login("zhang", kFixturePassword);
  CHECK(c.limits().maxBodyBytes == (4u << 20));
  CHECK(c.limits().maxChangeBytes < (4u << 20));

  // A body over the limit gets a 413 that says so (not an empty one).
  try {
    c.push(p.id, {bigChange(8 << 20)});
    FAIL("a 5 MB push was taken by a server of 4 MB");
  } catch (const rs::core::SyncError& e) {
    CHECK(e.status() == 413);
    CHECK(e.code() == "too-large");
    CHECK(std::string(e.what()).find("at most") != std::string::npos);
  }

  // zhang pastes 5 MB (fine for the program, too much for this server) while the office
  // keeps working in another section.
  std::string file = p.dir.sub("big.txt");
  writeFile(file, chunk(1, 5 << 20));
  p.zhang.ok({"edit", p.id, "1", "--replace-with", file});
  p.office.ok({"edit", p.id, "2", "--insert", "0", "办公室的修改"});
  p.office.ok({"sync"});
  auto r = p.zhang.run({"sync"});
  CHECK(r.exitCode != 0);
  CHECK(r.err.find("larger than the server takes") != std::string::npos);
  CHECK(p.zhang.ok({"show", p.id, "--section", "2"}).find("办公室的修改") != std::string::npos);
  CHECK(occurrences(p.zhang.ok({"list"}), "unsynced 1") == 1);  // kept, not dropped
}

TEST_CASE("an edit too large for any push is refused when made, with a clear message") {
  OfficeAndZhang p;
  std::string file = p.dir.sub("huge.txt");
  writeFile(file, std::string(rs::kMaxChangeBytes + 1024, 'a'));
  auto r = p.zhang.run({"edit", p.id, "1", "--replace-with", file});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("too large to sync") != std::string::npos);
  CHECK(occurrences(p.zhang.ok({"list"}), "unsynced 0") == 1);
}
