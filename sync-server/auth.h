// Passwords (Argon2id through libsodium) and session tokens; login_guard.h limits logins.
#pragma once

#include <string>

namespace rs::server {

std::string hashPassword(const std::string& password);
bool verifyPassword(const std::string& hash, const std::string& password);

// 256 random bits as 64 hex digits. Only its SHA-256 is stored.
std::string newToken();
std::string tokenHash(const std::string& token);

// Throws InputError unless `name` is a usable user name (1-64 bytes, no control chars).
void requireUserName(const std::string& name);

}  // namespace rs::server
