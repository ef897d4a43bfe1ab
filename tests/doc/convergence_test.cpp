// Convergence of the document layer: replicas editing at random, exchanging changes as
// bytes (encodeChange / decodeChange) in random orders, with duplicates and changes that
// arrive before their dependencies, must end identical, and no typed character may be lost.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "crdt/sequence.h"
#include "doc/change_codec.h"
#include "doc/document.h"
#include "doc/local_edit.h"
#include "doc/snapshot.h"
#include "docreport/render.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace {

using rs::core::renderJson;
using rs::crdt::ActorId;
using rs::doc::ApplyResult;
using rs::doc::Change;
using rs::doc::Document;
using rs::doc::LocalEdit;
using rs::doc::OpId;
using Rng = std::mt19937_64;

// An element named the same way on every replica: its actor's bytes and its counter.
using GlobalId = std::pair<ActorId, uint64_t>;

ActorId actorNumber(uint8_t n) {
  ActorId a{};
  a[0] = uint8_t(0x10 * n + 3);  // not in replica order, so tie-breaks are not trivially so
  a[15] = n;
  return a;
}

size_t pick(Rng& rng, size_t n) {
  return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
}
bool chance(Rng& rng, double p) {
  return std::uniform_real_distribution<double>(0, 1)(rng) < p;
}

class Replica {
 public:
  explicit Replica(uint8_t n) : actor_(actorNumber(n)) {}

  Document& doc() { return *doc_; }
  const ActorId& actor() const { return actor_; }
  size_t pendingCount() const { return pending_.size(); }

  // Applies an encoded change, or keeps it until its dependencies have arrived.
  void receive(const std::string& bytes) {
    Change c = rs::doc::decodeChange(bytes, doc_->actors());
    ApplyResult result = doc_->apply(c);
    if (result == ApplyResult::kMissingDeps) pending_.push_back(std::move(c));
    if (result == ApplyResult::kApplied) retryPending();
  }

 private:
  void retryPending() {
    for (bool progress = true; progress;) {
      progress = false;
      for (size_t i = 0; i < pending_.size(); ++i) {
        if (doc_->apply(pending_[i]) == ApplyResult::kMissingDeps) continue;
        pending_.erase(pending_.begin() + long(i));
        progress = true;
        break;
      }
    }
  }

  std::unique_ptr<Document> doc_ = std::make_unique<Document>();
  ActorId actor_;
  std::vector<Change> pending_;
};

std::u32string sectionText(Document& d, size_t outlineIndex = 0) {
  return d.section(d.outline().at(outlineIndex).id)->text.text();
}

// Every text character ever inserted and every one ever deleted, by global id.
struct CharLedger {
  std::map<GlobalId, char32_t> inserted;
  std::set<GlobalId> deleted;

  void record(const Document& d, const Change& c) {
    uint64_t counter = c.lamport;
    for (const rs::doc::Op& op : c.ops) {
      if (auto* ins = std::get_if<rs::doc::TextInsert>(&op)) {
        for (size_t k = 0; k < ins->text.size(); ++k)
          inserted[{c.id.actor, counter + k}] = ins->text[k];
      } else if (auto* del = std::get_if<rs::doc::TextDelete>(&op)) {
        const ActorId& owner = d.actors().bytes(del->start.actor);
        for (uint64_t k = 0; k < del->length; ++k) deleted.insert({owner, del->start.counter + k});
      }
      counter += rs::doc::opWidth(op);
    }
  }
};

// Appends rather than concatenating: GCC 12 warns falsely (-Wrestrict) on "literal" + string.
std::string numbered(std::string prefix, size_t n) {
  prefix += std::to_string(n);
  return prefix;
}

const std::u32string kAlphabet = U"abcdefgh 报告预算执行率绩效自评\n";

std::u32string randomText(Rng& rng) {
  std::u32string s(1 + pick(rng, 6), U' ');
  for (char32_t& c : s) c = kAlphabet[pick(rng, kAlphabet.size())];
  return s;
}

// Makes random edits through LocalEdit. Every op is checked to be valid before it is
// made, because an op that throws midway would leave the edit half applied.
class RandomEditor {
 public:
  RandomEditor(Rng& rng, Document& d, LocalEdit& e) : rng_(rng), d_(d), e_(e) {}

