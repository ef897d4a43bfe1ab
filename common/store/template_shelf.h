// Stored report templates (issue 13 item 2), in the client's and the server's LMDB stores:
// the bureau's published versions (server), the ones a client fetched on sync, and those a
// department installed from a file.
//
// They live in their own named database "templates", which records its own schema version
// (record "#schema") apart from the store's: the stores' other databases can change
// without touching it, and the reverse.
//   Schema log of "templates":
//     1  2026-11  "t:" KEY "\0" VERSION (8 bytes, big-endian) -> SOURCE "\n" JSON; the
//                 SOURCE is report::kSourceServer or kSourceLocal. A version is never
//                 overwritten: reports name it.
//   A "templates" database of a later schema is refused untouched (a newer program wrote it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/template_library.h"
#include "store/kv.h"
#include "store/lmdb.h"

namespace rs::store {

struct StoredTemplate {
  std::string key;
  uint32_t version = 0;
  std::string source;  // report::kSourceServer or kSourceLocal
  std::string json;    // as checked when it was stored
};

// Every call takes a transaction of either engine (store/kv.h); the store::Txn forms are
// for the client's LMDB profile store.
class TemplateShelf {
 public:
  // Opens (creating) the "templates" table in `write`, a write transaction the caller
  // commits. Throws rs::InputError when a newer program wrote it.
  static TemplateShelf open(kv::Txn& write);
  static TemplateShelf open(Txn& write) {
    kv::Txn t(write);
    return open(t);
  }
  // The same in a write transaction of its own.
  static TemplateShelf open(kv::Engine& engine);
  static TemplateShelf open(Env& env) {
    kv::LmdbEngine engine(env);
    return open(engine);
  }

  std::vector<report::StoredTemplateInfo> list(kv::Txn& txn) const;
  std::vector<report::StoredTemplateInfo> list(Txn& txn) const {
    kv::Txn t(txn);
    return list(t);
  }
  std::optional<StoredTemplate> get(kv::Txn& txn, std::string_view key, uint32_t version) const;
  std::optional<StoredTemplate> get(Txn& txn, std::string_view key, uint32_t version) const {
    kv::Txn t(txn);
    return get(t, key, version);
  }
  // The highest stored version of `key`; 0 when none.
  uint32_t newest(kv::Txn& txn, std::string_view key) const;
  uint32_t newest(Txn& txn, std::string_view key) const {
    kv::Txn t(txn);
    return newest(t, key);
  }
  // Adds a version. Returns false when that version is held already with the same JSON;
  // throws rs::InputError when it is held with other JSON (never overwritten).
  bool add(kv::Txn& write, const StoredTemplate& t) const;
  bool add(Txn& write, const StoredTemplate& t) const {
    kv::Txn w(write);
    return add(w, t);
  }

 private:
  kv::Table table_;
};

struct AddedTemplate {
  std::string key;
  uint32_t version = 0;
  std::string title;
};

// Checks `json` (report/template_check.h: a mistake is named by line and field) and stores
// it, from `source`, as the next version of its key: one more than the newest stored or
// built-in version, so that no version a report names is ever replaced. Throws
// rs::InputError, storing nothing, for a template with a mistake or a key that is not 1 to
// 64 of a-z, 0-9 and "-". The bureau's publish (server) and `template install` use it.
AddedTemplate addNextVersion(kv::Engine& engine, const TemplateShelf& shelf, std::string_view json,
                             std::string_view source);
inline AddedTemplate addNextVersion(Env& env, const TemplateShelf& shelf, std::string_view json,
                                    std::string_view source) {
  kv::LmdbEngine engine(env);
  return addNextVersion(engine, shelf, json, source);
}

// The shelf of `engine` (or of an LMDB `env`, which must outlive this) as the process's
// template library (report::setTemplateLibrary) while this object lives; every call reads
// the store in a read transaction of its own.
class InstalledShelf {
 public:
  InstalledShelf(kv::Engine& engine, TemplateShelf shelf);
  InstalledShelf(Env& env, TemplateShelf shelf);
  ~InstalledShelf();
  InstalledShelf(const InstalledShelf&) = delete;
  InstalledShelf& operator=(const InstalledShelf&) = delete;
};

}  // namespace rs::store
