// Rights over table rows and cells (issue 14 case 6, doc/rights.cpp): template rows can be
// deleted by nobody; added rows by their author or the office; members write cells and add
// rows only in tables of the sections assigned to them. Judged alike on every replica: each
// check applies the encoded history to a fresh document.
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "doc/change_codec.h"
#include "doc/document.h"
#include "doc/local_edit.h"
#include "doc/snapshot.h"

namespace {

using rs::doc::Document;
using rs::doc::Ineffective;
using rs::doc::LocalEdit;
using rs::doc::OpId;
using Reason = rs::doc::Ineffective::Reason;

rs::crdt::ActorId actorOf(const std::string& user) {
  rs::crdt::ActorId a{};
  for (size_t i = 0; i < user.size() && i < a.size(); ++i) a[i] = uint8_t(user[i]);
  return a;
}

// A report's history as its replicas exchange it: every change encoded, applied in order.
struct History {
  std::vector<std::string> changes;

  std::unique_ptr<Document> replay() const {
    auto d = std::make_unique<Document>();
    for (const std::string& bytes : changes)
      REQUIRE(d->apply(rs::doc::decodeChange(bytes, d->actors())) ==
              rs::doc::ApplyResult::kApplied);
    return d;
  }
  // `user` makes an edit on the document as it stands, with no up-front check (what an
  // older or a modified program would send).
  void edit(const std::string& user, const std::function<void(LocalEdit&, Document&)>& build) {
    std::unique_ptr<Document> d = replay();
    LocalEdit e(*d, actorOf(user), user, 1000);
    build(e, *d);
    changes.push_back(rs::doc::encodeChange(e.release(), d->actors()));
  }
  // The reason the last change did not take effect, or nullopt when it did.
  std::optional<Reason> lastRefusal() const {
    std::unique_ptr<Document> d = replay();
    rs::doc::Change last = rs::doc::decodeChange(changes.back(), d->actors());
    if (!d->isIneffective(last.id)) return std::nullopt;
    for (const Ineffective& x : d->ineffective())
      if (x.change == last.id) return x.reason;
    return std::nullopt;
  }
};

OpId table(const Document& d, const std::string& name) {
  for (OpId t : d.tables())
    if (d.table(t)->name == name) return t;
  FAIL("no table " << name);
  return {};
}
std::optional<OpId> row(const Document& d, const std::string& tableName, const std::string& key) {
  OpId t = table(d, tableName);
  for (OpId r : d.rows(t))
    if (d.table(t)->rowInfo.at(r).key == key) return r;
  return std::nullopt;
}
bool hasRow(const History& h, const std::string& tableName, const std::string& key) {
  return row(*h.replay(), tableName, key).has_value();
}
std::string cell(const Document& d, const std::string& tableName, const std::string& key) {
  OpId t = table(d, tableName);
  auto it = d.table(t)->cells.find(rs::doc::Table::cellKey(*row(d, tableName, key), "amount"));
  if (it == d.table(t)->cells.end() || it->second.empty()) return "";
  return it->second.entries().front().value;
}

// The office's report: sections 一 and 二; table "eval" belongs to 二, "basic" to no
// section; each has the template rows "item" and "total" and an added row "item-1" of
// group "item" by the office. With `office` the office set is recorded and 二 given to
// zhang.
History report(bool office) {
  History h;
  h.edit("office", [&](LocalEdit& e, Document&) {
    e.createSection(std::nullopt, 0, "一");
    OpId two = e.createSection(std::nullopt, 1, "二");
    for (auto [name, section] :
         {std::pair{"eval", std::optional(two)}, std::pair{"basic", std::optional<OpId>()}}) {
      OpId t = e.createTable("eval", name, name, section);
      e.insertRow(t, 0, "item");
      e.insertRow(t, 1, "item-1", "item");
      e.insertRow(t, 2, "total");
    }
    if (office) {
      e.addOffice("office");
      e.setSectionField(two, rs::doc::SectionField::kAssignee, "zhang");
    }
  });
  return h;
}

}  // namespace

