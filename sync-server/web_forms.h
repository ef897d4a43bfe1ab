// The small pieces of the web that the bureau pages need: form bodies
// (application/x-www-form-urlencoded), cookies, and percent-encoding for file names.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace rs::server {

// "a=1&b=x%20y" -> {a: 1, b: "x y"}; '+' is a space. A name given twice keeps the first.
std::map<std::string, std::string> parseForm(std::string_view body);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "".
std::string cookieValue(std::string_view header, std::string_view name);

// RFC 3986 percent-encoding of everything but unreserved characters (for filename*=).
std::string percentEncode(std::string_view text);

}  // namespace rs::server
