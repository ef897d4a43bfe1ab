#include "doc/marks.h"

#include <algorithm>
#include <map>
#include <set>

#include "crdt/version_vector.h"
#include "util/utf8.h"

namespace rs::doc {

namespace {

using crdt::VersionVector;

// The transitive past of every change, inclusive.
std::map<ChangeId, VersionVector> pastOf(const std::vector<Change>& history) {
  std::map<ChangeId, VersionVector> past;
  for (const Change& c : history) {
    VersionVector vv;
    for (const ChangeId& dep : c.deps) vv.merge(past.at(dep));
    if (c.id.seq > 1) vv.merge(past.at({c.id.actor, c.id.seq - 1}));
    vv.set(c.id.actor, c.id.seq);
    past.emplace(c.id, std::move(vv));
  }
  return past;
}

// One element of a section's text with what the history says about it.
struct Element {
  OpId id;
  char32_t ch;
  ChangeId insertedBy;
  std::vector<ChangeId> deletedBy;
};

struct SectionHistory {
  std::vector<Element> elements;  // in document order, tombstones included
  std::map<std::pair<uint64_t, ActorIdx>, size_t> index;
  std::vector<std::pair<ChangeId, std::vector<OpId>>> touches;  // elements each change touched
};

// Expands the section's runs to elements and attributes each to the changes that touched it.
SectionHistory sectionHistory(const Document& doc, OpId sectionId,
                              const std::vector<Change>& history) {
  SectionHistory h;
  for (const crdt::SequenceRun& run : doc.section(sectionId)->text.runs()) {
    for (uint32_t k = 0; k < run.length; ++k) {
      OpId id{run.id.counter + k, run.id.actor};
      h.index[{id.counter, id.actor}] = h.elements.size();
      h.elements.push_back({id, run.deleted ? U'\0' : run.content[k], {}, {}});
    }
  }
  for (const Change& c : history) {
    OpId opId{c.lamport, *doc.actors().find(c.id.actor)};
    std::vector<OpId> touched;
    for (const Op& op : c.ops) {
      if (auto* ins = std::get_if<TextInsert>(&op); ins && ins->section == sectionId) {
        for (size_t k = 0; k < ins->text.size(); ++k) {
          Element& e = h.elements[h.index.at({opId.counter + k, opId.actor})];
          e.insertedBy = c.id;
          if (!e.ch) e.ch = ins->text[k];
        }
        touched.push_back(opId);
        touched.push_back(OpId{opId.counter + ins->text.size() - 1, opId.actor});
      } else if (auto* del = std::get_if<TextDelete>(&op); del && del->section == sectionId) {
        for (uint32_t k = 0; k < del->length; ++k)
          h.elements[h.index.at({del->start.counter + k, del->start.actor})].deletedBy.push_back(c.id);
        touched.push_back(del->start);
        touched.push_back(OpId{del->start.counter + del->length - 1, del->start.actor});
      }
      opId.counter += opWidth(op);
    }
    if (!touched.empty()) h.touches.push_back({c.id, std::move(touched)});
  }
  return h;
}

bool visibleAt(const Element& e, const VersionVector& v) {
  if (!v.includes(e.insertedBy)) return false;
  for (const ChangeId& d : e.deletedBy)
    if (v.includes(d)) return false;
  return true;
}

// Paragraphs in the current text: index of the element that ends each one (its newline),
// or elements.size() for the last paragraph.
struct Paragraphs {
  std::vector<size_t> ends;   // element index of each paragraph's newline (or size())
  std::vector<size_t> ofElement;  // paragraph number of each element
};

Paragraphs paragraphs(const std::vector<Element>& elements, const Document& doc, OpId section) {
  const crdt::Sequence& text = doc.section(section)->text;
  Paragraphs p;
  p.ofElement.resize(elements.size());
  size_t current = 0;
  for (size_t i = 0; i < elements.size(); ++i) {
    p.ofElement[i] = current;
    bool visibleNewline = elements[i].ch == U'\n' && !text.isDeleted(elements[i].id);
    if (visibleNewline) {
      p.ends.push_back(i);
      ++current;
    }
  }
  p.ends.push_back(elements.size());
  return p;
}

std::string paragraphText(const SectionHistory& h, const Paragraphs& p, size_t para,
                          const VersionVector* at, const crdt::Sequence& now) {
  size_t begin = para == 0 ? 0 : p.ends[para - 1] + 1;
  std::u32string out;
  for (size_t i = begin; i < p.ends[para]; ++i) {
    const Element& e = h.elements[i];
    bool visible = at ? visibleAt(e, *at) : !now.isDeleted(e.id);
    if (visible && e.ch != U'\n') out.push_back(e.ch);
  }
  return u32ToUtf8(out);
}

std::string numberText(const std::vector<int>& number) {
  std::string s;
  for (int n : number) s += (s.empty() ? "" : ".") + std::to_string(n);
  return s;
}

}  // namespace

std::vector<ReviewMark> computeMarks(const Document& doc, const std::vector<Change>& history) {
  std::map<ChangeId, VersionVector> past = pastOf(history);
  std::map<ChangeId, const Change*> byId;
  for (const Change& c : history) byId[c.id] = &c;
  auto concurrent = [&](const ChangeId& a, const ChangeId& b) {
    return a.actor != b.actor && !past.at(a).includes(b) && !past.at(b).includes(a);
  };

  std::vector<ReviewMark> marks;
  for (const Document::OutlineEntry& entry : doc.outline()) {
    std::set<ChangeId> resolved;
    for (const ResolvedMark& r : doc.resolvedMarks())
      if (r.op.section == entry.id) resolved.insert(r.op.changes.begin(), r.op.changes.end());

    SectionHistory h = sectionHistory(doc, entry.id, history);
    Paragraphs p = paragraphs(h.elements, doc, entry.id);
    std::map<size_t, std::set<ChangeId>> touchedBy;  // paragraph -> changes
    for (const auto& [change, ids] : h.touches)
      for (OpId id : ids) touchedBy[p.ofElement[h.index.at({id.counter, id.actor})]].insert(change);

    for (const auto& [para, changes] : touchedBy) {
      std::set<ChangeId> involved;
      for (const ChangeId& a : changes)
        for (const ChangeId& b : changes)
          if (concurrent(a, b) && !(resolved.count(a) && resolved.count(b)))
            involved.insert(a), involved.insert(b);
      if (involved.empty()) continue;

      ReviewMark mark;
      mark.id = numberText(entry.number) + ":" + std::to_string(para + 1);
      mark.section = entry.id;
      if (p.ends[para] < h.elements.size()) mark.paragraphEnd = h.elements[p.ends[para]].id;
      const crdt::Sequence& now = doc.section(entry.id)->text;
      mark.merged = paragraphText(h, p, para, nullptr, now);
      size_t begin = para == 0 ? 0 : p.ends[para - 1] + 1;
      mark.paragraphStart = begin < h.elements.size() ? now.positionBefore(h.elements[begin].id)
                                                      : now.size();
      mark.paragraphLength = utf8ToU32(mark.merged).size();
      mark.changes.assign(involved.begin(), involved.end());

      std::map<ActorId, MarkSide> sides;
      for (const ChangeId& c : involved) {
        MarkSide& side = sides[c.actor];
        side.actor = c.actor;
        side.author = byId.at(c)->author;
        side.changes.push_back(c);
      }
      for (auto& [actor, side] : sides) {
        VersionVector seen;
        for (const ChangeId& c : side.changes) seen.merge(past.at(c));
        side.text = paragraphText(h, p, para, &seen, now);
        mark.sides.push_back(std::move(side));
      }
      marks.push_back(std::move(mark));
    }
  }
  return marks;
}

}  // namespace rs::doc
