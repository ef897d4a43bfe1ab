#include "core/template_fetch.h"

#include <set>

#include "report/template.h"
#include "store/template_shelf.h"
#include "util/errors.h"

namespace rs::core {

TemplateFetch fetchTemplates(Replica& replica, ServerConnection& server) {
  TemplateFetch out;
  std::vector<RemoteTemplate> published;
  try {
    published = server.templates();
  } catch (const SyncError& e) {
    if (e.status() == 404) return out;  // an older server: the built-in templates only
    throw;
  }
  store::TemplateShelf shelf = store::TemplateShelf::open(replica.env());
  std::set<std::pair<std::string, uint32_t>> held;
  {
    store::Txn txn(replica.env(), store::Txn::kRead);
    for (const auto& t : shelf.list(txn)) held.insert({t.key, t.version});
  }
  for (const RemoteTemplate& t : published) {
    if (held.count({t.key, t.version})) continue;
    std::string name = t.key + "@" + std::to_string(t.version);
    try {
      std::string json = server.templateJson(t.key, t.version);
      report::Template::fromStored(json, t.key, t.version, report::kSourceServer);
      store::Txn txn(replica.env(), store::Txn::kWrite);
      shelf.add(txn, {t.key, t.version, std::string(report::kSourceServer), json});
      txn.commit();
      out.added.push_back(name);
    } catch (const InputError& e) {
      out.refused.push_back("模板 " + name + " 有误，未采用（本机已有的模板不变）: " + e.what());
    }
  }
  return out;
}

}  // namespace rs::core
