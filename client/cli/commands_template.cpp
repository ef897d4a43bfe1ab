// template list | show KEY | check FILE: the report templates, as data (issue 13 item 2).
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "report/template.h"
#include "report/template_check.h"
#include "report/template_data.h"
#include "util/errors.h"

namespace rs::cli {

namespace {

const char kUsage[] = "template (list | show KEY | check FILE)";

int cmdTemplate(core::Replica&, const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  std::string what = a.at(0, "list|show|check");
  if (what == "list") {
    a.expectCount(1, kUsage);
    for (const auto& key : report::Template::builtinKeys()) {
      report::Template t = report::Template::builtin(key);
      std::cout << key << "\t" << t.root().getVersion() << "\t" << t.root().getTitle().cStr()
                << "\n";
    }
    return 0;
  }
  if (what == "show") {
    a.expectCount(2, kUsage);
    std::string key = a.at(1, "KEY");
    report::Template::builtin(key);  // an unknown key: the known ones, exit 2
    for (const auto& t : report::embeddedTemplates())
      if (t.key == key) std::cout << t.json;
    return 0;
  }
  require(what == "check", std::string("usage: reportsync-cli ") + kUsage);
  a.expectCount(2, kUsage);
  report::Template t = report::Template::fromJson(readFile(a.at(1, "FILE")));
  std::cout << "ok\t" << t.key() << "\t" << t.root().getVersion() << "\n";
  return 0;
}

}  // namespace

void addTemplateCommands(std::map<std::string, Command>& c) {
  c["template"] = cmdTemplate;
}

}  // namespace rs::cli