TEST_CASE("rows: a template row can be deleted by nobody, with or without rights recorded") {
  for (bool office : {false, true}) {
    CAPTURE(office);
    History h = report(office);
    for (const char* user : {"office", "zhang"}) {
      CAPTURE(user);
      h.edit(user, [](LocalEdit& e, Document& d) {
        e.deleteRow(table(d, "eval"), *row(d, "eval", "total"));
      });
      CHECK(hasRow(h, "eval", "total"));
      CHECK(h.lastRefusal() == Reason::kTemplateRow);
    }
    // An added row the office may delete.
    h.edit("office", [](LocalEdit& e, Document& d) {
      e.deleteRow(table(d, "eval"), *row(d, "eval", "item-1"));
    });
    CHECK(!hasRow(h, "eval", "item-1"));
    CHECK(h.lastRefusal() == std::nullopt);
  }
}

TEST_CASE("rows: a member deletes only rows they added, in tables of their sections") {
  History h = report(true);
  // zhang may not delete the office's added row, even in his own section's table.
  h.edit("zhang", [](LocalEdit& e, Document& d) {
    e.deleteRow(table(d, "eval"), *row(d, "eval", "item-1"));
  });
  CHECK(hasRow(h, "eval", "item-1"));
  CHECK(h.lastRefusal() == Reason::kOthersRow);
  // He adds one and deletes it again.
  h.edit("zhang",
         [](LocalEdit& e, Document& d) { e.insertRow(table(d, "eval"), 2, "item-2", "item"); });
  CHECK(h.lastRefusal() == std::nullopt);
  CHECK(hasRow(h, "eval", "item-2"));
  CHECK(h.replay()
            ->table(table(*h.replay(), "eval"))
            ->rowInfo.at(*row(*h.replay(), "eval", "item-2"))
            .author == "zhang");
  // li may not delete zhang's row.
  h.edit("li", [](LocalEdit& e, Document& d) {
    e.deleteRow(table(d, "eval"), *row(d, "eval", "item-2"));
  });
  CHECK(hasRow(h, "eval", "item-2"));
  CHECK(h.lastRefusal() == Reason::kOthersRow);
  h.edit("zhang", [](LocalEdit& e, Document& d) {
    e.deleteRow(table(d, "eval"), *row(d, "eval", "item-2"));
  });
  CHECK(!hasRow(h, "eval", "item-2"));
  CHECK(h.lastRefusal() == std::nullopt);
  // A row inserted and deleted in one change by a member: the delete is judged with it.
  h.edit("zhang", [](LocalEdit& e, Document& d) {
    OpId r = e.insertRow(table(d, "eval"), 0, "item-3", "item");
    e.deleteRow(table(d, "eval"), r);
  });
  CHECK(h.lastRefusal() == std::nullopt);
  CHECK(!hasRow(h, "eval", "item-3"));
  // A member may not insert a template row (no group).
  h.edit("zhang", [](LocalEdit& e, Document& d) { e.insertRow(table(d, "eval"), 0, "total"); });
  CHECK(h.lastRefusal() == Reason::kOfficeOnly);
  CHECK(h.replay()->rows(table(*h.replay(), "eval")).size() == 3);
}

