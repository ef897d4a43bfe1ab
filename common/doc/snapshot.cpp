// Snapshots list actors sorted by their bytes and every object sorted by OpId, so that the
// encoding does not depend on the order in which this replica happened to see things.
#include "doc/snapshot.h"

#include <capnp/serialize-packed.h>
#include <kj/io.h>

#include <algorithm>

#include "doc/capnp_bytes.h"
#include "proto/snapshot.capnp.h"
#include "util/errors.h"

namespace rs::doc {

namespace {

constexpr uint32_t kSnapshotFormat = 3;

}  // namespace

// Friend of Document: reads and writes its private state.
class OldSnapshot : public InputError {
 public:
  OldSnapshot()
      : InputError("snapshot: an older format; rebuild it from the changes (数据已损坏)") {}
};

class SnapshotCodec {
 public:
  static std::string encode(const Document& d);
  // `all`: list every actor of the table (for a document with ids of actors holding no
  // change, which only a snapshot from outside gives).
  static std::string encode(const Document& d, bool all);
  static std::unique_ptr<Document> decode(proto::DocSnapshot::Reader r);
};

namespace {

// Reserves room for a list's stated size, up to 65,536 elements. A packed snapshot of a few
// hundred bytes can state tens of thousands of zero entries (within the traversal limit),
// and growing the vectors a doubling at a time was most of fuzz_snapshot's time in perf;
// the cap keeps a huge stated list whose first entry is refused from allocating it all.
template <typename T>
void reserveFor(std::vector<T>& v, size_t stated) {
  v.reserve(std::min<size_t>(stated, 65536));
}

// The actors a snapshot lists: those holding changes, and those a resolved review mark
// names (a mark may name a change not received yet). Actors the replica merely met are
// left out: the actor table also holds actors interned on the way (a change decoded but
// still waiting for its deps, a profile's fresh actor after re-issuing nothing, an edit
// dropped before it was finished), and listing them made two replicas holding the same
// changes write different bytes (a restored profile's snapshot, issue 11 session 9).
struct ActorMap {
  static constexpr uint32_t kUnlisted = UINT32_MAX;
  std::vector<ActorIdx> order;       // snapshot index -> doc index
  std::vector<uint32_t> toSnapshot;  // doc index -> snapshot index, or kUnlisted
  ActorMap(const crdt::ActorTable& t, const std::vector<bool>& listed) {
    for (ActorIdx i = 0; i < t.size(); ++i)
      if (listed[i]) order.push_back(i);
    std::sort(order.begin(), order.end(),
              [&](ActorIdx a, ActorIdx b) { return t.compare(a, b) < 0; });
    toSnapshot.assign(t.size(), kUnlisted);
    for (uint32_t i = 0; i < order.size(); ++i) toSnapshot[order[i]] = i;
  }
  // An id of an unlisted actor: in a document made by applying changes every id is of an
  // actor holding changes, but a snapshot decoded from outside need not be (fuzz_snapshot).
  struct Unlisted {};
  uint32_t at(ActorIdx a) const {
    if (toSnapshot[a] == kUnlisted) throw Unlisted{};
    return toSnapshot[a];
  }
  uint32_t at(const crdt::ActorTable& t, const ActorId& actor) const { return at(*t.find(actor)); }
  std::function<uint32_t(ActorIdx)> fn() const {
    return [this](ActorIdx a) { return at(a); };
  }
};

void setRef(proto::OpRef::Builder b, OpId id, const ActorMap& m) {
  b.setCounter(id.counter);
  b.setActor(m.at(id.actor));
}

void setRegister(capnp::List<proto::RegisterEntry>::Builder list,
                 const MultiRegister<std::string>& reg, const ActorMap& m) {
  const auto& entries = reg.entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    setRef(list[i].initId(), entries[i].id, m);
    list[i].setValue(entries[i].value);
  }
}

template <typename Map>
std::vector<OpId> sortedKeys(const Map& map, const crdt::ActorTable& actors) {
  std::vector<OpId> keys;
  for (const auto& [k, v] : map) keys.push_back(k);
  std::sort(keys.begin(), keys.end(), [&](OpId a, OpId b) { return crdt::opIdLess(actors, a, b); });
  return keys;
}

}  // namespace