  // Returns false when the chosen kind of op has nothing to act on here.
  bool randomOp() {
    size_t roll = pick(rng_, 100);
    if (roll < 38) return insertText();
    if (roll < 58) return deleteText();
    if (roll < 64) return insertRow();
    if (roll < 68) return deleteRow();
    if (roll < 82) return setCell();
    if (roll < 94) return moveSection();
    if (roll < 98) return setTitle();
    return createSection();
  }

 private:
  OpId randomSection() {
    auto outline = d_.outline();
    // Half the edits go to the first section, so that replicas often touch the same text.
    return outline[chance(rng_, 0.5) ? 0 : pick(rng_, outline.size())].id;
  }

  size_t randomPosition(size_t size) {
    size_t roll = pick(rng_, 10);
    if (roll < 3) return std::min<size_t>(size, 3);  // a hot spot every replica types at
    if (roll < 4) return 0;
    if (roll < 5) return size;
    return pick(rng_, size + 1);
  }

  bool insertText() {
    OpId s = randomSection();
    e_.insertText(s, randomPosition(d_.section(s)->text.size()), randomText(rng_));
    return true;
  }

  bool deleteText() {
    OpId s = randomSection();
    size_t size = d_.section(s)->text.size();
    if (size == 0) return false;
    size_t pos = std::min(randomPosition(size), size - 1);
    e_.deleteText(s, pos, 1 + pick(rng_, std::min<size_t>(5, size - pos)));
    return true;
  }

  OpId table() { return d_.tables().front(); }

  bool insertRow() {
    size_t n = d_.rows(table()).size();
    e_.insertRow(table(), pick(rng_, n + 1), numbered("r", pick(rng_, 1000000)), "added");
    return true;
  }

  // Only added rows: a template row (no group) no one may delete (doc/rights.cpp), and
  // randomEdit applies its edits locally as made.
  bool deleteRow() {
    std::vector<OpId> rows;
    for (OpId r : d_.rows(table()))
      if (!d_.table(table())->rowInfo.at(r).fixed()) rows.push_back(r);
    if (rows.size() <= 1) return false;
    e_.deleteRow(table(), rows[pick(rng_, rows.size())]);
    return true;
  }

  bool setCell() {
    auto rows = d_.rows(table());
    if (rows.empty()) return false;
    // Many writes go to one cell, so that concurrent writes to it are common.
    bool hot = chance(rng_, 0.5);
    OpId row = hot ? rows.front() : rows[pick(rng_, rows.size())];
    std::string column = hot ? "a" : std::string(1, char('a' + pick(rng_, 3)));
    e_.setCell(table(), row, column, numbered("万元", pick(rng_, 100000)));
    return true;
  }

  bool insideSubtree(OpId candidate, OpId root) {
    for (std::optional<OpId> up = candidate; up; up = d_.parentOf(*up))
      if (*up == root) return true;
    return false;
  }

  // Moves a section under a random parent. The first two sections are moved under each
  // other often, so that concurrent moves cross and form cycles.
  bool moveSection() {
    auto outline = d_.outline();
    OpId s = outline[pick(rng_, std::min<size_t>(2, outline.size()))].id;
    std::optional<OpId> parent;
    if (chance(rng_, 0.6)) parent = outline[pick(rng_, std::min<size_t>(3, outline.size()))].id;
    if (parent && insideSubtree(*parent, s)) return false;
    size_t siblings = 0;
    for (const auto& entry : outline) siblings += entry.id != s && d_.parentOf(entry.id) == parent;
    e_.moveSection(s, parent, pick(rng_, siblings + 1));
    return true;
  }

  bool setTitle() {
    e_.setSectionField(randomSection(), rs::doc::SectionField::kTitle,
                       numbered("标题", pick(rng_, 100)));
    return true;
  }

  bool createSection() {
    auto outline = d_.outline();
    if (outline.size() >= 10) return false;
    std::optional<OpId> parent;
    if (chance(rng_, 0.5)) parent = outline[pick(rng_, outline.size())].id;
    size_t children = 0;
    for (const auto& entry : outline) children += d_.parentOf(entry.id) == parent;
    e_.createSection(parent, pick(rng_, children + 1), "新节");
    return true;
  }

