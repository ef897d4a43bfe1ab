#include "core/bundle.h"

#include <sodium.h>

#include "doc/capnp_bytes.h"
#include "proto/change.capnp.h"
#include "util/errors.h"

namespace rs::core {

namespace {

constexpr char kMagic[] = "reportsync-bundle";
constexpr uint32_t kFormat = 1;

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

std::string encodeBundle(const Bundle& bundle) {
  crdt::ActorId id;
  require(crdt::fromHex(bundle.reportId, id), "bad report id");
  std::string raw(reinterpret_cast<const char*>(id.data()), 16);
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<proto::Bundle>();
  b.setMagic(kMagic);
  b.setFormatVersion(kFormat);
  b.setReportId(bytesOf(raw));
  auto list = b.initChanges(bundle.changes.size());
  for (size_t i = 0; i < bundle.changes.size(); ++i) list.set(i, bytesOf(bundle.changes[i]));
  b.setSha256(bytesOf(digest(raw, bundle.changes)));
  return messageToString(message);
}

Bundle decodeBundle(std::string_view bytes) {
  try {
    MessageBytes message(bytes, "bundle");
    auto r = message.root<proto::Bundle>();
    require(std::string_view(r.getMagic().cStr()) == kMagic, "not a reportsync bundle");
    require(r.getFormatVersion() == kFormat,
            "bundle format " + std::to_string(r.getFormatVersion()) + " is not supported");
    require(r.getReportId().size() == 16, "bundle: bad report id");
    std::string raw(reinterpret_cast<const char*>(r.getReportId().begin()), 16);
    Bundle out;
    crdt::ActorId id;
    std::copy(raw.begin(), raw.end(), id.begin());
    out.reportId = crdt::toHex(id);
    for (auto c : r.getChanges())
      out.changes.emplace_back(reinterpret_cast<const char*>(c.begin()), c.size());
    auto sha = r.getSha256();
    require(std::string_view(reinterpret_cast<const char*>(sha.begin()), sha.size()) ==
                digest(raw, out.changes),
            "bundle is damaged or altered: its SHA-256 does not match its content");
    return out;
  } catch (const kj::Exception& e) {
    throw InputError("bundle: malformed file");
  }
}

}  // namespace rs::core
