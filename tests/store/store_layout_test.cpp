// A profile store of a layout newer than this build knows (replica.h's layout log) is
// refused with a clear message, in Chinese and English, and left exactly as it was: by the
// library, and by reportsync-cli with a non-zero exit.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "../support/cli.h"
#include "../support/temp_dir.h"
#include "core/replica.h"
#include "minimal_report.h"
#include "store/lmdb.h"
#include "util/errors.h"

using namespace rs;

namespace {

std::string bytesOf(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a profile store of a newer layout is refused and left as it was") {
  test::TempDir dir;
  std::string store = dir.sub("store");
  std::string id;
  {
    core::Replica replica(store);
    id = test::newMinimal(replica).id;
  }
  {
    // As a later reportsync would leave it: the layout number raised past this build's.
    store::Env env(store, size_t(1) << 30, 32);
    store::Txn txn(env, store::Txn::kWrite);
    store::Dbi::open(txn, "profile").put(txn, "store-version", store::encodeU64(5));
    txn.commit();
  }
  std::string before = bytesOf(store + "/data.mdb");

  std::string message;
  try {
    core::Replica replica(store);
  } catch (const InputError& e) {
    message = e.what();
  }
  CHECK(message.find("newer reportsync (store layout 5; this one reads up to 4)") !=
        std::string::npos);
  CHECK(message.find("本地数据由更新版本的 reportsync 写入") != std::string::npos);
  CHECK(bytesOf(store + "/data.mdb") == before);

  auto r = test::runProcess({RS_CLI_PATH, "--store", store, "show", id});
  CHECK(r.exitCode != 0);
  CHECK(r.err.find("store layout 5") != std::string::npos);
  CHECK(bytesOf(store + "/data.mdb") == before);
}