  Rng& rng_;
  Document& d_;
  LocalEdit& e_;
};

// Replicas, the messages in flight between them and everything ever made.
class Network {
 public:
  Network(size_t replicas, uint64_t seed) : rng_(seed) {
    for (size_t i = 0; i < replicas; ++i)
      replicas_.push_back(std::make_unique<Replica>(uint8_t(i)));
  }

  Replica& replica(size_t i) { return *replicas_[i]; }
  size_t size() const { return replicas_.size(); }
  Rng& rng() { return rng_; }
  const CharLedger& ledger() const { return ledger_; }
  size_t changeCount() const { return log_.size(); }
  size_t sectionsCreated() const { return sectionsCreated_; }

  // Records a change made on replica `from` and sends it to every other replica, now and
  // then twice.
  void publish(size_t from, const Change& c) {
    Document& d = replicas_[from]->doc();
    ledger_.record(d, c);
    for (const rs::doc::Op& op : c.ops)
      sectionsCreated_ += std::holds_alternative<rs::doc::SectionCreate>(op);
    log_.push_back(rs::doc::encodeChange(c, d.actors()));
    for (size_t to = 0; to < replicas_.size(); ++to) {
      if (to == from) continue;
      inFlight_.push_back({to, log_.size() - 1});
      if (chance(rng_, 0.1)) inFlight_.push_back({to, log_.size() - 1});
    }
  }

  // Records an encoded change made on a copy of replica `from`'s document: `from` applies
  // it at once, as a received change; the others get it in flight.
  void publishBytes(size_t from, const std::string& bytes) {
    log_.push_back(bytes);
    replicas_[from]->receive(bytes);
    for (size_t to = 0; to < replicas_.size(); ++to)
      if (to != from) inFlight_.push_back({to, log_.size() - 1});
  }

  // Delivers up to n messages picked at random, so changes often overtake their deps.
  void deliverRandom(size_t n) {
    for (size_t k = 0; k < n && !inFlight_.empty(); ++k) {
      size_t i = pick(rng_, inFlight_.size());
      std::swap(inFlight_[i], inFlight_.back());
      auto [to, change] = inFlight_.back();
      inFlight_.pop_back();
      replicas_[to]->receive(log_[change]);
    }
  }

  // Delivers everything in flight, then the whole log to everyone again (all duplicates).
  void settle() {
    deliverRandom(inFlight_.size());
    for (auto& r : replicas_)
      for (const std::string& bytes : log_) r->receive(bytes);
  }

 private:
  Rng rng_;
  std::vector<std::unique_ptr<Replica>> replicas_;
  std::vector<std::pair<size_t, size_t>> inFlight_;  // (replica, index into log_)
  std::vector<std::string> log_;
  CharLedger ledger_;
  size_t sectionsCreated_ = 0;
};

// Four sections (one nested), a table with three rows, made on replica 0 and delivered.
void createReport(Network& net) {
  Replica& r = net.replica(0);
  LocalEdit e(r.doc(), r.actor(), "办公室", 1000);
  e.setReportField(rs::doc::ReportField::kTitle, "部门整体支出绩效自评报告");
  OpId first = e.createSection(std::nullopt, 0, "一、部门概况");
  e.insertText(first, 0, U"部门职能：经济运行。\n");
  e.createSection(std::nullopt, 1, "二、绩效目标");
  e.createSection(first, 0, "（一）机构设置");
  e.createSection(std::nullopt, 2, "三、评价结论");
  OpId table = e.createTable("basic", "基础数据表");
  for (size_t i = 0; i < 3; ++i) e.insertRow(table, i, "row" + std::to_string(i));
  Change c = e.finish();
  net.publish(0, c);
  net.settle();
}

