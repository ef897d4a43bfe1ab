// The sync service's handlers on plain requests, without sockets: hostile and forged
// input, paging and long-poll.
#include <doctest/doctest.h>

#include <capnp/message.h>
#include <sodium.h>

#include <map>
#include <set>
#include <thread>

#include "../support/temp_dir.h"
#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/local_edit.h"
#include "proto/sync.capnp.h"
#include "service_call.h"
#include "sync_service.h"

using namespace rs;
using server::HttpRequest;
using server::HttpResponse;

namespace {

template <typename T, typename Fill>
std::string body(Fill fill) {
  capnp::MallocMessageBuilder m;
  fill(m.initRoot<T>());
  return messageToString(m);
}

std::string_view asView(capnp::Data::Reader d) {
  return std::string_view(reinterpret_cast<const char*>(d.begin()), d.size());
}

kj::ArrayPtr<const kj::byte> bytesOf(std::string_view s) {
  return kj::arrayPtr(reinterpret_cast<const kj::byte*>(s.data()), s.size());
}

crdt::ActorId randomActor() {
  crdt::ActorId a;
  randombytes_buf(a.data(), a.size());
  return a;
}

struct Fixture {
  test::TempDir dir;
  server::ServerStore store{dir.path()};
  server::SyncService service{store, options()};
  std::string reportHex = crdt::toHex(randomActor());
  std::string zhangToken, liToken;
  doc::Document zhangDoc, liDoc;
  crdt::ActorId zhangActor = randomActor(), liActor = randomActor();

  static server::ServiceOptions options() {
    server::ServiceOptions o;
    o.maxBodyBytes = 64 * 1024;
    o.maxChangesPerPush = 50;
    return o;
  }

  Fixture() {
    REQUIRE(sodium_init() >= 0);
    service.addUser("zhang", server::Role::kMember, "password-1");
    service.addUser("li", server::Role::kMember, "password-2");
    zhangToken = login("zhang", "password-1");
    liToken = login("li", "password-2");
    crdt::ActorId raw;
    crdt::fromHex(reportHex, raw);
    REQUIRE(call("POST", "/api/v1/reports", zhangToken,
                 body<proto::ShareRequest>([&](auto b) { b.setId(kj::arrayPtr(raw.data(), 16)); }))
                .status == 200);
    REQUIRE(call("POST", "/api/v1/reports/" + reportHex + "/members", zhangToken,
                 body<proto::MemberRequest>([](auto b) {
                   b.setUser("li");
                   b.setRole("office");
                 }))
                .status == 200);
  }

  HttpResponse call(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& payload, std::map<std::string, std::string> query = {}) {
    return test::callService(service, method, path, token, payload, std::move(query));
  }

  std::string login(const std::string& user, const std::string& password) {
    HttpResponse r = call("POST", "/api/v1/login", "", body<proto::LoginRequest>([&](auto b) {
                            b.setUser(user);
                            b.setPassword(password);
                          }));
    REQUIRE(r.status == 200);
    MessageBytes m(r.body, "login");
    return m.root<proto::LoginResponse>().getToken();
  }

  // A change that creates a section with some text, made on `d` by `actor`.
  std::string makeChange(doc::Document& d, const crdt::ActorId& actor, const std::string& text,
                         const std::string& author = "t") {
    doc::LocalEdit e(d, actor, author, 0);
    doc::OpId s = e.createSection(std::nullopt, 0, "标题");
    e.insertText(s, 0, std::u32string(text.begin(), text.end()));
    return doc::encodeChange(e.finish(), d.actors());
  }

  // `own`: the actors the pushing profile declares its own (PushRequest.ownActors).
  HttpResponse push(const std::string& token, const std::vector<std::string>& changes,
                    const std::vector<crdt::ActorId>& own = {}) {
    return call("POST", "/api/v1/reports/" + reportHex + "/changes", token,
                body<proto::PushRequest>([&](auto b) {
                  b.setHistory(bytesOf(doc::packedToHistory(changes)));
                  auto actors = b.initOwnActors(own.size());
                  for (size_t i = 0; i < own.size(); ++i)
                    actors.set(i, kj::arrayPtr(own[i].data(), 16));
                }));
  }

