// The bureau's templates over the sync API (issue 13 item 2; proto/sync.capnp "Templates"):
// every logged-in user lists and fetches them; bureau and admin users publish.
#include <capnp/message.h>

#include "doc/capnp_bytes.h"
#include "proto/sync.capnp.h"
#include "report/template.h"
#include "sync_service.h"
#include "util/errors.h"

namespace rs::server {

namespace {

HttpResponse answerWith(capnp::MallocMessageBuilder& message) {
  HttpResponse r;
  r.body = messageToString(message);
  return r;
}

}  // namespace

HttpResponse SyncService::listTemplates() {
  store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
  std::vector<report::StoredTemplateInfo> held = templates_.list(txn);
  capnp::MallocMessageBuilder message;
  auto list = message.initRoot<proto::TemplateList>().initTemplates(held.size());
  for (size_t i = 0; i < held.size(); ++i) {
    list[i].setKey(held[i].key);
    list[i].setVersion(held[i].version);
  }
  return answerWith(message);
}

HttpResponse SyncService::templateFile(const std::string& keyAndVersion) {
  size_t slash = keyAndVersion.find('/');
  std::optional<store::StoredTemplate> t;
  if (slash != std::string::npos) {
    try {
      report::TemplateRef ref = report::parseTemplateRef(keyAndVersion.substr(0, slash) + "@" +
                                                         keyAndVersion.substr(slash + 1));
      store::kv::Txn txn(store_.db(), store::kv::Txn::kRead);
      if (ref.version > 0) t = templates_.get(txn, ref.key, ref.version);
    } catch (const InputError&) {
    }
  }
  if (!t)
    throw ApiError(404, "not-found",
                   "no such template version: " + keyAndVersion + " (服务器上没有该模板版本)");
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<proto::TemplateFile>();
  b.setKey(t->key);
  b.setVersion(t->version);
  b.setJson(t->json);
  return answerWith(message);
}

HttpResponse SyncService::publishTemplate(const Caller& caller, const HttpRequest& request) {
  if (caller.user.role == Role::kMember)
    throw ApiError(
        403, "forbidden",
        "only bureau and admin users publish templates (只有主管部门和管理员可以发布模板)");
  std::string json;
  try {
    MessageBytes message(request.body, "request body");
    json = message.root<proto::TemplateFile>().getJson();
  } catch (const kj::Exception&) {
    throw ApiError(400, "bad-request", "malformed template request (请求无法读取)");
  }
  store::AddedTemplate published;
  try {
    published = store::addNextVersion(store_.db(), templates_, json, report::kSourceServer);
  } catch (const InputError& e) {
    throw ApiError(400, "bad-template", e.what());
  }
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<proto::TemplateInfo>();
  b.setKey(published.key);
  b.setVersion(published.version);
  b.setTitle(published.title);
  return answerWith(message);
}

}  // namespace rs::server