// Makes one random edit of 1 to 3 ops on a random replica; returns the ops made.
size_t randomEdit(Network& net, int64_t time) {
  size_t from = pick(net.rng(), net.size());
  Replica& r = net.replica(from);
  LocalEdit e(r.doc(), r.actor(), "staff " + std::to_string(from), time);
  RandomEditor editor(net.rng(), r.doc(), e);
  size_t ops = 0, want = 1 + pick(net.rng(), 3);
  for (size_t tries = 0; ops < want && tries < 10; ++tries) ops += editor.randomOp();
  if (ops == 0) return 0;
  net.publish(from, e.finish());
  return ops;
}

std::set<GlobalId> visibleChars(Document& d, const CharLedger& ledger, size_t& mismatched) {
  std::set<GlobalId> visible;
  for (const auto& entry : d.outline()) {
    const rs::crdt::Sequence& text = d.section(entry.id)->text;
    std::u32string content = text.text();
    for (size_t i = 0; i < content.size(); ++i) {
      OpId id = text.idAt(i);
      GlobalId g{d.actors().bytes(id.actor), id.counter};
      auto it = ledger.inserted.find(g);
      mismatched += it == ledger.inserted.end() || it->second != content[i];
      visible.insert(g);
    }
  }
  return visible;
}

void checkNothingLost(Document& d, const CharLedger& ledger) {
  size_t mismatched = 0, lost = 0, deletedButShown = 0;
  std::set<GlobalId> visible = visibleChars(d, ledger, mismatched);
  for (const auto& [id, ch] : ledger.inserted)
    lost += !visible.count(id) && !ledger.deleted.count(id);
  for (const GlobalId& id : ledger.deleted) deletedButShown += visible.count(id);
  CHECK(mismatched == 0);
  CHECK(lost == 0);
  CHECK(deletedButShown == 0);
  CHECK(ledger.inserted.size() > 5000);
}

void checkConverged(Network& net, size_t sectionsCreated) {
  std::string expected = renderJson(net.replica(0).doc());
  for (size_t i = 0; i < net.size(); ++i) {
    Document& d = net.replica(i).doc();
    CAPTURE(i);
    CHECK(net.replica(i).pendingCount() == 0);
    CHECK(d.version().total() == net.changeCount());
    CHECK(renderJson(d) == expected);
    // Every section appears exactly once in the outline, whatever the concurrent moves.
    CHECK(d.outline().size() == sectionsCreated);
    std::unique_ptr<Document> loaded = rs::doc::decodeSnapshot(rs::doc::encodeSnapshot(d));
    CHECK(renderJson(*loaded) == expected);
  }
}

}  // namespace

TEST_CASE("five replicas with random edits in random delivery orders converge") {
  for (uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Network net(5, seed);
    createReport(net);
    size_t ops = 0;
    int64_t time = 2000;
    while (ops < 10000) {
      ops += randomEdit(net, ++time);
      net.deliverRandom(pick(net.rng(), 9));
      if (chance(net.rng(), 0.002)) net.settle();  // now and then everyone syncs
    }
    net.settle();
    MESSAGE("seed " << seed << ": " << ops << " ops in " << net.changeCount() << " changes");
    checkConverged(net, net.sectionsCreated());
    checkNothingLost(net.replica(0).doc(), net.ledger());
  }
}