  // actor hex -> verified user, as a pull from 0 reports them.
  std::map<std::string, std::string> pulledActors() {
    HttpResponse r =
        call("GET", "/api/v1/reports/" + reportHex + "/changes", zhangToken, "", {{"since", "0"}});
    REQUIRE(r.status == 200);
    MessageBytes m(r.body, "pull");
    std::map<std::string, std::string> out;
    for (auto a : m.root<proto::PullResponse>().getActors()) {
      crdt::ActorId actor;
      REQUIRE(a.getActor().size() == 16);
      std::copy(a.getActor().begin(), a.getActor().end(), actor.begin());
      out[crdt::toHex(actor)] = a.getUser();
    }
    return out;
  }

  std::vector<std::string> pushStatuses(const HttpResponse& r) {
    REQUIRE(r.status == 200);
    MessageBytes m(r.body, "push");
    std::vector<std::string> out;
    for (auto x : m.root<proto::PushResponse>().getResults())
      out.push_back(x.getStatus() == proto::PushResult::Status::ACCEPTED ? "accepted"
                    : x.getStatus() == proto::PushResult::Status::DUPLICATE
                        ? "duplicate"
                        : "rejected: " + std::string(x.getReason().cStr()));
    return out;
  }

  uint64_t lastSeq() {
    HttpResponse r = call("GET", "/api/v1/reports/" + reportHex, zhangToken, "");
    REQUIRE(r.status == 200);
    MessageBytes m(r.body, "info");
    return m.root<proto::ReportInfo>().getLastSeq();
  }

  std::string errorCode(const HttpResponse& r) {
    MessageBytes m(r.body, "error");
    return m.root<proto::ErrorResponse>().getCode();
  }
};

}  // namespace

TEST_CASE(
    "verified authors: an own actor is bound to its pusher whatever its label and a "
    "forwarded change binds nothing verified until its own profile sends it") {
  Fixture f;
  // zhang's profile labelled its change "li" (set-user before logging in): accepted, and
  // the actor is zhang's.
  std::string labelled = f.makeChange(f.zhangDoc, f.zhangActor, "abc", "li");
  CHECK(f.pushStatuses(f.push(f.zhangToken, {labelled}, {f.zhangActor})) ==
        std::vector<std::string>{"accepted"});
  std::string next = f.makeChange(f.zhangDoc, f.zhangActor, "def", "zhang");
  CHECK(f.pushStatuses(f.push(f.zhangToken, {next}, {f.zhangActor})) ==
        std::vector<std::string>{"accepted"});
  CHECK(f.pulledActors() ==
        std::map<std::string, std::string>{{crdt::toHex(f.zhangActor), "zhang"}});

  // li declares zhang's actor her own: refused, it is verified as zhang's.
  std::string claim = f.makeChange(f.zhangDoc, f.zhangActor, "li's claim", "li");
  CHECK(f.pushStatuses(f.push(f.liToken, {claim}, {f.zhangActor}))[0].find("another user") !=
        std::string::npos);

  // A change of a fresh actor labelled "zhang", forwarded by li (not her own): taken, but
  // no one's verified change; once zhang's own profile sends it, it is zhang's.
  crdt::ActorId fresh = randomActor();
  doc::Document d;
  std::string forwarded = f.makeChange(d, fresh, "from a bundle", "zhang");
  CHECK(f.pushStatuses(f.push(f.liToken, {forwarded})) == std::vector<std::string>{"accepted"});
  CHECK(f.pulledActors().count(crdt::toHex(fresh)) == 0);
  CHECK(f.pushStatuses(f.push(f.zhangToken, {forwarded}, {fresh})) ==
        std::vector<std::string>{"duplicate"});
  CHECK(f.pulledActors().at(crdt::toHex(fresh)) == "zhang");
  // GET .../actors names every verified actor of the report, for clients that pulled the
  // forwarded change before it was verified.
  HttpResponse listed = f.call("GET", "/api/v1/reports/" + f.reportHex + "/actors", f.liToken, "");
  REQUIRE(listed.status == 200);
  MessageBytes m(listed.body, "actors");
  std::set<std::string> names;
  for (auto a : m.root<proto::ActorList>().getActors()) names.insert(a.getUser());
  CHECK(m.root<proto::ActorList>().getActors().size() == 2);
  CHECK(names == std::set<std::string>{"zhang"});

  // A malformed own-actor list is refused as a whole.
  HttpResponse bad = f.call("POST", "/api/v1/reports/" + f.reportHex + "/changes", f.zhangToken,
                            body<proto::PushRequest>([&](auto b) {
                              b.initChanges(0);
                              b.initOwnActors(1).set(0, bytesOf("short"));
                            }));
  CHECK(bad.status == 400);
}

