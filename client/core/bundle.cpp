#include "core/bundle.h"

#include <sodium.h>

#include "doc/capnp_bytes.h"
#include "doc/change_spans.h"
#include "proto/change.capnp.h"
#include "util/errors.h"

namespace rs::core {

namespace {

constexpr char kMagic[] = "reportsync-bundle";
constexpr uint32_t kFormat = 2;        // the history in the compact form
constexpr uint32_t kPackedFormat = 1;  // one packed message per change, still read
// A format 2 bundle claiming more is refused before anything is decoded: a span of a few
// bytes can claim 16,384 changes, each about 100 bytes once decoded and packed.
constexpr uint64_t kMaxBundleChanges = 2'000'000;

std::string digest(const std::string& reportRaw, const std::vector<std::string>& changes) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  auto feed = [&](std::string_view s) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  feed(reportRaw);
  for (const std::string& c : changes) feed(c);
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, out);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

kj::ArrayPtr<const kj::byte> bytesOf(std::string_view s) {
  return kj::arrayPtr(reinterpret_cast<const kj::byte*>(s.data()), s.size());
}

}  // namespace

uint64_t Bundle::changeCount() const {
  uint64_t n = 0;
  for (const doc::SpanInfo& s : doc::listSpans(history, kMaxBundleChanges)) n += s.count;
  return n;
}

std::string encodeBundle(const Bundle& bundle) {
  crdt::ActorId id;
  require(crdt::fromHex(bundle.reportId, id), "bad report id (数据包中的报告编号无效)");
  doc::listSpans(bundle.history, kMaxBundleChanges);  // the headers read
  std::string raw(reinterpret_cast<const char*>(id.data()), 16);
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<proto::Bundle>();
  b.setMagic(kMagic);
  b.setFormatVersion(kFormat);
  b.setReportId(bytesOf(raw));
  b.setHistory(bytesOf(bundle.history));
  b.setSha256(bytesOf(digest(raw, {bundle.history})));
  return messageToString(message);
}

Bundle decodeBundle(std::string_view bytes) {
  try {
    MessageBytes message(bytes, "bundle");
    auto r = message.root<proto::Bundle>();
    require(std::string_view(r.getMagic().cStr()) == kMagic,
            "not a reportsync bundle (不是本程序生成的数据包)");
    const uint32_t format = r.getFormatVersion();
    require(format == kFormat || format == kPackedFormat,
            "bundle format " + std::to_string(format) +
                " is not supported; written by a newer reportsync? please update (数据包格式" +
                std::to_string(format) + "不受支持，可能由新版程序生成，请升级本程序)");
    require(r.getReportId().size() == 16, "bundle: bad report id (数据包已损坏)");
    std::string raw(reinterpret_cast<const char*>(r.getReportId().begin()), 16);
    Bundle out;
    crdt::ActorId id;
    std::copy(raw.begin(), raw.end(), id.begin());
    out.reportId = crdt::toHex(id);
    std::vector<std::string> hashed;
    if (format == kPackedFormat) {
      for (auto c : r.getChanges())
        hashed.emplace_back(reinterpret_cast<const char*>(c.begin()), c.size());
    } else {
      require(r.getChanges().size() == 0, "bundle: changes outside its history (数据包已损坏)");
      hashed.emplace_back(reinterpret_cast<const char*>(r.getHistory().begin()),
                          r.getHistory().size());
    }
    auto sha = r.getSha256();
    require(std::string_view(reinterpret_cast<const char*>(sha.begin()), sha.size()) ==
                digest(raw, hashed),
            "bundle is damaged or altered: its SHA-256 does not match its content "
            "(数据包已损坏或被改动)");
    if (format == kPackedFormat) {
      out.history = doc::packedToHistory(hashed);
    } else {
      out.history = std::move(hashed[0]);
      doc::listSpans(out.history, kMaxBundleChanges);  // refused before anything is merged
    }
    return out;
  } catch (const kj::Exception& e) {
    throw InputError("bundle: malformed file (数据包已损坏)");
  }
}

}  // namespace rs::core