namespace {

// Two replicas holding the same section text, for the Fugue paper's examples.
struct Pair {
  Network net{2, 7};
  Pair(const std::u32string& start) {
    Replica& a = net.replica(0);
    LocalEdit e(a.doc(), a.actor(), "a", 1000);
    OpId s = e.createSection(std::nullopt, 0, "正文");
    e.insertText(s, 0, start);
    net.publish(0, e.finish());
    net.settle();
  }
  Replica& a() { return net.replica(0); }
  Replica& b() { return net.replica(1); }
};

// Types `run` at `pos`, one change per character, as a person would: forwards, each
// character after the previous one, or backwards, each one before the previous one.
// Returns the changes, encoded.
std::vector<std::string> typeRun(Replica& r, size_t pos, const std::u32string& run, bool forwards) {
  std::vector<std::string> out;
  for (size_t i = 0; i < run.size(); ++i) {
    LocalEdit e(r.doc(), r.actor(), "typist", int64_t(2000 + i));
    OpId s = r.doc().outline().at(0).id;
    if (forwards) {
      e.insertText(s, pos + i, run.substr(i, 1));
    } else {
      e.insertText(s, pos, run.substr(run.size() - 1 - i, 1));
    }
    out.push_back(rs::doc::encodeChange(e.finish(), r.doc().actors()));
  }
  return out;
}

void deliver(Replica& to, std::vector<std::string> changes, bool reversed) {
  if (reversed) std::reverse(changes.begin(), changes.end());  // every one waits for its deps
  for (const std::string& c : changes) to.receive(c);
}

// Both replicas show the same text, and it is `start` with the two runs placed whole,
// one after the other, at `pos`.
void checkUnbroken(Pair& p, const std::u32string& start, size_t pos, const std::u32string& runA,
                   const std::u32string& runB) {
  std::u32string text = sectionText(p.a().doc());
  CHECK(text == sectionText(p.b().doc()));
  CHECK(renderJson(p.a().doc()) == renderJson(p.b().doc()));
  std::u32string before = start.substr(0, pos), after = start.substr(pos);
  bool ab = text == before + runA + runB + after, ba = text == before + runB + runA + after;
  CHECK((ab || ba));
  CHECK(p.a().pendingCount() == 0);
  CHECK(p.b().pendingCount() == 0);
}

}  // namespace

TEST_CASE("runs typed at the same spot do not interleave") {
  const std::u32string start = U"报告：\n";
  for (bool reversed : {false, true}) {
    CAPTURE(reversed);
    SUBCASE("both typing forwards") {
      Pair p(start);
      auto a = typeRun(p.a(), 3, U"abcdef", true);
      auto b = typeRun(p.b(), 3, U"预算执行率", true);
      deliver(p.b(), a, reversed);
      deliver(p.a(), b, !reversed);
      checkUnbroken(p, start, 3, U"abcdef", U"预算执行率");
    }
    SUBCASE("both typing backwards") {
      Pair p(start);
      auto a = typeRun(p.a(), 3, U"abcdef", false);
      auto b = typeRun(p.b(), 3, U"预算执行率", false);
      deliver(p.b(), a, reversed);
      deliver(p.a(), b, !reversed);
      checkUnbroken(p, start, 3, U"abcdef", U"预算执行率");
    }
    SUBCASE("one forwards, one backwards") {
      Pair p(start);
      auto a = typeRun(p.a(), 3, U"abcdef", true);
      auto b = typeRun(p.b(), 3, U"xyz", false);
      deliver(p.b(), a, reversed);
      deliver(p.a(), b, reversed);
      checkUnbroken(p, start, 3, U"abcdef", U"xyz");
    }
    SUBCASE("one goes back and inserts inside its own run") {
      Pair p(start);
      auto a = typeRun(p.a(), 3, U"abc", true);
      auto inside = typeRun(p.a(), 4, U"XY", true);  // between a and b: aXYbc
      a.insert(a.end(), inside.begin(), inside.end());
      auto b = typeRun(p.b(), 3, U"xyz", true);
      deliver(p.b(), a, reversed);
      deliver(p.a(), b, reversed);
      checkUnbroken(p, start, 3, U"aXYbc", U"xyz");
    }
  }
}

TEST_CASE("crossing and cyclic concurrent section moves converge") {
  Network net(3, 11);
  createReport(net);  // outline: 1 (with 1.1), 2, 3
  auto ids = [&](size_t r) {
    std::vector<OpId> out;
    for (const auto& entry : net.replica(r).doc().outline()) out.push_back(entry.id);
    return out;
  };
  {  // replica 0 moves section 2 under section 3; replica 1 moves 3 under 2: a cycle
    Replica& r = net.replica(0);
    LocalEdit e(r.doc(), r.actor(), "a", 5000);
    e.moveSection(ids(0)[2], ids(0)[3], 0);
    net.publish(0, e.finish());
  }
  {
    Replica& r = net.replica(1);
    LocalEdit e(r.doc(), r.actor(), "b", 5000);
    e.moveSection(ids(1)[3], ids(1)[2], 0);
    net.publish(1, e.finish());
  }
  {  // replica 2 swaps sections 1 and 2 at the top level: crossing moves
    Replica& r = net.replica(2);
    LocalEdit e(r.doc(), r.actor(), "c", 5000);
    e.moveSection(ids(2)[0], std::nullopt, 2);
    e.moveSection(ids(2)[2], std::nullopt, 0);
    net.publish(2, e.finish());
  }
  net.settle();
  checkConverged(net, net.sectionsCreated());
  // One of the cyclic moves won: sections 2 and 3 are one under the other.
  Document& d = net.replica(0).doc();
  auto outline = d.outline();
  size_t nested = 0;
  for (const auto& entry : outline) nested += entry.depth > 1;
  CHECK(nested == 2);
}