TEST_CASE("push: accepted once, harmless twice, forged actors refused") {
  Fixture f;
  std::string zhang1 = f.makeChange(f.zhangDoc, f.zhangActor, "abc");
  CHECK(f.pushStatuses(f.push(f.zhangToken, {zhang1})) == std::vector<std::string>{"accepted"});
  CHECK(f.pushStatuses(f.push(f.zhangToken, {zhang1})) == std::vector<std::string>{"duplicate"});
  CHECK(f.lastSeq() == 1);

  // li pushes a change made under zhang's actor: refused, nothing stored.
  doc::Document copy;
  copy.apply(doc::decodeChange(zhang1, copy.actors()));
  std::string forged = f.makeChange(copy, f.zhangActor, "forged");
  auto statuses = f.pushStatuses(f.push(f.liToken, {forged}));
  REQUIRE(statuses.size() == 1);
  CHECK(statuses[0].find("another user's actor") != std::string::npos);
  CHECK(f.lastSeq() == 1);

  // zhang's own actor may not claim another user as author.
  doc::Document claim;
  claim.apply(doc::decodeChange(zhang1, claim.actors()));
  std::string claimed = f.makeChange(claim, f.zhangActor, "claims li", "li");
  CHECK(f.pushStatuses(f.push(f.zhangToken, {claimed}))[0].find("forged") != std::string::npos);
  CHECK(f.lastSeq() == 1);

  // A colleague's change forwarded (from a bundle) is taken, and binds its actor to its
  // author: li's own later change under it is accepted, zhang's claims under it are not.
  crdt::ActorId liActor{};
  liActor[0] = 0x77;
  doc::Document liDoc;
  liDoc.apply(doc::decodeChange(zhang1, liDoc.actors()));
  std::string li1 = f.makeChange(liDoc, liActor, "li wrote", "li");
  CHECK(f.pushStatuses(f.push(f.zhangToken, {li1})) == std::vector<std::string>{"accepted"});
  std::string li2 = f.makeChange(liDoc, liActor, "li again", "li");
  CHECK(f.pushStatuses(f.push(f.liToken, {li2})) == std::vector<std::string>{"accepted"});
  std::string li3 = f.makeChange(liDoc, liActor, "zhang as li's actor", "zhang");
  CHECK(f.pushStatuses(f.push(f.zhangToken, {li3}))[0].find("forged") != std::string::npos);
  CHECK(f.lastSeq() == 3);

  // The same (actor, seq) with other content is refused too, and so is a change built on it
  // in the same push, though the server holds a change of the name it depends on (a copied
  // profile's next change would otherwise land on the other copy's text).
  doc::Document other;
  std::string twin = f.makeChange(other, f.zhangActor, "xyz");
  std::string onTwin = f.makeChange(other, f.zhangActor, "more");
  auto twins = f.pushStatuses(f.push(f.zhangToken, {twin, onTwin}));
  REQUIRE(twins.size() == 2);
  CHECK(twins[0].find("differs") != std::string::npos);
  CHECK(twins[1].find("refused above") != std::string::npos);
  CHECK(f.lastSeq() == 3);
}

