#include "pg_write_batch.h"

#include <cassert>

namespace rs::server {

namespace {

void putU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char((v >> shift) & 0xff));
}

}  // namespace

std::string pgBinaryArray(uint32_t elementOid, const std::vector<std::string_view>& items) {
  assert(!items.empty() && "PostgreSQL's empty array has no dimension: never sent");
  size_t size = 20;
  for (std::string_view item : items) size += 4 + item.size();
  std::string out;
  out.reserve(size);
  putU32(out, 1);  // dimensions
  putU32(out, 0);  // no nulls
  putU32(out, elementOid);
  putU32(out, uint32_t(items.size()));
  putU32(out, 1);  // lower bound
  for (std::string_view item : items) {
    putU32(out, uint32_t(item.size()));
    out.append(item);
  }
  return out;
}

const std::optional<std::string>* PgWriteBatch::held(unsigned table, std::string_view key) const {
  auto t = tables_.find(table);
  if (t == tables_.end()) return nullptr;
  auto k = t->second.find(key);
  return k == t->second.end() ? nullptr : &k->second;
}

void PgWriteBatch::put(unsigned table, std::string_view key, std::string_view value) {
  auto& keys = tables_[table];
  auto k = keys.find(key);
  if (k == keys.end()) {
    keys.emplace(std::string(key), std::string(value));
    bytes_ += key.size() + value.size();
  } else {
    bytes_ += value.size() - (k->second ? k->second->size() : 0);
    k->second = std::string(value);
  }
}

void PgWriteBatch::del(unsigned table, std::string_view key) {
  auto& keys = tables_[table];
  auto k = keys.find(key);
  if (k == keys.end()) {
    keys.emplace(std::string(key), std::nullopt);
    bytes_ += key.size();
  } else {
    bytes_ -= k->second ? k->second->size() : 0;
    k->second.reset();
  }
}

void PgWriteBatch::notify(std::string_view channel, std::string_view payload) {
  channels_.emplace_back(channel);
  payloads_.emplace_back(payload);
  bytes_ += channel.size() + payload.size();
}

PgWriteBatch::Statement PgWriteBatch::statement(
    const std::function<const std::string&(unsigned)>& tableSql) const {
  Statement s;
  std::vector<std::string> ctes;
  auto param = [&](const std::vector<std::string_view>& items, uint32_t oid, const char* type) {
    s.params.push_back(pgBinaryArray(oid, items));
    return "$" + std::to_string(s.params.size()) + "::" + type;
  };
  auto said = [&](const std::string& words) { s.what += (s.what.empty() ? "" : ", ") + words; };
  for (const auto& [table, keys] : tables_) {
    std::vector<std::string_view> putKeys, values, delKeys;
    for (const auto& [key, value] : keys) {
      if (value) {
        putKeys.push_back(key);
        values.push_back(*value);
      } else {
        delKeys.push_back(key);
      }
    }
    const std::string& name = tableSql(table);
    if (!putKeys.empty()) {
      s.shape += "p" + std::to_string(table) + ".";
      std::string k = param(putKeys, kPgByteaOid, "bytea[]");
      std::string v = param(values, kPgByteaOid, "bytea[]");
      ctes.push_back("INSERT INTO " + name + " (k, v) SELECT * FROM unnest(" + k + ", " + v +
                     ") ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v");
      said("INSERT ... ON CONFLICT DO UPDATE of " + std::to_string(putKeys.size()) +
           " records into " + name);
    }
    if (!delKeys.empty()) {
      s.shape += "d" + std::to_string(table) + ".";
      ctes.push_back("DELETE FROM " + name + " WHERE k = ANY(" +
                     param(delKeys, kPgByteaOid, "bytea[]") + ")");
      said("DELETE of " + std::to_string(delKeys.size()) + " records from " + name);
    }
  }
  std::string tail = "SELECT 1";
  if (!channels_.empty()) {
    s.shape += "n";
    std::vector<std::string_view> channels(channels_.begin(), channels_.end());
    std::vector<std::string_view> payloads(payloads_.begin(), payloads_.end());
    std::string c = param(channels, kPgTextOid, "text[]");
    std::string p = param(payloads, kPgTextOid, "text[]");
    tail = "SELECT count(pg_notify(c, p)) FROM unnest(" + c + ", " + p + ") AS n(c, p)";
    said("pg_notify of " + std::to_string(channels_.size()) + " notifications");
  }
  // Data-modifying CTEs all run, to completion, whether or not the query reads them.
  for (size_t i = 0; i < ctes.size(); ++i)
    s.sql += (i ? ", w" : "WITH w") + std::to_string(i) + " AS (" + ctes[i] + ")";
  s.sql += (s.sql.empty() ? "" : " ") + tail;
  return s;
}

void PgWriteBatch::forEach(
    const std::function<void(unsigned, const std::string&, bool)>& visit) const {
  for (const auto& [table, keys] : tables_)
    for (const auto& [key, value] : keys) visit(table, key, value.has_value());
}

void PgWriteBatch::clear() {
  tables_.clear();
  channels_.clear();
  payloads_.clear();
  bytes_ = 0;
}

}  // namespace rs::server
