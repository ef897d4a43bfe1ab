// Issue 9: nothing stranded, nothing lost. Real server binary, real stores, the CLI as a
// user runs it.
#include <doctest/doctest.h>

#include <filesystem>

#include "../support/department.h"
#include "util/utf8.h"

using rs::test::Cli;
using rs::test::contains;
using rs::test::Department;

namespace {

std::string sectionText(const Cli& cli, const std::string& id, const std::string& n) {
  return cli.ok({"show", id, "--section", n});
}

}  // namespace

TEST_CASE("a copied profile: both copies edit, sync, and every replica has the right text") {
  Department d;
  std::string id = d.setUpReport();
  d.zhang.ok({"sync"});
  std::string before = sectionText(d.zhang, id, "1.1");
  REQUIRE(before.size() > 20);

  // The store folder copied to a second laptop: same actor, same seqs from here on.
  std::filesystem::copy(d.zhang.store, d.dir.sub("laptop"),
                        std::filesystem::copy_options::recursive);
  Cli laptop{d.dir.sub("laptop")};

  // Both make their next change (the same seq under the same actor), touching the text.
  d.zhang.ok({"edit", id, "1.1", "--insert", "0", "甲："});
  laptop.ok({"edit", id, "1.1", "--delete", "2", "1"});  // the third character
  laptop.ok({"edit", id, "1.1", "--insert", "0", "乙："});

  d.zhang.ok({"sync"});
  auto r = laptop.run({"sync"});
  INFO(r.out << r.err);
  CHECK(r.exitCode == 0);
  d.zhang.ok({"sync"});
  laptop.ok({"sync"});
  d.office.ok({"sync"});

  // `show --section` prints the title line, then the text that positions count in.
  std::u32string original = rs::utf8ToU32(before.substr(before.find('\n') + 1));
  std::u32string expectedTail = original.substr(0, 2) + original.substr(3);
  std::string show = sectionText(d.office, id, "1.1");
  CHECK(show == sectionText(d.zhang, id, "1.1"));
  CHECK(show == sectionText(laptop, id, "1.1"));
  CHECK(contains(show, "甲："));
  CHECK(contains(show, "乙："));
  // Exactly the laptop's character went, nothing else.
  CHECK(contains(show, rs::u32ToUtf8(expectedTail)));
  CHECK(d.office.ok({"show", id, "--json"}) == laptop.ok({"show", id, "--json"}));

  // Both carry on without a refusal.
  d.zhang.ok({"edit", id, "1.1", "--insert", "0", "丙"});
  laptop.ok({"edit", id, "1.1", "--insert", "0", "丁"});
  d.zhang.ok({"sync"});
  laptop.ok({"sync"});
  d.zhang.ok({"sync"});
  d.office.ok({"sync"});
  show = sectionText(d.office, id, "1.1");
  CHECK(contains(show, "丙"));
  CHECK(contains(show, "丁"));
  CHECK(show == sectionText(d.zhang, id, "1.1"));
  CHECK(show == sectionText(laptop, id, "1.1"));
}
