// Tests for CounterBlocks, the sequence id index's sorted map (crdt/counter_blocks.h):
// random inserts, erases and lookups checked against std::map, across many block splits.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <vector>

#include "crdt/counter_blocks.h"

using rs::crdt::detail::CounterBlocks;

namespace {

// The std::map entry with the greatest key <= k, as CounterBlocks::floor answers it.
const std::pair<const uint64_t, int>* modelFloor(const std::map<uint64_t, int>& m, uint64_t k) {
  auto it = m.upper_bound(k);
  return it == m.begin() ? nullptr : &*std::prev(it);
}

void checkSame(const CounterBlocks<int>& blocks, const std::map<uint64_t, int>& model,
               std::mt19937_64& rng, uint64_t range) {
  for (int i = 0; i < 50; ++i) {
    uint64_t k = rng() % range;
    const auto* got = blocks.floor(k);
    const auto* want = modelFloor(model, k);
    REQUIRE((got == nullptr) == (want == nullptr));
    if (got != nullptr) {
      CHECK(got->key == want->first);
      CHECK(got->value == want->second);
    }
  }
  uint64_t from = rng() % range, to = from + rng() % 300;
  std::vector<std::pair<uint64_t, int>> seen, expected;
  blocks.forEach(from, to, [&](const auto& e) { seen.emplace_back(e.key, e.value); });
  auto it = model.upper_bound(from);
  if (it != model.begin()) --it;
  for (; it != model.end() && it->first < to; ++it) expected.emplace_back(*it);
  CHECK(seen == expected);
}

}  // namespace

TEST_CASE("counter blocks answer as a std::map does through inserts, erases and splits") {
  std::mt19937_64 rng(11);
  for (uint64_t range : {200u, 5'000u, 100'000u}) {
    CounterBlocks<int> blocks;
    std::map<uint64_t, int> model;
    uint64_t next = 0;
    for (int step = 0; step < 20'000; ++step) {
      int kind = int(rng() % 10);
      int value = int(rng() % 1000);
      if (kind < 3) {  // appends above every key, as new ids arrive
        next = std::max(next, model.empty() ? 0 : model.rbegin()->first + 1) + rng() % 5;
        blocks.pushBack(next, value);
        model.emplace(next, value);
      } else if (kind < 8) {  // inserts anywhere; a held key keeps its value
        uint64_t k = rng() % range;
        blocks.insert(k, value);
        model.emplace(k, value);
      } else {  // erases a range
        uint64_t from = rng() % range, to = from + rng() % (kind == 8 ? 10 : 400);
        blocks.erase(from, to);
        model.erase(model.lower_bound(from), model.lower_bound(to));
      }
      REQUIRE(blocks.empty() == model.empty());
      if (!model.empty()) REQUIRE(blocks.back().key == model.rbegin()->first);
      if (step % 50 == 0) checkSame(blocks, model, rng, range + 10);
    }
    checkSame(blocks, model, rng, range + 10);
    blocks.clear();
    CHECK(blocks.empty());
    CHECK(blocks.floor(5) == nullptr);
  }
}
