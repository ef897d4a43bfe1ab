// Applying a span of text changes as one run of ops (issue 11): a person's typing arrives as
// thousands of one-character changes, and applying them one by one costs a change's
// bookkeeping (deps, counters, rights, heads) and a sequence lookup per character. A run
// applies each stretch typed in a row as one insert and records the changes' counters and
// version at once; the document ends exactly as applying the changes one by one leaves it
// (the sequence stores a stretch typed in a row as one run either way).
#include <algorithm>
#include <cassert>

#include "crdt/ids.h"
#include "doc/document.h"
#include "util/errors.h"

namespace rs::doc {

std::optional<ApplyResult> Document::apply(const ChangeRun& run) {
  assert(run.count > 0 && !run.ops.empty());
  const ChangeId last = run.last();
  const uint64_t held = version_.get(run.first.actor);
  if (held >= last.seq) return ApplyResult::kDuplicate;
  if (held >= run.first.seq) return std::nullopt;
  for (const ChangeId& dep : run.deps) {
    require(!(dep.actor == run.first.actor && dep.seq >= run.first.seq),
            "change depends on itself or a later change of its own actor (数据已损坏)");
    if (!has(dep)) return ApplyResult::kMissingDeps;
  }
  if (held + 1 != run.first.seq) return ApplyResult::kMissingDeps;
  uint64_t width = 0;
  for (const ChangeRun::Widths& w : run.widths) width += w.width * w.count;
  checkCounters(run.first, run.deps, run.lamport, width);

  // The first change stands for the run where rights are judged: text ops grant nothing,
  // so every change of the run has the first one's grants in its causal past.
  Change first;
  first.id = run.first;
  first.lamport = run.lamport;
  first.deps = run.deps;
  first.author = run.author;
  if (!grants_.empty()) {
    for (const ChangeRun::CountedOp& op : run.ops) first.ops.push_back(op.op);
    std::vector<bool> effective = effects(first);
    if (std::find(effective.begin(), effective.end(), false) != effective.end())
      return std::nullopt;
    first.ops.clear();
  }

  applyTextRun(run, actors_->intern(run.first.actor));

  recordGrants(first, {});
  version_.set(last.actor, last.seq);
  uint64_t seq = run.first.seq, lamport = run.lamport;
  for (const ChangeRun::Widths& w : run.widths) {
    recordCounters(run.first.actor, seq, lamport, w.width, w.count);
    seq += w.count;
    lamport += w.width * w.count;
  }
  maxCounter_ = std::max(maxCounter_, lamport - 1);
  updateHeads(first);
  *std::find(heads_.begin(), heads_.end(), run.first) = last;  // same actor: order holds
  return ApplyResult::kApplied;
}

// Applies the run's ops, each checked by its sequence as it goes; when one is refused, the
// ones before it are taken back (Sequence::revert) and InputError says which.
void Document::applyTextRun(const ChangeRun& run, ActorIdx own) {
  struct Touched {
    Section* section;
    std::vector<crdt::SequenceRun> hidden;  // what the run's deletes hid, to show again
  };
  std::vector<Touched> touched;
  auto touch = [&](OpId id) -> Touched& {
    Section* s = mutableSection(id);
    require(s != nullptr, "change names an unknown section (数据已损坏)");
    for (Touched& t : touched)
      if (t.section == s) return t;
    return touched.emplace_back(Touched{s, {}});
  };
  try {
    for (const ChangeRun::CountedOp& op : run.ops) {
      if (auto* ins = std::get_if<TextInsert>(&op.op)) {
        Touched& t = touch(ins->section);
        t.section->text.applyInsert(OpId{op.counter, own}, ins->anchor.left, ins->anchor.right,
                                    ins->text);
      } else {
        const auto& del = std::get<TextDelete>(op.op);
        Touched& t = touch(del.section);
        crdt::DeleteOp range{del.start, del.length};
        for (crdt::SequenceRun& piece : t.section->text.visibleIn(range))
          t.hidden.push_back(std::move(piece));
        t.section->text.applyDelete(range);
      }
    }
  } catch (const std::exception& e) {  // InputError, or the sequence's std::logic_error
    for (Touched& t : touched) t.section->text.revert(own, run.lamport, t.hidden);
    throw InputError("changes " + crdt::toHex(run.first.actor) + " " +
                     std::to_string(run.first.seq) + ".." + std::to_string(run.last().seq) +
                     " refused: " + e.what() + " (数据已损坏)");
  }
}

}  // namespace rs::doc
