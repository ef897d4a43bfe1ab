// The server's data folder as a whole: who serves it, backups and restores.
#pragma once

#include <string>

namespace rs::server {

// Held by the process serving a data folder (an flock on DIR/server.lock, released when the
// process ends, however it ends). Throws InputError when another process holds it.
class DataFolderLock {
 public:
  explicit DataFolderLock(const std::string& dir);
  ~DataFolderLock();
  DataFolderLock(const DataFolderLock&) = delete;
  DataFolderLock& operator=(const DataFolderLock&) = delete;

 private:
  int fd_ = -1;
};

// Writes a consistent, compacted copy of the store in `dir` to `file` (replacing an older
// one only once the copy is complete). Safe while a server serves `dir`: LMDB copies one
// read transaction's snapshot. Throws InputError when `dir` holds no server store.
void backupDataFolder(const std::string& dir, const std::string& file);

// Replaces the store in `dir` with the backup `file` and gives it a new history identity,
// so that clients re-send what the backup lacks. Refuses (InputError, nothing changed)
// while a server serves `dir`, or when `file` is not a server backup. Returns the new id.
std::string restoreDataFolder(const std::string& dir, const std::string& file);

}  // namespace rs::server
