#include "doc/document.h"

#include <algorithm>
#include <cassert>

#include "util/errors.h"

namespace rs::doc {

Document::Document()
    : actors_(std::make_unique<crdt::ActorTable>()),
      rootChildren_(std::make_unique<Sequence>(*actors_)) {}

std::optional<std::pair<uint64_t, uint64_t>> Document::counterRange(const ChangeId& id) const {
  auto it = counters_.find(id.actor);
  if (it == counters_.end() || id.seq == 0 || id.seq > version_.get(id.actor)) return std::nullopt;
  const auto& segments = it->second;
  auto seg =
      std::upper_bound(segments.begin(), segments.end(), id.seq,
                       [](uint64_t seq, const CounterSegment& s) { return seq < s.firstSeq; });
  assert(seg != segments.begin());
  --seg;
  uint64_t first = seg->firstLamport + (id.seq - seg->firstSeq) * seg->width;
  return std::pair{first, first + seg->width - 1};
}

ApplyResult Document::apply(const Change& change) {
  if (has(change.id)) return ApplyResult::kDuplicate;
  for (const ChangeId& dep : change.deps) {
    require(!(dep.actor == change.id.actor && dep.seq >= change.id.seq),
            "change depends on itself or a later change of its own actor (数据已损坏)");
    if (!has(dep)) return ApplyResult::kMissingDeps;
  }
  if (version_.get(change.id.actor) + 1 != change.id.seq) return ApplyResult::kMissingDeps;
  checkCounters(change.id, change.deps, change.lamport, change.width());
  validateOps(change);

  Ineffective why;
  std::vector<bool> effective = effects(change, &why);  // all true without rights or rows
  OpId id{change.lamport, actors_->intern(change.id.actor)};
  for (size_t i = 0; i < change.ops.size(); ++i) {
    if (effective.empty() || effective[i]) {
      applyOp(change.ops[i], id, change.id);
    } else {
      applyHidden(change.ops[i], id, change.id);
    }
    id.counter += opWidth(change.ops[i]);
  }
  recordChange(change, effective, &why);
  return ApplyResult::kApplied;
}

void Document::checkCounters(const ChangeId& id, const std::vector<ChangeId>& deps,
                             uint64_t lamport, uint64_t width) const {
  uint64_t floor = 0;
  for (const ChangeId& dep : deps) floor = std::max(floor, counterRange(dep)->second);
  if (id.seq > 1) floor = std::max(floor, counterRange({id.actor, id.seq - 1})->second);
  require(lamport > floor, "change reuses counters of a change it follows (数据已损坏)");
  require(lamport < kMaxCounter && width < kMaxCounter - lamport,
          "change's counters are out of range (数据已损坏)");
}

void Document::recordCounters(const ActorId& actor, uint64_t seq, uint64_t lamport, uint64_t width,
                              uint64_t count) {
  auto& segments = counters_[actor];
  bool extendsLast = !segments.empty() && segments.back().width == width &&
                     segments.back().firstSeq + segments.back().count == seq &&
                     segments.back().firstLamport + segments.back().count * width == lamport;
  if (extendsLast) {
    segments.back().count += count;
  } else {
    segments.push_back({seq, lamport, width, count});
  }
}

void Document::recordChange(const Change& change, const std::vector<bool>& effective,
                            const Ineffective* why) {
  recordGrants(change, effective);
  // Rows remember who inserted them: a member may delete only rows they added.
  uint64_t counter = change.lamport;
  for (const Op& op : change.ops) {
    if (auto* ins = std::get_if<RowInsert>(&op)) {
      OpId id{counter, *actors_->find(change.id.actor)};
      tables_.at(ins->table)->rowInfo.at(id).author = change.author;
    }
    counter += opWidth(op);
  }
  if (why && std::find(effective.begin(), effective.end(), false) != effective.end()) {
    auto pos =
        std::lower_bound(ineffective_.begin(), ineffective_.end(), change.id,
                         [](const Ineffective& a, const ChangeId& b) { return a.change < b; });
    ineffective_.insert(pos, *why);
  }
  version_.set(change.id.actor, change.id.seq);
  const uint64_t width = change.width();
  recordCounters(change.id.actor, change.id.seq, change.lamport, width, 1);
  maxCounter_ = std::max(maxCounter_, change.lamport + width - 1);
  updateHeads(change);
}

void Document::updateHeads(const Change& change) {
  // A local change depends on exactly the current heads and becomes the only head.
  if (change.deps == heads_) {
    heads_.assign(1, change.id);
    return;
  }
  std::erase_if(heads_, [&](const ChangeId& h) {
    return std::find(change.deps.begin(), change.deps.end(), h) != change.deps.end() ||
           (h.actor == change.id.actor && h.seq < change.id.seq);
  });
  heads_.insert(std::lower_bound(heads_.begin(), heads_.end(), change.id), change.id);
}

std::string Document::reportValue(ReportField f) const {
  const std::string* v = reportFields_[size_t(f)].latest();
  return v ? *v : std::string();
}

const Section* Document::section(OpId id) const {
  auto it = sections_.find(id);
  return it == sections_.end() ? nullptr : it->second.get();
}
Section* Document::mutableSection(OpId id) {
  auto it = sections_.find(id);
  return it == sections_.end() ? nullptr : it->second.get();
}
const Table* Document::table(OpId id) const {
  auto it = tables_.find(id);
  return it == tables_.end() ? nullptr : it->second.get();
}
Table* Document::mutableTable(OpId id) {
  auto it = tables_.find(id);
  return it == tables_.end() ? nullptr : it->second.get();
}

std::vector<OpId> Document::tables() const {
  std::vector<OpId> out;
  for (OpId id : tableOrder_)
    if (!tables_.at(id)->removed) out.push_back(id);
  return out;
}

std::vector<OpId> Document::rows(OpId tableId) const {
  std::vector<OpId> out;
  const Table* t = table(tableId);
  if (!t) return out;
  size_t n = t->rows.size();
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(t->rows.idAt(i));
  return out;
}

}  // namespace rs::doc