std::string SnapshotCodec::encode(const Document& d) {
  try {
    return encode(d, false);
  } catch (const ActorMap::Unlisted&) {
    return encode(d, true);
  }
}

std::string SnapshotCodec::encode(const Document& d, bool all) {
  const crdt::ActorTable& actors = *d.actors_;
  std::vector<bool> listed(actors.size(), all);
  for (const auto& [actor, seq] : d.version_.entries())
    if (seq > 0) listed[*actors.find(actor)] = true;
  for (const ResolvedMark& r : d.resolved_)
    for (const ChangeId& c : r.op.changes)
      if (auto i = actors.find(c.actor)) listed[*i] = true;
  ActorMap m(actors, listed);
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<proto::DocSnapshot>();
  root.setFormat(kSnapshotFormat);

  // Grants sorted by id, so that the bytes do not depend on the order they arrived in.
  std::vector<size_t> grantOrder(d.grants_.size());
  for (size_t i = 0; i < grantOrder.size(); ++i) grantOrder[i] = i;
  std::sort(grantOrder.begin(), grantOrder.end(), [&](size_t a, size_t b) {
    return crdt::opIdLess(actors, d.grants_[a].id, d.grants_[b].id);
  });

  auto actorList = root.initActors(m.order.size());
  auto states = root.initActorStates(m.order.size());
  for (uint32_t i = 0; i < m.order.size(); ++i) {
    const ActorId& a = actors.bytes(m.order[i]);
    actorList.set(i, kj::arrayPtr(a.data(), 16));
    states[i].setSeq(d.version_.get(a));
    if (auto seen = d.grantSeen_.find(a); seen != d.grantSeen_.end()) {
      auto list = states[i].initGrantSeen(grantOrder.size());
      for (size_t k = 0; k < grantOrder.size(); ++k)
        list.set(k, grantOrder[k] < seen->second.size() ? seen->second[grantOrder[k]] : 0);
    }
    auto it = d.counters_.find(a);
    if (it == d.counters_.end()) continue;
    auto segs = states[i].initSegments(it->second.size());
    for (size_t k = 0; k < it->second.size(); ++k) {
      const auto& s = it->second[k];
      segs[k].setFirstSeq(s.firstSeq);
      segs[k].setFirstLamport(s.firstLamport);
      segs[k].setWidth(s.width);
      segs[k].setCount(s.count);
    }
  }
  auto heads = root.initHeads(d.heads_.size());
  for (size_t i = 0; i < d.heads_.size(); ++i) {
    heads[i].setActor(m.at(actors, d.heads_[i].actor));
    heads[i].setSeq(d.heads_[i].seq);
  }
  root.setMaxCounter(d.maxCounter_);

  auto fields = root.initReportFields(kReportFieldCount);
  for (size_t f = 0; f < kReportFieldCount; ++f)
    setRegister(fields.init(f, d.reportFields_[f].entries().size()), d.reportFields_[f], m);

  std::vector<OpId> sectionIds = sortedKeys(d.sections_, actors);
  auto sections = root.initSections(sectionIds.size());
  for (size_t i = 0; i < sectionIds.size(); ++i) {
    const Section& s = *d.sections_.at(sectionIds[i]);
    auto b = sections[i];
    setRef(b.initId(), sectionIds[i], m);
    b.setTemplateKey(s.templateKey);
    setRegister(b.initTitle(s.title.entries().size()), s.title, m);
    setRegister(b.initAssignee(s.assignee.entries().size()), s.assignee, m);
    setRegister(b.initStatus(s.status.entries().size()), s.status, m);
    s.text.encode(b.initText(), m.fn());
    s.children.encode(b.initChildren(), m.fn());
    b.setHomeKind(!s.homeSet ? 0 : s.home ? 2 : 1);
    if (s.home) setRef(b.initHome(), *s.home, m);
  }
  d.rootChildren_->encode(root.initRootChildren(), m.fn());

  std::vector<const Placement*> placements;
  for (const Placement& p : d.placements_) placements.push_back(&p);
  std::sort(placements.begin(), placements.end(), [&](const Placement* a, const Placement* b) {
    return crdt::opIdLess(actors, a->id, b->id);
  });
  auto pl = root.initPlacements(placements.size());
  for (size_t i = 0; i < placements.size(); ++i) {
    setRef(pl[i].initId(), placements[i]->id, m);
    setRef(pl[i].initSection(), placements[i]->section, m);
    pl[i].setHasParent(placements[i]->parent.has_value());
    if (placements[i]->parent) setRef(pl[i].initParent(), *placements[i]->parent, m);
  }

  auto tables = root.initTables(d.tableOrder_.size());
  for (size_t i = 0; i < d.tableOrder_.size(); ++i) {
    const Table& t = *d.tables_.at(d.tableOrder_[i]);
    auto b = tables[i];
    setRef(b.initId(), d.tableOrder_[i], m);
    b.setTemplateKey(t.templateKey);
    b.setName(t.name);
    b.setTitle(t.title);
    b.setRemoved(t.removed);
    b.setHasSection(t.section.has_value());
    if (t.section) setRef(b.initSection(), *t.section, m);
    b.setLegacy(t.legacy);
    t.rows.encode(b.initRows(), m.fn());
    std::vector<OpId> rowIds = sortedKeys(t.rowInfo, actors);
    auto rows = b.initRowInfo(rowIds.size());
    for (size_t k = 0; k < rowIds.size(); ++k) {
      setRef(rows[k].initId(), rowIds[k], m);
      rows[k].setKey(t.rowInfo.at(rowIds[k]).key);
      rows[k].setGroup(t.rowInfo.at(rowIds[k]).group);
      rows[k].setAuthor(t.rowInfo.at(rowIds[k]).author);
    }
    std::vector<std::pair<OpId, const std::string*>> cellKeys;
    for (const auto& [key, reg] : t.cells)
      cellKeys.push_back({OpId{key.first.first, key.first.second}, &key.second});
    std::sort(cellKeys.begin(), cellKeys.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return crdt::opIdLess(actors, a.first, b.first);
      return *a.second < *b.second;
    });
    auto cells = b.initCells(cellKeys.size());
    for (size_t k = 0; k < cellKeys.size(); ++k) {
      const auto& reg = t.cells.at(Table::cellKey(cellKeys[k].first, *cellKeys[k].second));
      setRef(cells[k].initRow(), cellKeys[k].first, m);
      cells[k].setColumn(*cellKeys[k].second);
      setRegister(cells[k].initValues(reg.entries().size()), reg, m);
    }
  }

  auto resolved = root.initResolved(d.resolved_.size());
  for (size_t i = 0; i < d.resolved_.size(); ++i) {
    const ResolvedMark& r = d.resolved_[i];
    auto b = resolved[i];
    b.setByActor(m.at(actors, r.by.actor));
    b.setBySeq(r.by.seq);
    setRef(b.initSection(), r.op.section, m);
    b.setHasParagraph(r.op.paragraphEnd.has_value());
    if (r.op.paragraphEnd) setRef(b.initParagraphEnd(), *r.op.paragraphEnd, m);
    auto changes = b.initChanges(r.op.changes.size());
    for (size_t k = 0; k < r.op.changes.size(); ++k) {
      changes[k].setActor(m.at(actors, r.op.changes[k].actor));
      changes[k].setSeq(r.op.changes[k].seq);
    }
  }

  auto grants = root.initGrants(grantOrder.size());
  for (size_t k = 0; k < grantOrder.size(); ++k) {
    const Grant& g = d.grants_[grantOrder[k]];
    auto b = grants[k];
    b.setByActor(m.at(actors, g.change.actor));
    b.setBySeq(g.change.seq);
    setRef(b.initId(), g.id, m);
    b.setOffice(g.office);
    setRef(b.initSection(), g.section, m);
    b.setValue(g.value);
    auto pred = b.initPred(g.pred.size());
    for (size_t p = 0; p < g.pred.size(); ++p) setRef(pred[p], g.pred[p], m);
  }
  auto ineffective = root.initIneffective(d.ineffective_.size());
  for (size_t k = 0; k < d.ineffective_.size(); ++k) {
    const Ineffective& x = d.ineffective_[k];
    auto b = ineffective[k];
    b.initChange().setActor(m.at(actors, x.change.actor));
    b.getChange().setSeq(x.change.seq);
    b.setAuthor(x.author);
    b.setHasSection(x.section.has_value());
    if (x.section) setRef(b.initSection(), *x.section, m);
    b.setReason(uint8_t(x.reason));
    b.setHasTable(x.table.has_value());
    if (x.table) setRef(b.initTable(), *x.table, m);
  }

  kj::VectorOutputStream out;
  capnp::writePackedMessage(out, message);
  auto bytes = out.getArray();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

