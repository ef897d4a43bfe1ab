#include "report/template.h"

#include <algorithm>
#include <tuple>

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include "report/template_check.h"
#include "report/template_data.h"
#include "util/errors.h"

namespace rs::report {

namespace {

std::string text(capnp::Text::Reader t) {
  return std::string(t.cStr(), t.size());
}

void addSectionPlaces(capnp::List<proto::SectionTemplate>::Reader sections,
                      const std::string& prefix, std::vector<SectionPlace>& out) {
  for (unsigned i = 0; i < sections.size(); ++i) {
    std::string number = prefix + std::to_string(i + 1);
    out.push_back({number, sections[i]});
    addSectionPlaces(sections[i].getChildren(), number + ".", out);
  }
}

}  // namespace

Template Template::fromJson(std::string_view json) {
  checkTemplateJson(json);  // mistakes named by line and field before the codec sees them
  Template t;
  t.message_ = std::make_shared<capnp::MallocMessageBuilder>();
  capnp::JsonCodec codec;
  try {
    codec.decode(kj::ArrayPtr<const char>(json.data(), json.size()),
                 t.message_->initRoot<proto::Template>());
  } catch (const kj::Exception& e) {
    throw InputError("template JSON could not be decoded: " +
                     std::string(e.getDescription().cStr()) + " (模板文件无法读取)");
  }
  require(t.root().getKey().size() > 0, "template JSON has no \"key\" (模板缺少名称)");
  return t;
}

Template Template::builtin(std::string_view key) {
  for (const auto& embedded : embeddedTemplates()) {
    if (embedded.key == key) return fromJson(embedded.json);
  }
  std::string known;
  for (const auto& k : builtinKeys()) known += (known.empty() ? "" : ", ") + k;
  throw InputError("no template \"" + std::string(key) + "\"; known templates: " + known +
                   " (没有模板“" + std::string(key) + "”)");
}

Template Template::fromStored(std::string_view json, std::string_view key, uint32_t version,
                              std::string_view source) {
  Template t = fromJson(json);
  require(t.key() == key, "the template stored as \"" + std::string(key) + "\" has the key \"" +
                              t.key() + "\" (本地数据已损坏)");
  t.message_->getRoot<proto::Template>().setVersion(version);
  t.source_ = std::string(source);
  return t;
}

Template Template::forReport(std::string_view ref) {
  TemplateRef r = parseTemplateRef(ref);
  if (r.version == 0) return builtin(r.key);
  auto library = templateLibrary();
  if (auto json = library ? library->json(r.key, r.version) : std::nullopt) {
    for (const auto& info : library->list())
      if (info.key == r.key && info.version == r.version)
        return fromStored(*json, r.key, r.version, info.source);
  }
  std::string held;
  for (const Available& a : available())
    if (a.key == r.key)
      held += (held.empty() ? "" : "、") + std::string("第") + std::to_string(a.version) + "版";
  throw InputError("需要更新模板：本报告使用模板 " + r.key + " 第" + std::to_string(r.version) +
                   "版，本机" + (held.empty() ? "没有这个模板" : "只有" + held) +
                   "。请同步（reportsync-cli sync）取得服务器上的模板，或安装该模板后再打开 "
                   "(the report needs template version " +
                   std::to_string(r.version) + " of " + r.key + ", which this program lacks)");
}

Template Template::newest(std::string_view key) {
  std::optional<Available> best;
  for (Available& a : available())
    if (a.key == key && (!best || a.version > best->version)) best = std::move(a);
  if (!best) {
    std::string known;
    for (const Available& a : available())
      if (known.find(a.key) == std::string::npos) known += (known.empty() ? "" : ", ") + a.key;
    throw InputError("no template \"" + std::string(key) + "\"; known templates: " + known +
                     " (没有模板“" + std::string(key) + "”)");
  }
  if (best->source == kSourceBuiltin) return builtin(key);
  return forReport(best->key + "@" + std::to_string(best->version));
}

std::vector<Template::Available> Template::available() {
  std::vector<Available> out;
  for (const auto& embedded : embeddedTemplates())
    out.push_back(
        {std::string(embedded.key), builtin(embedded.key).version(), std::string(kSourceBuiltin)});
  if (auto library = templateLibrary()) {
    std::vector<StoredTemplateInfo> stored = library->list();
    std::sort(stored.begin(), stored.end(), [](const auto& a, const auto& b) {
      return std::tie(a.key, a.version) < std::tie(b.key, b.version);
    });
    for (auto& s : stored) out.push_back({std::move(s.key), s.version, std::move(s.source)});
  }
  return out;
}

std::string Template::ref() const {
  return source_ == kSourceBuiltin ? key() : key() + "@" + std::to_string(version());
}

std::vector<std::string> Template::builtinKeys() {
  std::vector<std::string> keys;
  for (const auto& embedded : embeddedTemplates()) keys.emplace_back(embedded.key);
  return keys;
}

proto::Template::Reader Template::root() const {
  return message_->getRoot<proto::Template>().asReader();
}

std::string Template::key() const {
  return text(root().getKey());
}

std::optional<proto::TableTemplate::Reader> Template::table(std::string_view key) const {
  for (auto t : root().getTables()) {
    if (sv(t.getKey()) == key) return t;
  }
  return std::nullopt;
}

std::optional<proto::TableTemplate::Reader> Template::tableOf(const TableContent& t) const {
  return table(t.templateKey.empty() ? t.key : t.templateKey);
}

std::optional<RowPlace> findFixedRow(proto::TableTemplate::Reader table, std::string_view key) {
  for (auto block : table.getBlocks()) {
    for (auto row : block.getRows()) {
      if (sv(row.getKey()) == key) return RowPlace{block, row};
    }
  }
  return std::nullopt;
}

std::optional<proto::Block::Reader> findBlock(proto::TableTemplate::Reader table,
                                              std::string_view key) {
  for (auto block : table.getBlocks()) {
    if (sv(block.getKey()) == key) return block;
  }
  return std::nullopt;
}

std::optional<proto::Column::Reader> findColumn(proto::Block::Reader block, std::string_view key) {
  for (auto c : block.getColumns()) {
    if (sv(c.getKey()) == key) return c;
  }
  return std::nullopt;
}

std::optional<RowPlace> placeOf(proto::TableTemplate::Reader table, const RowContent& row) {
  if (!row.added()) return findFixedRow(table, row.key);
  // An added row belongs to the block of the row it was added under, or to a block.
  if (auto parent = findFixedRow(table, row.group)) {
    if (!parent->row->getAllowAdd()) return std::nullopt;
    return RowPlace{parent->block, std::nullopt};
  }
  if (auto block = findBlock(table, row.group); block && block->getAllowAdd()) {
    return RowPlace{*block, std::nullopt};
  }
  return std::nullopt;
}

std::optional<proto::Formula::Reader> formulaOf(const RowPlace& place, std::string_view column) {
  auto formulas = place.row ? place.row->getFormulas() : place.block.getAddedFormulas();
  for (auto f : formulas) {
    if (sv(f.getColumn()) == column) return f;
  }
  return std::nullopt;
}

std::string fillYear(std::string_view in, int year) {
  std::string out(in);
  auto replaceAll = [&out](std::string_view from, const std::string& to) {
    for (size_t at = out.find(from); at != std::string::npos; at = out.find(from, at)) {
      out.replace(at, from.size(), to);
      at += to.size();
    }
  };
  replaceAll("{prevYear}", std::to_string(year - 1));
  replaceAll("{year}", std::to_string(year));
  return out;
}

std::string tableSubtitle(proto::TableTemplate::Reader table, int year, const std::string& dept) {
  std::string out = fillYear(table.getSubtitle().cStr(), year);
  size_t at = out.find("{dept}");
  if (at != std::string::npos) out.replace(at, 6, dept);
  return out;
}

std::vector<SectionPlace> sectionPlaces(const Template& tmpl) {
  std::vector<SectionPlace> out;
  addSectionPlaces(tmpl.root().getSections(), "", out);
  return out;
}

}  // namespace rs::report