TEST_CASE("sections hung below level 9 by concurrent moves are all shown, at level 9") {
  // Each move is within nine levels where it is made; merged, chain D ends at level 10.
  // Before, outline() recursed a level a section (a fuzzed snapshot nesting 35,000 took it
  // to 2 GB and a stack overflow); now every replica shows the tenth level at the ninth
  // (Document::kMaxOutlineDepth), numbered on after its ancestor there.
  Network net(2, 13);
  {
    Replica& r = net.replica(0);
    LocalEdit e(r.doc(), r.actor(), "办公室", 1000);
    std::optional<OpId> parent;
    for (int i = 1; i <= 5; ++i) parent = e.createSection(parent, 0, "C" + std::to_string(i));
    parent.reset();
    for (int i = 1; i <= 5; ++i)
      parent = e.createSection(parent, parent ? 0 : 1, "D" + std::to_string(i));
    e.createSection(std::nullopt, 2, "E");
    net.publish(0, e.finish());
    net.settle();
  }
  auto ids = [&](size_t r) {  // outline order: C1..C5, D1..D5, E
    std::vector<OpId> out;
    for (const auto& entry : net.replica(r).doc().outline()) out.push_back(entry.id);
    return out;
  };
  {  // D1 (its chain 5 levels) under C4 (level 4): D5 at level 9
    Replica& r = net.replica(0);
    LocalEdit e(r.doc(), r.actor(), "a", 2000);
    e.moveSection(ids(0)[5], ids(0)[3], 1);
    net.publish(0, e.finish());
  }
  {  // concurrently, C1 under E: C4 at level 5
    Replica& r = net.replica(1);
    LocalEdit e(r.doc(), r.actor(), "b", 2000);
    e.moveSection(ids(1)[0], ids(1)[10], 0);
    net.publish(1, e.finish());
  }
  net.settle();
  checkConverged(net, net.sectionsCreated());
  Document& d = net.replica(0).doc();
  auto outline = d.outline();
  REQUIRE(outline.size() == 11);
  std::vector<int> depths;
  std::vector<std::string> titles;
  for (const auto& entry : outline) {
    depths.push_back(entry.depth);
    titles.push_back(*d.section(entry.id)->title.latest());
    CHECK(entry.number.size() == size_t(entry.depth));
  }
  CHECK(titles ==
        std::vector<std::string>{"E", "C1", "C2", "C3", "C4", "C5", "D1", "D2", "D3", "D4", "D5"});
  CHECK(depths == std::vector<int>{1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 9});
  CHECK(outline[10].number == std::vector<int>{1, 1, 1, 1, 1, 2, 1, 1, 2});  // after D4's
  CHECK(d.parentOf(outline[10].id) == outline[9].id);  // the tree keeps D5 under D4

  // Nesting a tenth level by hand is refused, with nothing changed.
  LocalEdit e(d, net.replica(0).actor(), "a", 3000);
  CHECK_THROWS_WITH_AS(e.createSection(outline[9].id, 0, "x"), doctest::Contains("章节最多 9 级"),
                       rs::InputError);
  CHECK_THROWS_WITH_AS(e.moveSection(outline[6].id, outline[5].id, 0),
                       doctest::Contains("章节最多 9 级"), rs::InputError);
  // A create past the end is refused before the section is made: before, the section was
  // created and then refused a place, and the edit held a section shown nowhere.
  CHECK_THROWS_WITH_AS(e.createSection(std::nullopt, 3, "x"), doctest::Contains("章节位置超出范围"),
                       rs::InputError);
  CHECK(e.empty());
  CHECK(d.outline().size() == 11);
}