TEST_CASE("hostile requests get an error status and change nothing") {
  Fixture f;
  REQUIRE(f.pushStatuses(f.push(f.zhangToken, {f.makeChange(f.zhangDoc, f.zhangActor, "a")}))[0] ==
          "accepted");
  std::string path = "/api/v1/reports/" + f.reportHex + "/changes";
  std::string good = f.makeChange(f.zhangDoc, f.zhangActor, "b");
  const std::string goodHistory = doc::packedToHistory(std::vector{good});
  std::string pushBody =
      body<proto::PushRequest>([&](auto b) { b.setHistory(bytesOf(goodHistory)); });

  CHECK(f.call("POST", path, f.zhangToken, "garbage!").status == 400);
  CHECK(f.call("POST", path, f.zhangToken, pushBody.substr(0, pushBody.size() / 2)).status == 400);
  CHECK(f.call("POST", path, f.zhangToken, std::string(70 * 1024, 'x')).status == 413);
  CHECK(f.call("POST", path, "", pushBody).status == 401);
  CHECK(f.call("POST", path, "not-a-token", pushBody).status == 401);
  CHECK(f.call("GET", "/api/v1/nothing", f.zhangToken, "").status == 404);
  CHECK(f.call("GET", "/api/v1/reports/zz/changes", f.zhangToken, "").status == 404);
  CHECK(f.call("GET", path, f.zhangToken, "", {{"since", "-1"}}).status == 400);
  HttpRequest oldClient{"POST", path, {}, {{"x-reportsync-protocol", "0"}}, pushBody, "test"};
  oldClient.headers["authorization"] = "Bearer " + f.zhangToken;
  HttpResponse r = f.service.handle(oldClient);
  CHECK(r.status == 400);
  CHECK(f.errorCode(r) == "protocol");
  std::vector<std::string> many;
  for (int i = 0; i < 51; ++i) many.push_back(f.makeChange(f.zhangDoc, f.zhangActor, "m"));
  CHECK(f.push(f.zhangToken, many).status == 413);
  // A corrupted history inside a well-formed push is refused as a whole; so is a protocol 3
  // push (a list of packed changes).
  std::string bad = goodHistory;
  bad[bad.size() / 2] ^= 0x55;
  CHECK(f.call("POST", path, f.zhangToken,
               body<proto::PushRequest>([&](auto b) { b.setHistory(bytesOf(bad)); }))
            .status == 400);
  CHECK(f.call("POST", path, f.zhangToken,
               body<proto::PushRequest>([&](auto b) { b.initChanges(1).set(0, bytesOf(good)); }))
            .status == 400);
  CHECK(f.lastSeq() == 1);
}

TEST_CASE("pull pages through the history and long-polls for new changes") {
  Fixture f;
  std::vector<std::string> changes;
  for (int i = 0; i < 5; ++i) changes.push_back(f.makeChange(f.zhangDoc, f.zhangActor, "x"));
  REQUIRE(f.pushStatuses(f.push(f.zhangToken, changes)).size() == 5);
  std::string path = "/api/v1/reports/" + f.reportHex + "/changes";
  HttpResponse page = f.call("GET", path, f.liToken, "", {{"since", "0"}, {"limit", "2"}});
  REQUIRE(page.status == 200);
  {
    MessageBytes m(page.body, "pull");
    auto p = m.root<proto::PullResponse>();
    CHECK(p.getChanges().size() == 0);
    CHECK(doc::historyToPacked(asView(p.getChangeHistory())).size() == 2);
    CHECK(p.getLastSeq() == 2);
    CHECK(p.getMore());
  }
  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    f.push(f.zhangToken, {f.makeChange(f.zhangDoc, f.zhangActor, "y")});
  });
  auto start = std::chrono::steady_clock::now();
  HttpResponse waited = f.call("GET", path, f.liToken, "", {{"since", "5"}, {"wait", "10"}});
  later.join();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  MessageBytes m(waited.body, "pull");
  CHECK(doc::historyToPacked(asView(m.root<proto::PullResponse>().getChangeHistory())).size() == 1);
  CHECK(m.root<proto::PullResponse>().getLastSeq() == 6);
}

