// A process that dies holding an LMDB reader slot of a profile store, as a program killed
// mid-read does: raw LMDB, so that it clears no one's slots itself.
// Usage: dying_reader DIR          dies by SIGKILL inside a read transaction
//        dying_reader DIR --hold   keeps the store open for 60 s, as the desktop program
//                                  does (while any process holds it, LMDB keeps the reader
//                                  table, stale slots included)
#include <lmdb.h>
#include <signal.h>

#include <unistd.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) return 2;
  bool hold = argc == 3;
  MDB_env* env;
  MDB_txn* txn;
  if (mdb_env_create(&env) || mdb_env_set_mapsize(env, size_t(1) << 34) ||
      mdb_env_set_maxdbs(env, 16) || mdb_env_open(env, argv[1], MDB_NOTLS, 0600) ||
      (!hold && mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn))) {
    std::fprintf(stderr, "dying_reader: could not open %s\n", argv[1]);
    return 1;
  }
  if (hold) {
    std::FILE* f = std::fopen((std::string(argv[1]) + "/holding").c_str(), "w");
    if (f) std::fclose(f);
    sleep(60);
    return 0;
  }
  raise(SIGKILL);
}
