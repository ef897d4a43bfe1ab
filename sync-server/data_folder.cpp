#include "data_folder.h"

#include <fcntl.h>
#include <lmdb.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "server_store.h"
#include "util/errors.h"

namespace rs::server {

namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// What a restore needs to know of `file` before it replaces a store with it: whether it is
// an LMDB file holding a server store's tables, and the schema record of its meta table.
struct StoreFile {
  bool serverStore = false;
  std::optional<std::string> schema;
};

StoreFile inspect(const std::string& file) {
  StoreFile out;
  MDB_env* env = nullptr;
  if (mdb_env_create(&env) != 0) return out;
  mdb_env_set_maxdbs(env, 16);
  if (mdb_env_open(env, file.c_str(), MDB_NOSUBDIR | MDB_RDONLY | MDB_NOLOCK, 0600) == 0) {
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) == 0) {
      MDB_dbi dbi;
      out.serverStore =
          mdb_dbi_open(txn, "users", 0, &dbi) == 0 && mdb_dbi_open(txn, "reports", 0, &dbi) == 0;
      MDB_val key{6, const_cast<char*>("schema")}, value;
      if (out.serverStore && mdb_dbi_open(txn, "meta", 0, &dbi) == 0 &&
          mdb_get(txn, dbi, &key, &value) == 0)
        out.schema = std::string(static_cast<const char*>(value.mv_data), value.mv_size);
      mdb_txn_abort(txn);
    }
  }
  mdb_env_close(env);
  return out;
}

void copyFile(const std::string& from, const std::string& to) {
  FILE* in = std::fopen(from.c_str(), "rb");
  if (!in) throw InputError("cannot read " + from + ": " + std::strerror(errno));
  FILE* out = std::fopen(to.c_str(), "wb");
  if (!out) {
    std::fclose(in);
    throw std::runtime_error("cannot write " + to + ": " + std::strerror(errno));
  }
  char buf[1 << 16];
  bool ok = true;
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;)
    ok = ok && std::fwrite(buf, 1, n, out) == n;
  ok = ok && !std::ferror(in) && std::fflush(out) == 0 && ::fsync(fileno(out)) == 0;
  std::fclose(in);
  ok = std::fclose(out) == 0 && ok;
  if (!ok) throw std::runtime_error("copying " + from + " to " + to + " failed");
}

}  // namespace

DataFolderLock::DataFolderLock(const std::string& dir) {
  ::mkdir(dir.c_str(), 0700);
  std::string path = dir + "/server.lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw InputError("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw InputError("a reportsync-server is serving " + dir + ": stop it first");
  }
}

DataFolderLock::~DataFolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

void backupDataFolder(const std::string& dir, const std::string& file) {
  require(exists(dir + "/data.mdb"), "no server data in " + dir);
  ServerStore store(dir);
  // Written beside the target and renamed over it: an older backup of the same name is
  // replaced only by a complete one.
  std::string partial = file + ".partial";
  std::remove(partial.c_str());
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw InputError("cannot write " + partial + ": " + std::strerror(errno));
  int rc = mdb_env_copyfd2(store.db().lmdb()->handle(), fd, MDB_CP_COMPACT);
  bool ok = rc == 0 && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(partial.c_str(), file.c_str()) != 0) {
    std::remove(partial.c_str());
    throw std::runtime_error("backup to " + file + " failed" +
                             (rc ? std::string(": ") + mdb_strerror(rc) : ""));
  }
}

std::string restoreDataFolder(const std::string& dir, const std::string& file) {
  require(exists(file), "no backup file " + file);
  DataFolderLock lock(dir);
  std::string incoming = dir + "/data.mdb.restoring";
  copyFile(file, incoming);
  StoreFile found = inspect(incoming);
  if (!found.serverStore) {
    std::remove(incoming.c_str());
    throw InputError(file + " is not a reportsync-server backup: nothing changed");
  }
  // A newer server's backup is refused here, before it replaces the store (opening it
  // afterwards refused it too, but with the folder's own store already gone).
  try {
    readableSchema(found.schema, "the backup " + file);
  } catch (const InputError& e) {
    std::remove(incoming.c_str());
    throw InputError(std::string(e.what()) + "; nothing changed");
  }
  if (std::rename(incoming.c_str(), (dir + "/data.mdb").c_str()) != 0) {
    std::remove(incoming.c_str());
    throw std::runtime_error("cannot replace " + dir + "/data.mdb: " + std::strerror(errno));
  }
  // The reader table belonged to the old file; nobody serves the folder (we hold the lock).
  std::remove((dir + "/lock.mdb").c_str());
  ServerStore store(dir);
  store.renewHistoryId();
  return store.historyId();
}

}  // namespace rs::server
