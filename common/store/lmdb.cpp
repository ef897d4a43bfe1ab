#include "store/lmdb.h"

#include <sys/stat.h>

#include <cassert>
#include <cerrno>
#include <utility>

namespace rs::store {

namespace {

// The Chinese part of an LMDB failure (the window shows it; see gui/message_part.h).
const char* chineseGist(int rc) {
  switch (rc) {
    case EACCES:
    case EROFS:
      return "没有读写本地数据的权限";
    case ENOSPC:
    case MDB_MAP_FULL:
      return "本地数据已满，磁盘空间不足";
    case ENOENT:
      return "找不到本地数据文件夹";
    case MDB_CORRUPTED:
    case MDB_INVALID:
    case MDB_VERSION_MISMATCH:
      return "本地数据已损坏";
    default:
      return "本地数据无法读写";
  }
}

}  // namespace

LmdbError::LmdbError(const char* call, int rc)
    : std::runtime_error(std::string(call) + ": " + mdb_strerror(rc) + " (" + chineseGist(rc) +
                         ")"),
      rc_(rc) {}

static void check(const char* call, int rc) {
  if (rc != MDB_SUCCESS) throw LmdbError(call, rc);
}

static MDB_val toVal(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}
static std::string_view fromVal(const MDB_val& v) {
  return std::string_view(static_cast<const char*>(v.mv_data), v.mv_size);
}

Env::Env(const std::string& dir, size_t mapSizeBytes, unsigned maxDbs, unsigned maxReaders,
         unsigned flags) {
  ::mkdir(dir.c_str(), 0700);
  check("mdb_env_create", mdb_env_create(&env_));
  try {
    check("mdb_env_set_mapsize", mdb_env_set_mapsize(env_, mapSizeBytes));
    check("mdb_env_set_maxdbs", mdb_env_set_maxdbs(env_, maxDbs));
    if (maxReaders) check("mdb_env_set_maxreaders", mdb_env_set_maxreaders(env_, maxReaders));
    check("mdb_env_open", mdb_env_open(env_, dir.c_str(), MDB_NOTLS | flags, 0600));
    // Reader slots of processes that died (SIGKILL, a crash) stay taken until someone
    // clears them; enough of them make every transaction fail with MDB_READERS_FULL.
    int dead = 0;
    check("mdb_reader_check", mdb_reader_check(env_, &dead));
  } catch (...) {
    mdb_env_close(env_);
    throw;
  }
}

void Env::sync() {
  check("mdb_env_sync", mdb_env_sync(env_, 1));
}

Env::~Env() {
  if (env_) mdb_env_close(env_);
}

Txn::Txn(const Env& env, Mode mode) {
  check("mdb_txn_begin",
        mdb_txn_begin(env.handle(), nullptr, mode == kRead ? MDB_RDONLY : 0, &txn_));
}

Txn::~Txn() {
  if (txn_) mdb_txn_abort(txn_);
}

void Txn::commit() {
  assert(txn_ && "commit on a finished transaction");
  int rc = mdb_txn_commit(std::exchange(txn_, nullptr));
  check("mdb_txn_commit", rc);
}

Dbi Dbi::open(Txn& txn, const char* name) {
  Dbi d;
  check("mdb_dbi_open", mdb_dbi_open(txn.handle(), name, MDB_CREATE, &d.dbi_));
  return d;
}

std::optional<std::string_view> Dbi::get(Txn& txn, std::string_view key) const {
  MDB_val k = toVal(key), v;
  int rc = mdb_get(txn.handle(), dbi_, &k, &v);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  check("mdb_get", rc);
  return fromVal(v);
}

void Dbi::put(Txn& txn, std::string_view key, std::string_view value) const {
  MDB_val k = toVal(key), v = toVal(value);
  check("mdb_put", mdb_put(txn.handle(), dbi_, &k, &v, 0));
}

bool Dbi::del(Txn& txn, std::string_view key) const {
  MDB_val k = toVal(key);
  int rc = mdb_del(txn.handle(), dbi_, &k, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  check("mdb_del", rc);
  return true;
}

namespace {
struct Cursor {
  MDB_cursor* c = nullptr;
  ~Cursor() {
    if (c) mdb_cursor_close(c);
  }
};
}  // namespace

void Dbi::scanFrom(Txn& txn, std::string_view start,
                   const std::function<bool(std::string_view, std::string_view)>& visit) const {
  Cursor cursor;
  check("mdb_cursor_open", mdb_cursor_open(txn.handle(), dbi_, &cursor.c));
  MDB_val k = toVal(start), v;
  int rc = mdb_cursor_get(cursor.c, &k, &v, start.empty() ? MDB_FIRST : MDB_SET_RANGE);
  while (rc == MDB_SUCCESS) {
    if (!visit(fromVal(k), fromVal(v))) return;
    rc = mdb_cursor_get(cursor.c, &k, &v, MDB_NEXT);
  }
  if (rc != MDB_NOTFOUND) check("mdb_cursor_get", rc);
}

void Dbi::scanPrefix(Txn& txn, std::string_view prefix,
                     const std::function<bool(std::string_view, std::string_view)>& visit) const {
  scanFrom(txn, prefix, [&](std::string_view key, std::string_view value) {
    return key.substr(0, prefix.size()) == prefix && visit(key, value);
  });
}

std::string encodeU64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = char(v & 0xFF);
  return s;
}

uint64_t decodeU64(std::string_view bytes) {
  assert(bytes.size() == 8);
  uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

}  // namespace rs::store
