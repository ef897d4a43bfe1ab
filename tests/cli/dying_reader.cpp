// A process that dies holding an LMDB reader slot of a profile store, as a program killed
// mid-read does: raw LMDB, so that it clears no one's slots itself. Usage: dying_reader DIR
#include <lmdb.h>
#include <signal.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  MDB_env* env;
  MDB_txn* txn;
  if (mdb_env_create(&env) || mdb_env_set_mapsize(env, size_t(1) << 34) ||
      mdb_env_set_maxdbs(env, 16) || mdb_env_open(env, argv[1], MDB_NOTLS, 0600) ||
      mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn)) {
    std::fprintf(stderr, "dying_reader: could not open %s\n", argv[1]);
    return 1;
  }
  raise(SIGKILL);
}
