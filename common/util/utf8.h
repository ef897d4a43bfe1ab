// UTF-8 <-> code points. Text positions at every API are code points.
#pragma once

#include <string>
#include <string_view>

namespace rs {

// Throws InputError on invalid UTF-8 (overlong forms, surrogates, truncated sequences).
std::u32string utf8ToU32(std::string_view utf8);
std::string u32ToUtf8(std::u32string_view text);
void appendUtf8(std::string& out, char32_t cp);
bool isValidUtf8(std::string_view utf8);

}  // namespace rs