namespace {

struct Reader {
  const crdt::ActorTable& table;
  const std::vector<ActorIdx>& actors;
  const std::vector<ActorId>& bytes;
  const crdt::VersionVector& version;  // the snapshot's actor states, once read

  // Called for every reference read.
  ActorIdx actor(uint32_t idx) const {
    require(idx < actors.size(), "snapshot: actor index out of range (数据已损坏)");
    return actors[idx];
  }
  OpId ref(proto::OpRef::Reader r) const { return OpId{r.getCounter(), actor(r.getActor())}; }
  ChangeId change(proto::HeadRef::Reader r) const {
    return ChangeId{bytes[actor(r.getActor())], r.getSeq()};
  }
  // The change `seq` of the snapshot's actor number `index` (refused when out of range).
  ChangeId change(uint32_t index, uint64_t seq) const {
    require(index < bytes.size(), "snapshot: actor index out of range (数据已损坏)");
    return ChangeId{bytes[index], seq};
  }
  // `id`, refused unless the snapshot holds that change (seq 1 up to its actor's state). A
  // head, and the change behind a resolved mark, a grant or an ineffective entry, is always
  // one applied; the check also ends lists of empty entries at their first (a 4 KB packed
  // snapshot stated 100,000s of resolved marks, each all defaults: most of fuzz_snapshot's
  // time in perf, session 12).
  ChangeId held(ChangeId id) const {
    require(id.seq >= 1 && version.includes(id),
            "snapshot: names a change it does not hold (数据已损坏)");
    return id;
  }
  // A register's values, in the order MultiRegister keeps them: by OpId, each id once
  // (refused otherwise). Out of order, latest() would differ between replicas; and a small
  // packed snapshot can state 100,000s of all-default entries, whose decoding was most of
  // fuzz_snapshot's time once resolved marks were checked (session 12).
  MultiRegister<std::string> reg(capnp::List<proto::RegisterEntry>::Reader list) const {
    std::vector<MultiRegister<std::string>::Entry> entries;
    reserveFor(entries, list.size());
    for (auto e : list) {
      const OpId id = ref(e.getId());
      require(entries.empty() || crdt::opIdLess(table, entries.back().id, id),
              "snapshot: a register's values are out of order or repeated (数据已损坏)");
      entries.push_back({id, e.getValue()});
    }
    MultiRegister<std::string> out;
    out.restore(std::move(entries));
    return out;
  }
};

}  // namespace

