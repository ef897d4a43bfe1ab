#include "store/template_shelf.h"

#include <algorithm>

#include "report/template.h"
#include "util/errors.h"

namespace rs::store {

namespace {

constexpr uint64_t kShelfSchema = 1;
constexpr std::string_view kPrefix = "t:";

std::string recordKey(std::string_view key, uint32_t version) {
  std::string out(kPrefix);
  out += key;
  out += '\0';
  out += encodeU64(version);
  return out;
}

// (key, version) of a record key; nullopt for a record this schema does not know.
std::optional<std::pair<std::string, uint32_t>> splitKey(std::string_view k) {
  if (k.substr(0, kPrefix.size()) != kPrefix || k.size() < kPrefix.size() + 9) return std::nullopt;
  std::string_view rest = k.substr(kPrefix.size());
  if (rest[rest.size() - 9] != '\0') return std::nullopt;
  return std::pair{std::string(rest.substr(0, rest.size() - 9)),
                   uint32_t(decodeU64(rest.substr(rest.size() - 8)))};
}

StoredTemplate decodeRecord(std::string key, uint32_t version, std::string_view value) {
  size_t nl = value.find('\n');
  require(nl != std::string_view::npos,
          "the stored template " + key + "@" + std::to_string(version) + " is damaged");
  return {std::move(key), version, std::string(value.substr(0, nl)),
          std::string(value.substr(nl + 1))};
}

class ShelfLibrary : public report::TemplateLibrary {
 public:
  ShelfLibrary(kv::Engine& engine, TemplateShelf shelf) : engine_(engine), shelf_(shelf) {}
  ShelfLibrary(Env& env, TemplateShelf shelf)
      : own_(std::make_unique<kv::LmdbEngine>(env)), engine_(*own_), shelf_(shelf) {}
  std::vector<report::StoredTemplateInfo> list() const override {
    kv::Txn txn(engine_, kv::Txn::kRead);
    return shelf_.list(txn);
  }
  std::optional<std::string> json(std::string_view key, uint32_t version) const override {
    kv::Txn txn(engine_, kv::Txn::kRead);
    auto t = shelf_.get(txn, key, version);
    return t ? std::optional(std::move(t->json)) : std::nullopt;
  }

 private:
  std::unique_ptr<kv::Engine> own_;
  kv::Engine& engine_;
  TemplateShelf shelf_;
};

}  // namespace

TemplateShelf TemplateShelf::open(kv::Txn& write) {
  TemplateShelf shelf;
  shelf.table_ = kv::Table::open(write, "templates");
  uint64_t schema = 0;
  if (auto v = shelf.table_.get(write, "#schema")) {
    require(v->size() == 8,
            "the store's templates record an unreadable schema version (本地数据已损坏)");
    schema = decodeU64(*v);
  }
  require(schema <= kShelfSchema,
          "the store's templates were written by a newer program (schema " +
              std::to_string(schema) + "; this one reads up to " + std::to_string(kShelfSchema) +
              "): update the program (本地数据由新版程序写入，请升级本程序)");
  if (schema < kShelfSchema) shelf.table_.put(write, "#schema", encodeU64(kShelfSchema));
  return shelf;
}

TemplateShelf TemplateShelf::open(kv::Engine& engine) {
  kv::Txn txn(engine, kv::Txn::kWrite);
  TemplateShelf shelf = open(txn);
  txn.commit();
  return shelf;
}

std::vector<report::StoredTemplateInfo> TemplateShelf::list(kv::Txn& txn) const {
  std::vector<report::StoredTemplateInfo> out;
  table_.scanPrefix(txn, kPrefix, [&](std::string_view k, std::string_view v) {
    if (auto kv = splitKey(k)) {
      StoredTemplate t = decodeRecord(kv->first, kv->second, v.substr(0, v.find('\n') + 1));
      out.push_back({std::move(t.key), t.version, std::move(t.source)});
    }
    return true;
  });
  return out;
}

std::optional<StoredTemplate> TemplateShelf::get(kv::Txn& txn, std::string_view key,
                                                 uint32_t version) const {
  auto v = table_.get(txn, recordKey(key, version));
  if (!v) return std::nullopt;
  return decodeRecord(std::string(key), version, *v);
}

uint32_t TemplateShelf::newest(kv::Txn& txn, std::string_view key) const {
  uint32_t best = 0;
  std::string prefix = std::string(kPrefix) + std::string(key) + '\0';
  table_.scanPrefix(txn, prefix, [&](std::string_view k, std::string_view) {
    if (auto kv = splitKey(k)) best = std::max(best, kv->second);
    return true;
  });
  return best;
}

bool TemplateShelf::add(kv::Txn& write, const StoredTemplate& t) const {
  report::requireTemplateKey(t.key);
  require(t.version > 0, "a stored template version is 1 or more (模板版本号应从1开始)");
  require(t.source.find('\n') == std::string::npos,
          "a template source is one line (模板来源只能有一行)");
  if (auto held = get(write, t.key, t.version)) {
    require(held->json == t.json, "version " + std::to_string(t.version) + " of template " + t.key +
                                      " is held already with other content; a version "
                                      "reports may use is never replaced (模板" +
                                      t.key + "的第" + std::to_string(t.version) +
                                      "版已有不同内容，已用的版本不能替换)");
    return false;
  }
  table_.put(write, recordKey(t.key, t.version), t.source + "\n" + t.json);
  return true;
}

AddedTemplate addNextVersion(kv::Engine& engine, const TemplateShelf& shelf, std::string_view json,
                             std::string_view source) {
  report::Template checked = report::Template::fromJson(json);
  std::string key = checked.key();
  report::requireTemplateKey(key);
  uint32_t builtin = 0;
  for (const std::string& k : report::Template::builtinKeys())
    if (k == key) builtin = report::Template::builtin(k).version();
  kv::Txn txn(engine, kv::Txn::kWrite);
  uint32_t version = std::max(builtin, shelf.newest(txn, key)) + 1;
  shelf.add(txn, {key, version, std::string(source), std::string(json)});
  txn.commit();
  return {key, version, checked.root().getTitle().cStr()};
}

InstalledShelf::InstalledShelf(kv::Engine& engine, TemplateShelf shelf) {
  report::setTemplateLibrary(std::make_shared<ShelfLibrary>(engine, shelf));
}

InstalledShelf::InstalledShelf(Env& env, TemplateShelf shelf) {
  report::setTemplateLibrary(std::make_shared<ShelfLibrary>(env, shelf));
}

InstalledShelf::~InstalledShelf() {
  report::setTemplateLibrary(nullptr);
}

}  // namespace rs::store
