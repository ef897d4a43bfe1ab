// The bureau pages and the submission endpoint on plain requests, without sockets.
#include <doctest/doctest.h>

#include <capnp/message.h>
#include <sodium.h>

#include "../support/temp_dir.h"
#include "bureau_pages.h"
#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "proto/sync.capnp.h"
#include "sync_service.h"
#include "web_forms.h"

using namespace rs;
using server::HttpRequest;

namespace {

template <typename T, typename Fill>
std::string body(Fill fill) {
  capnp::MallocMessageBuilder m;
  fill(m.initRoot<T>());
  return messageToString(m);
}

HttpRequest api(std::string method, std::string path, std::string token, std::string b = "") {
  HttpRequest r{std::move(method), std::move(path), {}, {}, std::move(b), "test"};
  r.headers[server::kProtocolHeader] = std::to_string(doc::kProtocolVersion);
  if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
  return r;
}

struct Fixture {
  test::TempDir dir;
  server::ServerStore store{dir.path()};
  server::SyncService service{store, {}};
  server::BureauPages pages{store, {}};

  Fixture() {
    REQUIRE(sodium_init() >= 0);
    service.addUser("zhang", server::Role::kMember, "password-1");
    service.addUser("reviewer", server::Role::kBureau, "password-2");
  }
  std::string login(const std::string& user, const std::string& password) {
    auto r = service.handle(api("POST", "/api/v1/login", "", body<proto::LoginRequest>([&](auto b) {
                                  b.setUser(user);
                                  b.setPassword(password);
                                })));
    REQUIRE(r.status == 200);
    MessageBytes m(r.body, "login");
    return m.root<proto::LoginResponse>().getToken();
  }
  server::HttpResponse page(const std::string& method, const std::string& path,
                            const std::string& cookie, const std::string& form = "") {
    HttpRequest r{method, path, {}, {{"cookie", cookie}}, form, "test"};
    return pages.handle(r);
  }
};

}  // namespace

TEST_CASE("form bodies and cookies are read as browsers send them") {
  auto form = server::parseForm("a=1&b=x+y%20z&c=%E4%B8%AD&a=2&d&e=%zz");
  CHECK(form["a"] == "1");
  CHECK(form["b"] == "x y z");
  CHECK(form["c"] == "中");
  CHECK(form["d"] == "");
  CHECK(form["e"] == "%zz");
  CHECK(server::cookieValue("x=1; rs_bureau=abc ;y=2", "rs_bureau") == "abc");
  CHECK(server::cookieValue("rs_bureau_old=1", "rs_bureau") == "");
  CHECK(server::percentEncode("a b/中") == "a%20b%2F%E4%B8%AD");
}

TEST_CASE(
    "a member's session does not open the bureau pages, and a bureau session needs the CSRF token") {
  Fixture f;
  std::string member = f.login("zhang", "password-1");
  CHECK(f.page("GET", "/bureau", "rs_bureau=" + member).status == 403);
  CHECK(f.page("GET", "/bureau/submissions/1/report.pdf", "rs_bureau=" + member).status == 403);
  CHECK(f.page("GET", "/bureau", "").status == 303);

  std::string reviewer = f.login("reviewer", "password-2");
  auto list = f.page("GET", "/bureau", "rs_bureau=" + reviewer);
  CHECK(list.status == 200);
  CHECK(list.contentType == "text/html; charset=utf-8");
  CHECK(list.body.find("尚无提交的报告") != std::string::npos);
  CHECK(f.page("POST", "/bureau/logout", "rs_bureau=" + reviewer, "").status == 403);
  CHECK(f.page("GET", "/bureau/submissions/abc", "rs_bureau=" + reviewer).status == 404);
  CHECK(f.page("GET", "/bureau/submissions/7", "rs_bureau=" + reviewer).status == 404);
}

TEST_CASE("a submission names a version the server holds, and only the office submits") {
  Fixture f;
  std::string token = f.login("zhang", "password-1");
  crdt::ActorId reportId{}, actor{};
  randombytes_buf(reportId.data(), 16);
  randombytes_buf(actor.data(), 16);
  std::string hex = crdt::toHex(reportId);
  auto shared = f.service.handle(
      api("POST", "/api/v1/reports", token,
          body<proto::ShareRequest>([&](auto b) { b.setId(kj::arrayPtr(reportId.data(), 16)); })));
  REQUIRE(shared.status == 200);
  auto submit = [&](uint64_t seq) {
    return f.service.handle(api("POST", "/api/v1/reports/" + hex + "/submissions", token,
                                body<proto::SubmitRequest>([&](auto b) {
                                  auto v = b.initVersion(seq ? 1 : 0);
                                  if (seq) {
                                    v[0].setActor(kj::arrayPtr(actor.data(), 16));
                                    v[0].setSeq(seq);
                                  }
                                })));
  };
  CHECK(submit(0).status == 400);
  auto lacking = submit(3);
  CHECK(lacking.status == 409);
  MessageBytes m(lacking.body, "error");
  CHECK(std::string(m.root<proto::ErrorResponse>().getCode()) == "missing-changes");
  auto garbage =
      f.service.handle(api("POST", "/api/v1/reports/" + hex + "/submissions", token, "x"));
  CHECK(garbage.status == 400);
  auto none = f.service.handle(api("GET", "/api/v1/reports/" + hex + "/submissions", token));
  CHECK(none.status == 200);
}