std::unique_ptr<Document> SnapshotCodec::decode(proto::DocSnapshot::Reader root) {
  if (root.getFormat() >= 1 && root.getFormat() < kSnapshotFormat) throw OldSnapshot();  // v1-2
  require(root.getFormat() == kSnapshotFormat, "snapshot: unknown format version (数据已损坏)");
  auto d = std::make_unique<Document>();
  crdt::ActorTable& actors = *d->actors_;
  std::vector<ActorIdx> idx;
  std::vector<ActorId> actorBytes;
  for (auto a : root.getActors()) {
    require(a.size() == 16, "snapshot: actor is not 16 bytes (数据已损坏)");
    ActorId id;
    std::copy(a.begin(), a.end(), id.begin());
    // Sorted by their bytes (snapshot.capnp), so each once: one listed twice would get two
    // actor states, its counters appended twice.
    require(actorBytes.empty() || actorBytes.back() < id,
            "snapshot: actors out of order or listed twice (数据已损坏)");
    idx.push_back(actors.intern(id));
    actorBytes.push_back(id);
  }
  Reader r{actors, idx, actorBytes, d->version_};
  auto states = root.getActorStates();
  require(states.size() == idx.size(), "snapshot: actor states do not match actors (数据已损坏)");
  for (uint32_t i = 0; i < states.size(); ++i) {
    const uint64_t seq = states[i].getSeq();
    if (seq > 0) d->version_.set(actorBytes[i], seq);
    // The counters of changes 1..seq, segment after segment, each of at least one change,
    // as recordCounters() builds them: counterRange() looks a change up by binary search
    // and needs a segment at or before it. Also ends a list of all-default segments at its
    // first (a small packed snapshot stated 100,000s: a fifth of fuzz_snapshot's time).
    auto list = states[i].getSegments();
    auto& segs = d->counters_[actorBytes[i]];
    reserveFor(segs, list.size());
    constexpr const char* kUncovered =
        "snapshot: an actor's counter segments do not cover its changes (数据已损坏)";
    uint64_t next = 1;  // the first change the next segment must start at
    for (auto s : list) {
      require(s.getFirstSeq() == next && s.getCount() >= 1 && s.getCount() <= seq - next + 1,
              kUncovered);
      segs.push_back({s.getFirstSeq(), s.getFirstLamport(), s.getWidth(), s.getCount()});
      next += s.getCount();
    }
    require(next == seq + 1, kUncovered);
    if (segs.empty()) d->counters_.erase(actorBytes[i]);
    if (states[i].hasGrantSeen()) {
      require(states[i].getGrantSeen().size() == root.getGrants().size(),
              "snapshot: grant list does not match grants (数据已损坏)");
      auto& seen = d->grantSeen_[actorBytes[i]];
      for (uint64_t v : states[i].getGrantSeen()) seen.push_back(v);
    }
  }
  reserveFor(d->heads_, root.getHeads().size());
  for (auto h : root.getHeads()) d->heads_.push_back(r.held(r.change(h)));
  d->maxCounter_ = root.getMaxCounter();

  auto fields = root.getReportFields();
  require(fields.size() == kReportFieldCount, "snapshot: report fields missing (数据已损坏)");
  for (size_t f = 0; f < kReportFieldCount; ++f) d->reportFields_[f] = r.reg(fields[f]);

  // The limits apply() keeps a document within (fuzz_snapshot: a 1.3 KB snapshot held
  // 35,000 sections, each nested in the one before).
  require(root.getSections().size() <= Document::kMaxSections, "snapshot: more than ",
          Document::kMaxSections, " sections (数据已损坏)");
  require(root.getTables().size() <= Document::kMaxTables, "snapshot: more than ",
          Document::kMaxTables, " tables (数据已损坏)");
  for (auto s : root.getSections()) {
    // Checked before a Section (two sequence trees, a leaf each) is made: a packed snapshot
    // of a few hundred bytes can list thousands of empty sections (found by fuzz_snapshot,
    // which spent 9 ms an input on them).
    require(s.hasId(), "snapshot: a section without its id (数据已损坏)");
    const OpId id = r.ref(s.getId());
    require(!d->sections_.count(id), "snapshot: a section listed twice (数据已损坏)");
    auto section = std::make_unique<Section>(actors);
    section->templateKey = s.getTemplateKey();
    section->title = r.reg(s.getTitle());
    section->assignee = r.reg(s.getAssignee());
    section->status = r.reg(s.getStatus());
    section->text = Sequence::decode(actors, s.getText(), idx);
    section->children = Sequence::decode(actors, s.getChildren(), idx);
    section->homeSet = s.getHomeKind() != 0;
    if (s.getHomeKind() == 2) section->home = r.ref(s.getHome());
    d->sections_.emplace(id, std::move(section));
  }
  *d->rootChildren_ = Sequence::decode(actors, root.getRootChildren(), idx);
  reserveFor(d->placements_, root.getPlacements().size());
  for (auto p : root.getPlacements()) {
    Placement placement{r.ref(p.getId()), r.ref(p.getSection()), std::nullopt};
    if (p.getHasParent()) placement.parent = r.ref(p.getParent());
    // A placement of a section the snapshot does not hold made outline() throw
    // std::out_of_range later (found by fuzz_snapshot).
    if (!d->sections_.count(placement.section) ||
        (placement.parent && !d->sections_.count(*placement.parent)))
      throw std::invalid_argument("a placement names an unknown section");
    d->placements_.push_back(placement);
  }
  d->recomputeTree();

  for (auto t : root.getTables()) {
    // As for sections: the id is checked before a Table (a sequence tree) is made. A packed
    // snapshot of 659 bytes listed tables with one id again and again, each built and
    // dropped, and took 1.3 s under the sanitizers (fuzz_snapshot, session 9); the duplicate
    // also went into tableOrder_ twice.
    require(t.hasId(), "snapshot: a table without its id (数据已损坏)");
    const OpId id = r.ref(t.getId());
    require(!d->tables_.count(id), "snapshot: a table listed twice (数据已损坏)");
    auto table = std::make_unique<Table>(actors);
    table->templateKey = t.getTemplateKey();
    table->name = t.getName();
    table->title = t.getTitle();
    table->removed = t.getRemoved();
    if (t.getHasSection()) table->section = r.ref(t.getSection());
    table->legacy = t.getLegacy();
    table->rows = Sequence::decode(actors, t.getRows(), idx);
    for (auto row : t.getRowInfo())
      table->rowInfo[r.ref(row.getId())] = Row{row.getKey(), row.getGroup(), row.getAuthor()};
    for (auto c : t.getCells())
      table->cells[Table::cellKey(r.ref(c.getRow()), c.getColumn())] = r.reg(c.getValues());
    d->tableOrder_.push_back(id);
    d->tables_.emplace(id, std::move(table));
  }

  reserveFor(d->resolved_, root.getResolved().size());
  for (auto rm : root.getResolved()) {
    ResolvedMark mark;
    mark.by = r.held(r.change(rm.getByActor(), rm.getBySeq()));
    mark.op.section = r.ref(rm.getSection());
    if (rm.getHasParagraph()) mark.op.paragraphEnd = r.ref(rm.getParagraphEnd());
    reserveFor(mark.op.changes, rm.getChanges().size());
    for (auto c : rm.getChanges()) mark.op.changes.push_back(r.change(c));
    d->resolved_.push_back(std::move(mark));
  }
  reserveFor(d->grants_, root.getGrants().size());
  for (auto g : root.getGrants()) {
    Grant grant{r.held(r.change(g.getByActor(), g.getBySeq())),
                r.ref(g.getId()),
                g.getOffice(),
                r.ref(g.getSection()),
                g.getValue(),
                {}};
    reserveFor(grant.pred, g.getPred().size());
    for (auto p : g.getPred()) grant.pred.push_back(r.ref(p));
    d->grants_.push_back(std::move(grant));
  }
  reserveFor(d->ineffective_, root.getIneffective().size());
  for (auto x : root.getIneffective()) {
    require(x.getReason() <= 3, "snapshot: unknown reason (数据已损坏)");
    Ineffective item{r.held(r.change(x.getChange())), x.getAuthor(), std::nullopt, std::nullopt,
                     Ineffective::Reason(x.getReason())};
    if (x.getHasSection()) item.section = r.ref(x.getSection());
    if (x.getHasTable()) item.table = r.ref(x.getTable());
    d->ineffective_.push_back(std::move(item));
  }
  return d;
}

std::string encodeSnapshot(const Document& doc) {
  return SnapshotCodec::encode(doc);
}

std::unique_ptr<Document> decodeSnapshot(std::string_view bytes) {
  try {
    kj::ArrayInputStream in(
        kj::arrayPtr(reinterpret_cast<const kj::byte*>(bytes.data()), bytes.size()));
    // Sized to the bytes: see PackedMessageBytes::options.
    capnp::PackedMessageReader message(in, rs::PackedMessageBytes::options(bytes.size()));
    return SnapshotCodec::decode(message.getRoot<proto::DocSnapshot>());
  } catch (const OldSnapshot&) {
    return nullptr;
  } catch (const kj::Exception& e) {
    throw InputError("snapshot: malformed (" + std::string(e.getDescription().cStr()) +
                     ") (数据已损坏)");
  } catch (const std::invalid_argument& e) {
    throw InputError(std::string("snapshot: ") + e.what() + " (数据已损坏)");
  }
}

}  // namespace rs::doc
