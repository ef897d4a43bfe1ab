// template list | show KEY [--version N] | check FILE | install FILE | publish FILE: the
// report templates, as data (issue 13 item 2): built in, fetched from the bureau's server
// on sync, or installed from a file by a department without a server.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/server_connection.h"
#include "core/sync.h"
#include "report/template.h"
#include "report/template_check.h"
#include "report/template_data.h"
#include "store/template_shelf.h"
#include "util/errors.h"

namespace rs::cli {

namespace {

const char kUsage[] =
    "template (list | show KEY [--version N] | check FILE | install FILE | publish FILE)";

// The JSON of a template version this program has: the newest without `version`.
std::string templateText(core::Replica& replica, const std::string& key,
                         std::optional<std::string> version) {
  report::Template t =
      version ? report::Template::forReport(key + "@" + *version) : report::Template::newest(key);
  if (t.source() == report::kSourceBuiltin) {
    for (const auto& e : report::embeddedTemplates())
      if (e.key == key) return std::string(e.json);
  }
  store::Txn txn(replica.env(), store::Txn::kRead);
  auto stored = store::TemplateShelf::open(replica.env()).get(txn, key, t.version());
  require(stored.has_value(), "no template " + t.ref());
  return stored->json;
}

int cmdTemplate(core::Replica& replica, const std::vector<std::string>& argv) {
  Args a(argv, {"--version"}, {});
  std::string what = a.at(0, "list|show|check|install|publish");
  if (what == "list") {
    a.expectCount(1, kUsage);
    for (const auto& info : report::Template::available()) {
      report::Template t =
          info.source == report::kSourceBuiltin
              ? report::Template::builtin(info.key)
              : report::Template::forReport(info.key + "@" + std::to_string(info.version));
      std::cout << info.key << "\t" << info.version << "\t" << info.source << "\t"
                << t.root().getTitle().cStr() << "\n";
    }
    return 0;
  }
  if (what == "show") {
    a.expectCount(2, kUsage);
    std::cout << templateText(replica, a.at(1, "KEY"), a.get("--version"));
    return 0;
  }
  a.expectCount(2, kUsage);
  std::string path = a.at(1, "FILE");
  std::string json = readFile(path);
  if (what == "check") {
    report::Template t = report::Template::fromJson(json);
    std::cout << "ok\t" << t.key() << "\t" << t.root().getVersion() << "\n";
    return 0;
  }
  if (what == "install") {
    store::TemplateShelf shelf = store::TemplateShelf::open(replica.env());
    store::AddedTemplate added;
    try {
      added = store::addNextVersion(replica.env(), shelf, json, report::kSourceLocal);
    } catch (const InputError& e) {
      throw InputError(path + ": " + e.what() + " (nothing installed)");
    }
    std::cout << "installed\t" << added.key << "\t" << added.version << "\n";
    return 0;
  }
  require(what == "publish", std::string("usage: reportsync-cli ") + kUsage);
  report::Template::fromJson(json);  // a mistake is named here, before anything is sent
  core::ServerConnection server = core::connectFromProfile(replica);
  core::RemoteTemplate published;
  try {
    published = server.publishTemplate(json);
  } catch (const core::SyncError& e) {
    if (e.code() == "bad-template") throw InputError(path + ": " + e.what());
    throw;
  }
  std::cout << "published\t" << published.key << "\t" << published.version << "\n";
  return 0;
}

}  // namespace

void addTemplateCommands(std::map<std::string, Command>& c) {
  c["template"] = cmdTemplate;
}

}  // namespace rs::cli