TEST_CASE("concurrent writes to one cell keep every value until one is picked") {
  Network net(3, 5);
  createReport(net);
  for (size_t i = 0; i < 3; ++i) {
    Replica& r = net.replica(i);
    OpId table = r.doc().tables().front();
    LocalEdit e(r.doc(), r.actor(), "staff", 6000);
    e.setCell(table, r.doc().rows(table).front(), "a", std::to_string(100 + i) + ".00");
    net.publish(i, e.finish());
  }
  net.settle();
  checkConverged(net, net.sectionsCreated());
  auto cellValues = [&](size_t i) {
    Document& d = net.replica(i).doc();
    OpId table = d.tables().front();
    const auto& t = *d.table(table);
    return t.cells.at(rs::doc::Table::cellKey(d.rows(table).front(), "a")).entries().size();
  };
  CHECK(cellValues(0) == 3);
  {
    Replica& r = net.replica(1);
    OpId table = r.doc().tables().front();
    LocalEdit e(r.doc(), r.actor(), "finance", 7000);
    e.setCell(table, r.doc().rows(table).front(), "a", "101.00");
    net.publish(1, e.finish());
  }
  net.settle();
  checkConverged(net, net.sectionsCreated());
  for (size_t i = 0; i < 3; ++i) CHECK(cellValues(i) == 1);
}

