// The profile store's record of whose each actor is (issue 14, case 7): the server's word
// stored in the transaction of the pulled page and its cursor, never from a bundle; an
// older store reads the history again to learn it; how authors are then shown.
#include <doctest/doctest.h>

#include "../support/temp_dir.h"
#include "core/authors.h"
#include "core/replica.h"
#include "docreport/content_bridge.h"
#include "minimal_report.h"
#include "report/new_report.h"
#include "util/errors.h"

using namespace rs;

using test::newMinimal;

TEST_CASE("authors are shown as their verified user with the label beside it or as unverified") {
  crdt::ActorId zhang{}, other{};
  zhang[0] = 1;
  other[0] = 2;
  core::ActorUsers users{{zhang, "zhang"}};
  CHECK(core::authorText(users, zhang, "zhang") == "zhang");
  CHECK(core::authorText(users, zhang, "office") == "zhang（署名：office）");
  CHECK(core::authorText(users, other, "office") == "office（未验证）");
  // The desktop program under --lang en.
  CHECK(core::authorText(users, zhang, "office", false) == "zhang (signed office)");
  CHECK(core::authorText(users, other, "office", false) == "office (unverified)");
  CHECK(core::authorUser(users, zhang, "office") == "zhang");
  CHECK(core::authorUser(users, other, "office") == "office");
}

TEST_CASE("the server's bindings are stored with the pulled page and its cursor or not at all") {
  test::TempDir dir;
  core::Replica office(dir.sub("office"));
  office.setUserName("office");
  core::OpenReport made = newMinimal(office);
  std::vector<std::string> changes = office.changes(made.id);

  core::Replica li(dir.sub("li"));
  core::OpenReport r = li.openOrEmpty(made.id);
  crdt::ActorId bad{};
  bad[0] = 9;
  // A page with a malformed change: refused, and neither its cursor nor its bindings stay.
  std::vector<std::string> damaged = changes;
  damaged.push_back("not a change");
  CHECK_THROWS_AS(li.merge(r, damaged, 5, "h1", {{office.actor(), "office"}}), InputError);
  CHECK(li.actorUsers().empty());
  CHECK(li.serverCursor(made.id) == 0);

  // A bundle carries no bindings: its names stay unverified.
  core::Replica bundled(dir.sub("bundled"));
  core::OpenReport b = bundled.openOrEmpty(made.id);
  bundled.merge(b, changes);
  CHECK(bundled.actorUsers().empty());

  li.merge(r, changes, 5, "h1", {{office.actor(), "office"}, {bad, std::string("\xff\xfe", 2)}});
  core::ActorUsers users = li.actorUsers();
  CHECK(users == core::ActorUsers{{office.actor(), "office"}});  // the bad name left out
  CHECK(li.serverCursor(made.id) == 5);
  // Kept across reopening.
  core::Replica again(dir.sub("li"));
  CHECK(again.actorUsers() == users);
}

TEST_CASE("a store from before bindings reads its history again from the start") {
  test::TempDir dir;
  core::Replica office(dir.sub("office"));
  core::OpenReport made = newMinimal(office);
  std::string id = made.id;
  {
    core::Replica li(dir.sub("li"));
    core::OpenReport r = li.openOrEmpty(id);
    li.merge(r, office.changes(id), 12, "h1");
    CHECK(li.serverCursor(id) == 12);
    // As a version-1 store: no version record.
    store::Txn txn(li.env(), store::Txn::kWrite);
    CHECK(store::Dbi::open(txn, "profile").del(txn, "store-version"));
    txn.commit();
  }
  {
    core::Replica li(dir.sub("li"));
    CHECK(li.serverCursor(id) == 0);      // read again from the start
    CHECK(li.serverHistory(id) == "h1");  // in the same server history
    core::OpenReport r = li.open(id);
    li.merge(r, office.changes(id), 12, "h1", {{office.actor(), "office"}});
  }
  core::Replica li(dir.sub("li"));
  CHECK(li.serverCursor(id) == 12);  // upgraded once only
  CHECK(li.actorUsers().size() == 1);
}
