// What a passing check on outside input costs: rs::require() runs for every element a
// decoder reads (changes, snapshots, histories), so a check that holds must not build its
// message. Counts the bytes this thread asks of operator new, so it is a binary of its own
// (the replaced operator new would count for every suite linked with it).
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "../support/count_new.h"
#include "util/errors.h"

using rs::test::bytesAllocatedBy;

namespace {

// The message of the InputError f() throws ("" when it throws none).
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const rs::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE(
    "require: a check that holds allocates nothing, its message given as a literal or in parts") {
  volatile bool holds = true;  // not known to the compiler, as an input's check is not
  const char* what = "dependency actor";
  const uint64_t seq = 12;
  CHECK(bytesAllocatedBy([&] {
          for (int i = 0; i < 100; ++i)
            rs::require(holds, "change: dependency seq must be at least 1 (数据已损坏)");
        }) == 0);
  CHECK(bytesAllocatedBy([&] {
          for (int i = 0; i < 100; ++i)
            rs::require(holds, "change: ", what, " is not 16 bytes (数据已损坏)");
        }) == 0);
  CHECK(bytesAllocatedBy([&] {
          for (int i = 0; i < 100; ++i)
            rs::require(holds, "history: split point ", seq,
                        " is not inside the span (数据已损坏)");
        }) == 0);
}

TEST_CASE("require: a check that fails throws InputError with its whole message") {
  const std::string name = "word/document.xml";
  CHECK(refusal([] { rs::require(false, "snapshot: unknown reason (数据已损坏)"); }) ==
        "snapshot: unknown reason (数据已损坏)");
  CHECK(refusal([&] { rs::require(false, std::string("made before: ") + name); }) ==
        "made before: word/document.xml");
  // Text parts of every kind, and whole numbers (signed, unsigned, size_t) in decimal.
  CHECK(refusal([&] {
          rs::require(false, name, " nested over ", 64, " levels, at ", int64_t{-3}, " of ",
                      size_t{10'000}, std::string_view(" (嵌套过深)"));
        }) == "word/document.xml nested over 64 levels, at -3 of 10000 (嵌套过深)");
  CHECK(refusal([&] { rs::require(true, name, " is fine", 1); }).empty());
}
