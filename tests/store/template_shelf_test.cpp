// The "templates" database of a store (store/template_shelf.h) on a real LMDB
// environment: its own schema version, versions never replaced, stored templates resolved
// by the version a report names.
#include <doctest/doctest.h>

#include "../support/temp_dir.h"
#include "report/template.h"
#include "report/template_data.h"
#include "store/template_shelf.h"
#include "util/errors.h"

namespace rs::test {

namespace {

constexpr size_t kMap = size_t(1) << 30;

// The built-in "minimal" template's JSON under another key.
std::string minimalAs(const std::string& key) {
  for (const auto& t : report::embeddedTemplates()) {
    if (t.key != "minimal") continue;
    std::string json(t.json);
    size_t at = json.find("\"minimal\"");
    return json.replace(at, 9, "\"" + key + "\"");
  }
  FAIL("no built-in minimal template");
  return "";
}

}  // namespace

TEST_CASE("a template version is never replaced, and the shelf keeps its own schema version") {
  TempDir dir;
  store::Env env(dir.sub("s"), kMap, 4);
  store::TemplateShelf shelf = store::TemplateShelf::open(env);
  store::Txn txn(env, store::Txn::kWrite);
  CHECK(shelf.add(txn, {"plan", 1, "服务器", "{\"key\":\"plan\"}"}));
  CHECK_FALSE(shelf.add(txn, {"plan", 1, "服务器", "{\"key\":\"plan\"}"}));  // same: harmless
  CHECK_THROWS_AS(shelf.add(txn, {"plan", 1, "服务器", "{\"key\":\"plan\",\"title\":\"x\"}"}),
                  InputError);
  CHECK_THROWS_AS(shelf.add(txn, {"Plan/1", 2, "服务器", "{}"}), InputError);
  CHECK(shelf.newest(txn, "plan") == 1);
  CHECK(shelf.get(txn, "plan", 1)->json == "{\"key\":\"plan\"}");
  // A schema a newer program wrote is refused, the records untouched.
  store::Dbi::open(txn, "templates").put(txn, "#schema", store::encodeU64(2));
  txn.commit();
  CHECK_THROWS_WITH_AS(store::TemplateShelf::open(env),
                       doctest::Contains("written by a newer program"), InputError);
  store::Txn read(env, store::Txn::kRead);
  CHECK(shelf.list(read).size() == 1);
}

TEST_CASE("a report's template is the version it names, from the installed shelf") {
  TempDir dir;
  store::Env env(dir.sub("s"), kMap, 4);
  store::TemplateShelf shelf = store::TemplateShelf::open(env);
  store::AddedTemplate v1 = store::addNextVersion(env, shelf, minimalAs("plan"), "本机安装");
  CHECK(v1.version == 1);
  // Without the shelf installed, a stored version is unknown: 需要更新模板.
  CHECK_THROWS_WITH_AS(report::Template::forReport("plan@1"), doctest::Contains("需要更新模板"),
                       InputError);
  store::InstalledShelf installed(env, shelf);
  CHECK(report::Template::forReport("plan@1").ref() == "plan@1");
  CHECK(report::Template::newest("plan").version() == 1);
  CHECK(store::addNextVersion(env, shelf, minimalAs("plan"), "本机安装").version == 2);
  CHECK(report::Template::newest("plan").ref() == "plan@2");
  CHECK(report::Template::forReport("plan@1").version() == 1);
  CHECK_THROWS_WITH_AS(report::Template::forReport("plan@3"),
                       doctest::Contains("本机只有第1版、第2版"), InputError);
  // A built-in key: the stored version comes after the built-in one.
  CHECK(store::addNextVersion(env, shelf, minimalAs("minimal"), "本机安装").version == 2);
  CHECK(report::Template::forReport("minimal").source() == report::kSourceBuiltin);
  CHECK(report::Template::newest("minimal").ref() == "minimal@2");
}

}  // namespace rs::test