TEST_CASE("cells and rows: members write only the tables of the sections assigned to them") {
  History h = report(true);
  h.edit("zhang", [](LocalEdit& e, Document& d) {
    e.setCell(table(d, "eval"), *row(d, "eval", "item"), "amount", "12.00");
  });
  CHECK(h.lastRefusal() == std::nullopt);
  CHECK(cell(*h.replay(), "eval", "item") == "12.00");
  // li has no section; "basic" belongs to none (the office's).
  for (auto [user, name] : {std::pair{"li", "eval"}, std::pair{"zhang", "basic"}}) {
    CAPTURE(user);
    CAPTURE(name);
    h.edit(user, [name = std::string(name)](LocalEdit& e, Document& d) {
      e.setCell(table(d, name), *row(d, name, "item"), "amount", "99.00");
    });
    CHECK(h.lastRefusal() == Reason::kNotAssigned);
    CHECK(cell(*h.replay(), name, "item") != "99.00");
    h.edit(user, [name = std::string(name)](LocalEdit& e, Document& d) {
      e.insertRow(table(d, name), 1, "item-9", "item");
    });
    CHECK(h.lastRefusal() == Reason::kNotAssigned);
    CHECK(!hasRow(h, name, "item-9"));
  }
  // The office writes everywhere; front ends ask the same rule beforehand.
  h.edit("office", [](LocalEdit& e, Document& d) {
    e.setCell(table(d, "basic"), *row(d, "basic", "item"), "amount", "5.00");
  });
  CHECK(cell(*h.replay(), "basic", "item") == "5.00");
  std::unique_ptr<Document> d = h.replay();
  CHECK(d->mayWriteTable("zhang", table(*d, "eval")));
  CHECK(!d->mayWriteTable("zhang", table(*d, "basic")));
  CHECK(!d->mayWriteTable("li", table(*d, "eval")));
  CHECK(d->mayWriteTable("office", table(*d, "basic")));
  CHECK(d->rowDeleteRefusal("office", table(*d, "eval"), *row(*d, "eval", "total")) ==
        Reason::kTemplateRow);
  CHECK(d->rowDeleteRefusal("zhang", table(*d, "eval"), *row(*d, "eval", "item-1")) ==
        Reason::kOthersRow);
  CHECK(d->rowDeleteRefusal("office", table(*d, "eval"), *row(*d, "eval", "item-1")) ==
        std::nullopt);
}

TEST_CASE("rows: authors, table sections and refusals survive a snapshot") {
  History h = report(true);
  h.edit("zhang",
         [](LocalEdit& e, Document& d) { e.insertRow(table(d, "eval"), 0, "item-2", "item"); });
  h.edit("li", [](LocalEdit& e, Document& d) {
    e.deleteRow(table(d, "eval"), *row(d, "eval", "total"));
  });
  std::unique_ptr<Document> d = h.replay();
  std::unique_ptr<Document> loaded = rs::doc::decodeSnapshot(rs::doc::encodeSnapshot(*d));
  OpId t = table(*loaded, "eval");
  // The same section, named by its actor's bytes (actor indexes differ between tables).
  auto before = d->table(table(*d, "eval"))->section, after = loaded->table(t)->section;
  REQUIRE(before.has_value());
  REQUIRE(after.has_value());
  CHECK(after->counter == before->counter);
  CHECK(loaded->actors().bytes(after->actor) == d->actors().bytes(before->actor));
  CHECK(loaded->table(t)->rowInfo.at(*row(*loaded, "eval", "item-2")).author == "zhang");
  REQUIRE(loaded->ineffective().size() == 1);
  CHECK(loaded->ineffective().front().reason == Reason::kTemplateRow);
  CHECK(loaded->ineffective().front().table == t);
  CHECK(rs::doc::encodeSnapshot(*loaded) == rs::doc::encodeSnapshot(*d));
}

TEST_CASE("tables made before change format v3 stay every member's") {
  History h;
  h.edit("office", [&](LocalEdit& e, Document& d) {
    OpId t = e.createTable("eval", "old");
    e.insertRow(t, 0, "item");
    e.insertRow(t, 1, "total");
    e.addOffice("office");
    (void)d;
  });
  // The same history as an older program wrote it: TableCreate without sectionRule.
  {
    std::unique_ptr<Document> d = std::make_unique<Document>();
    rs::doc::Change c = rs::doc::decodeChange(h.changes[0], d->actors());
    std::get<rs::doc::TableCreate>(c.ops[0]).legacy = true;
    h.changes[0] = rs::doc::encodeChange(c, d->actors());
  }
  h.edit("zhang", [](LocalEdit& e, Document& d) {
    e.setCell(table(d, "old"), *row(d, "old", "item"), "amount", "7.00");
  });
  CHECK(h.lastRefusal() == std::nullopt);
  CHECK(cell(*h.replay(), "old", "item") == "7.00");
  h.edit("zhang",
         [](LocalEdit& e, Document& d) { e.deleteRow(table(d, "old"), *row(d, "old", "total")); });
  CHECK(h.lastRefusal() == Reason::kTemplateRow);
}
