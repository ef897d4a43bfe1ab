// rs::utf8ToU32 (util/utf8.h): what a snapshot's and a change's text go through on every load.
#include <doctest/doctest.h>

#include <string>

#include "util/errors.h"
#include "util/utf8.h"

TEST_CASE("utf8: code points of every length come back, and every malformed form is refused") {
  const std::string text = "a部门\xF0\x9F\x98\x80z";  // 1, 3, 3 and 4 bytes, then ASCII
  CHECK(rs::utf8ToU32(text) == U"a部门\U0001F600z");
  CHECK(rs::utf8ToU32("").empty());
  std::string back;
  for (char32_t c : rs::utf8ToU32(text)) rs::appendUtf8(back, c);
  CHECK(back == text);
  // Truncated, a stray continuation byte, overlong, a surrogate, beyond U+10FFFF, 0xFF.
  for (std::string bad : {"ab\xE9\x83", "\x80", "a\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "x\xFF"}) {
    CAPTURE(bad);
    CHECK_FALSE(rs::isValidUtf8(bad));
    CHECK_THROWS_WITH_AS(rs::utf8ToU32(bad), doctest::Contains("文字编码无效"), rs::InputError);
  }
}
