#include "auth.h"

#include <sodium.h>

#include <stdexcept>

#include "crdt/ids.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::server {

std::string hashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  // crypto_pwhash_str uses Argon2id; "interactive" limits keep a login well under a second.
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("crypto_pwhash_str: out of memory");
  return out;
}

bool verifyPassword(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string newToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  crdt::ActorId a, b;
  std::copy(bytes, bytes + 16, a.begin());
  std::copy(bytes + 16, bytes + 32, b.begin());
  return crdt::toHex(a) + crdt::toHex(b);
}

std::string tokenHash(const std::string& token) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

void requireUserName(const std::string& name) {
  require(!name.empty() && name.size() <= 64,
          "a user name has 1 to 64 bytes (用户名应为1至64字节)");
  for (unsigned char c : name)
    require(c >= 0x20 && c != 0x7f, "a user name has no control characters (用户名不能含控制字符)");
  require(isValidUtf8(name), "a user name is valid UTF-8 text (用户名须为有效文字)");
}

}  // namespace rs::server