namespace {

// Makes a change on a copy of replica `from`'s document and publishes it as bytes, so that
// the maker applies it as every other replica does (as the client store does for an edit
// some op of which may not take effect). `build(edit, copy)` names objects in the copy.
template <typename Build>
void publishChecked(Network& net, size_t from, const std::string& author, Build build) {
  Replica& r = net.replica(from);
  std::unique_ptr<Document> copy = rs::doc::decodeSnapshot(rs::doc::encodeSnapshot(r.doc()));
  LocalEdit e(*copy, r.actor(), author, 9000);
  build(e, *copy);
  net.publishBytes(from, rs::doc::encodeChange(e.release(), copy->actors()));
}

std::string textOf(Document& d, size_t outlineIndex) {
  std::u32string t = sectionText(d, outlineIndex);
  return rs::u32ToUtf8(t);
}

std::vector<std::string> ineffectiveAuthors(const Document& d) {
  std::vector<std::string> out;
  for (const auto& x : d.ineffective()) out.push_back(x.author);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("rights: writing where not assigned, concurrently with assignments, converges") {
  using rs::doc::SectionField;
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    CAPTURE(seed);
    Network net(3, seed);
    createReport(net);  // outline: 一 (with 1.1), 二, 三; replica 0 is 办公室
    auto section = [](Document& d, size_t i) { return d.outline().at(i).id; };
    publishChecked(net, 0, "办公室", [&](LocalEdit& e, Document& d) {
      e.addOffice("办公室");
      e.setSectionField(section(d, 0), SectionField::kAssignee, "li");
    });
    net.settle();

    // Concurrently: the office gives 二 to li and 一 to zhang instead of li; li types in 二
    // (not hers yet: no effect) and in 1.1 (hers, through 一); zhang types in 一 (li's at
    // his change's causal point: no effect) and writes a cell of a table that belongs to
    // no section (the office's: no effect).
    publishChecked(net, 0, "办公室", [&](LocalEdit& e, Document& d) {
      e.setSectionField(section(d, 2), SectionField::kAssignee, "li");
      e.setSectionField(section(d, 0), SectionField::kAssignee, "zhang");
    });
    publishChecked(net, 1, "li",
                   [&](LocalEdit& e, Document& d) { e.insertText(section(d, 2), 0, U"李四越权"); });
    publishChecked(net, 1, "li",
                   [&](LocalEdit& e, Document& d) { e.insertText(section(d, 1), 0, U"李四本节"); });
    publishChecked(net, 2, "zhang", [&](LocalEdit& e, Document& d) {
      e.insertText(section(d, 0), 0, U"张三抢先");
      OpId table = d.tables().front();
      e.setCell(table, d.rows(table).front(), "a", "12.00");
    });
    net.deliverRandom(pick(net.rng(), 6));
    net.settle();
    // Now 二 is li's and 一 zhang's: both write again, and take effect.
    publishChecked(net, 1, "li",
                   [&](LocalEdit& e, Document& d) { e.insertText(section(d, 2), 0, U"李四之后"); });
    publishChecked(net, 2, "zhang",
                   [&](LocalEdit& e, Document& d) { e.insertText(section(d, 0), 0, U"张三之后"); });
    net.settle();
    checkConverged(net, 4);

    for (size_t i = 0; i < net.size(); ++i) {
      CAPTURE(i);
      Document& d = net.replica(i).doc();
      CHECK(textOf(d, 2) == "李四之后");
      CHECK(textOf(d, 1).find("李四本节") == 0);
      CHECK(textOf(d, 0).find("张三之后") == 0);
      CHECK(textOf(d, 0).find("张三抢先") == std::string::npos);
      CHECK(ineffectiveAuthors(d) == std::vector<std::string>{"li", "zhang"});
      std::unique_ptr<Document> loaded = rs::doc::decodeSnapshot(rs::doc::encodeSnapshot(d));
      CHECK(ineffectiveAuthors(*loaded) == ineffectiveAuthors(d));
      OpId table = d.tables().front();
      CHECK(!d.table(table)->cells.count(rs::doc::Table::cellKey(d.rows(table).front(), "a")));
    }
    for (const auto& x : net.replica(0).doc().ineffective()) {
      CHECK(x.reason == rs::doc::Ineffective::Reason::kNotAssigned);
      REQUIRE(x.section.has_value());
    }
  }
}

TEST_CASE("rights: a report with no office recorded is open to everyone") {
  Network net(2, 3);
  createReport(net);
  publishChecked(net, 1, "anyone", [&](LocalEdit& e, Document& d) {
    e.insertText(d.outline().at(2).id, 0, U"任何人");
    e.setReportField(rs::doc::ReportField::kYear, "2025");
  });
  net.settle();
  CHECK(textOf(net.replica(0).doc(), 2) == "任何人");
  CHECK(net.replica(0).doc().ineffective().empty());
  CHECK(net.replica(0).doc().mayWriteSection("anyone", net.replica(0).doc().outline().at(0).id));
}

TEST_CASE("rights: random edits while the office reassigns sections converge") {
  using rs::doc::SectionField;
  for (uint64_t seed : {11u, 12u}) {
    CAPTURE(seed);
    Network net(4, seed);
    createReport(net);
    publishChecked(net, 0, "办公室", [&](LocalEdit& e, Document&) { e.addOffice("办公室"); });
    net.settle();
    size_t ops = 0;
    while (ops < 2000) {
      size_t from = pick(net.rng(), net.size());
      if (from == 0) {  // the office gives a random section to a random member
        publishChecked(net, 0, "办公室", [&](LocalEdit& e, Document& d) {
          auto outline = d.outline();
          e.setSectionField(outline[pick(net.rng(), outline.size())].id, SectionField::kAssignee,
                            numbered("staff ", 1 + pick(net.rng(), 3)));
        });
        ++ops;
      } else {
        publishChecked(net, from, numbered("staff ", from), [&](LocalEdit& e, Document& d) {
          RandomEditor editor(net.rng(), d, e);
          for (size_t tries = 0; e.empty() && tries < 10; ++tries) ops += editor.randomOp();
          if (e.empty()) e.setReportField(rs::doc::ReportField::kYear, "2025");  // office-only
        });
      }
      net.deliverRandom(pick(net.rng(), 9));
      if (chance(net.rng(), 0.01)) net.settle();
    }
    net.settle();
    checkConverged(net, net.replica(0).doc().outline().size());
    std::vector<rs::doc::ChangeId> expected;
    for (const auto& x : net.replica(0).doc().ineffective()) expected.push_back(x.change);
    MESSAGE("seed " << seed << ": " << expected.size() << " of " << net.changeCount()
                    << " changes did not take effect");
    CHECK(!expected.empty());
    for (size_t i = 1; i < net.size(); ++i) {
      std::vector<rs::doc::ChangeId> got;
      for (const auto& x : net.replica(i).doc().ineffective()) got.push_back(x.change);
      CHECK(got == expected);
    }
  }
}