TEST_CASE("the server keeps runs of changes as spans and cuts them for pages") {
  Fixture f;
  crdt::ActorId raw;
  crdt::fromHex(f.reportHex, raw);
  const std::string rawId(reinterpret_cast<const char*>(raw.data()), 16);
  auto spans = [&] {
    std::vector<std::pair<uint64_t, uint64_t>> out;
    store::kv::Txn txn(f.store.db(), store::kv::Txn::kRead);
    f.store.scanSpans(txn, rawId, 0, [&](const server::StoredSpan& s) {
      out.emplace_back(s.firstSeq, s.lastSeq);
      return true;
    });
    return out;
  };
  using Spans = std::vector<std::pair<uint64_t, uint64_t>>;
  std::vector<std::string> typed;
  for (int i = 0; i < 40; ++i) typed.push_back(f.makeChange(f.zhangDoc, f.zhangActor, "x"));

  // One push of a run is one span; the next push of the run extends it.
  CHECK(f.pushStatuses(f.push(f.zhangToken, {typed.begin(), typed.begin() + 30}, {f.zhangActor}))
            .size() == 30);
  CHECK(spans() == Spans{{1, 30}});
  f.pushStatuses(f.push(f.zhangToken, {typed.begin() + 30, typed.end()}, {f.zhangActor}));
  CHECK(spans() == Spans{{1, 40}});
  doc::Document liSees;
  std::string li = f.makeChange(liSees, f.liActor, "li");
  CHECK(f.pushStatuses(f.push(f.liToken, {li}, {f.liActor})) ==
        std::vector<std::string>{"accepted"});
  CHECK(spans() == Spans{{1, 40}, {41, 41}});

  // Sent again, every change is found in its span (a changed one is refused).
  CHECK(f.pushStatuses(f.push(f.zhangToken, {typed.begin() + 10, typed.begin() + 50 - 10},
                              {f.zhangActor})) == std::vector<std::string>(30, "duplicate"));
  std::vector<std::string> other{f.makeChange(liSees, f.zhangActor, "not the same")};
  CHECK(f.pushStatuses(f.push(f.zhangToken, other, {f.zhangActor}))[0].find("differs") !=
        std::string::npos);

  // Pages starting and ending inside the stored span.
  auto page = [&](uint64_t since, uint64_t limit) {
    HttpResponse r = f.call("GET", "/api/v1/reports/" + f.reportHex + "/changes", f.zhangToken, "",
                            {{"since", std::to_string(since)}, {"limit", std::to_string(limit)}});
    REQUIRE(r.status == 200);
    MessageBytes m(r.body, "pull");
    auto p = m.root<proto::PullResponse>();
    std::string ids;
    for (const std::string& c : doc::historyToPacked(asView(p.getChangeHistory()))) {
      doc::ChangeId id = doc::peekChangeId(c);
      ids += (id.actor == f.zhangActor ? "z" : "l") + std::to_string(id.seq) + " ";
    }
    return ids + "last " + std::to_string(p.getLastSeq()) + (p.getMore() ? " more" : "");
  };
  CHECK(page(5, 3) == "z6 z7 z8 last 8 more");
  CHECK(page(38, 10) == "z39 z40 l1 last 41");
  CHECK(page(40, 10) == "l1 last 41");
  std::string all = page(0, 1000);
  CHECK(all.substr(0, 9) == "z1 z2 z3 ");
  CHECK(all.substr(all.size() - 14) == "z40 l1 last 41");
}
