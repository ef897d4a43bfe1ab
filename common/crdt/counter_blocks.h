// A sorted map from counters to small values, kept as a list of sorted blocks of at most
// kBlock entries: the sequence's id index (sequence_tree.h) looks a leaf up for every origin
// and delete of a remote op and moves entries at every leaf split. A std::map there cost a
// node allocation per entry and a pointer chase per level (a quarter of applying a history,
// issue 11); here a lookup is two binary searches over contiguous memory and an insert moves
// at most a block's entries.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rs::crdt::detail {

template <typename V>
class CounterBlocks {
 public:
  struct Entry {
    uint64_t key;
    V value;
  };

  bool empty() const { return blocks_.empty(); }
  // The entry with the greatest key; the map must not be empty.
  const Entry& back() const { return blocks_.back().back(); }

  // The entry with the greatest key <= k, or nullptr. Valid until the next change.
  const Entry* floor(uint64_t k) const {
    size_t b = blockAtOrBefore(k);
    if (b == kNone) return nullptr;
    const std::vector<Entry>& block = blocks_[b];
    auto it = std::upper_bound(block.begin(), block.end(), k, keyBefore);
    assert(it != block.begin());
    return &*std::prev(it);
  }

  // Adds (key, value) after every entry; key must be greater than every key held.
  void pushBack(uint64_t key, V value) {
    assert(empty() || back().key < key);
    if (empty() || blocks_.back().size() >= kBlock) {
      blocks_.emplace_back().reserve(kBlock);
      firsts_.push_back(key);
    }
    blocks_.back().push_back(Entry{key, value});
  }

  // Adds (key, value) unless an entry with that key is held (which is then kept, as
  // std::map::emplace does).
  void insert(uint64_t key, V value) {
    if (empty()) return pushBack(key, value);
    size_t b = blockAtOrBefore(key);
    if (b == kNone) b = 0;
    std::vector<Entry>& block = blocks_[b];
    auto it = std::lower_bound(block.begin(), block.end(), key, keyAfter);
    if (it != block.end() && it->key == key) return;
    block.insert(it, Entry{key, value});
    firsts_[b] = block.front().key;
    if (block.size() > 2 * kBlock) splitBlock(b);
  }

  // Removes every entry with from <= key < to.
  void erase(uint64_t from, uint64_t to) {
    size_t b = blockAtOrBefore(from);
    if (b == kNone) b = 0;
    while (b < blocks_.size() && firsts_[b] < to) {
      std::vector<Entry>& block = blocks_[b];
      auto lo = std::lower_bound(block.begin(), block.end(), from, keyAfter);
      auto hi = std::lower_bound(lo, block.end(), to, keyAfter);
      block.erase(lo, hi);
      if (block.empty()) {
        blocks_.erase(blocks_.begin() + ptrdiff_t(b));
        firsts_.erase(firsts_.begin() + ptrdiff_t(b));
        continue;
      }
      firsts_[b] = block.front().key;
      ++b;
    }
  }

  // Calls fn(entry) for the entry floor(from) (if any) and every later one with key < to.
  template <typename Fn>
  void forEach(uint64_t from, uint64_t to, Fn&& fn) const {
    size_t b = blockAtOrBefore(from);
    size_t i = 0;
    if (b == kNone) {
      b = 0;
    } else {
      const std::vector<Entry>& block = blocks_[b];
      i = size_t(std::upper_bound(block.begin(), block.end(), from, keyBefore) - block.begin()) - 1;
    }
    for (; b < blocks_.size(); ++b, i = 0) {
      for (; i < blocks_[b].size(); ++i) {
        if (blocks_[b][i].key >= to) return;
        fn(blocks_[b][i]);
      }
    }
  }

  void clear() { blocks_.clear(), firsts_.clear(); }

 private:
  static constexpr size_t kBlock = 64;  // entries a block is filled to by pushBack and splits
  static constexpr size_t kNone = SIZE_MAX;

  static bool keyBefore(uint64_t k, const Entry& e) { return k < e.key; }
  static bool keyAfter(const Entry& e, uint64_t k) { return e.key < k; }

  // The last block whose first key is <= k; kNone when k is below every key.
  size_t blockAtOrBefore(uint64_t k) const {
    auto it = std::upper_bound(firsts_.begin(), firsts_.end(), k);
    return it == firsts_.begin() ? kNone : size_t(it - firsts_.begin()) - 1;
  }

  void splitBlock(size_t b) {
    std::vector<Entry>& block = blocks_[b];
    std::vector<Entry> upper(block.begin() + ptrdiff_t(kBlock), block.end());
    block.resize(kBlock);
    firsts_.insert(firsts_.begin() + ptrdiff_t(b) + 1, upper.front().key);
    blocks_.insert(blocks_.begin() + ptrdiff_t(b) + 1, std::move(upper));
  }

  std::vector<std::vector<Entry>> blocks_;  // each non-empty and sorted; in key order
  std::vector<uint64_t> firsts_;            // blocks_[i].front().key
};

}  // namespace rs::crdt::detail
