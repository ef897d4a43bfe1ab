#include "doc/change_codec.h"

#include <kj/exception.h>

#include <cassert>

#include "doc/capnp_bytes.h"
#include "proto/change.capnp.h"
#include "util/utf8.h"

namespace rs::doc {

namespace {

// Maps document actor indices to the change-local numbering (0 = own actor).
class ActorRefs {
 public:
  ActorRefs(ActorIdx own) { order_.push_back(own); }
  uint32_t ref(ActorIdx actor) {
    for (uint32_t i = 0; i < order_.size(); ++i)
      if (order_[i] == actor) return i;
    order_.push_back(actor);
    return uint32_t(order_.size() - 1);
  }
  const std::vector<ActorIdx>& order() const { return order_; }

 private:
  std::vector<ActorIdx> order_;
};

void setRef(proto::OpRef::Builder b, OpId id, ActorRefs& refs) {
  b.setCounter(id.counter);
  b.setActor(refs.ref(id.actor));
}

void setAnchor(proto::SeqAnchor::Builder b, const Anchor& a, ActorRefs& refs) {
  b.setHasLeft(a.left.has_value());
  if (a.left) setRef(b.initLeft(), *a.left, refs);
  b.setHasRight(a.right.has_value());
  if (a.right) setRef(b.initRight(), *a.right, refs);
}

void setWrite(proto::RegisterWrite::Builder b, const RegisterWrite& w, ActorRefs& refs) {
  b.setValue(w.value);
  auto pred = b.initPred(w.pred.size());
  for (size_t i = 0; i < w.pred.size(); ++i) setRef(pred[i], w.pred[i], refs);
}

void setChangeRef(proto::ChangeRef::Builder b, const ChangeId& id) {
  b.setActor(kj::arrayPtr(id.actor.data(), id.actor.size()));
  b.setSeq(id.seq);
}

struct OpEncoder {
  proto::Op::Builder b;
  ActorRefs& refs;
  void operator()(const SectionCreate& op) { b.initSectionCreate().setTemplateKey(op.templateKey); }
  void operator()(const SectionMove& op) {
    auto g = b.initSectionMove();
    setRef(g.initSection(), op.section, refs);
    g.setHasParent(op.parent.has_value());
    if (op.parent) setRef(g.initParent(), *op.parent, refs);
    setAnchor(g.initAnchor(), op.anchor, refs);
  }
  void operator()(const SectionSet& op) {
    auto g = b.initSectionSet();
    setRef(g.initSection(), op.section, refs);
    g.setField(static_cast<proto::SectionField>(op.field));
    setWrite(g.initWrite(), op.write, refs);
  }
  void operator()(const TextInsert& op) {
    auto g = b.initTextInsert();
    setRef(g.initSection(), op.section, refs);
    setAnchor(g.initAnchor(), op.anchor, refs);
    g.setText(u32ToUtf8(op.text));
  }
  void operator()(const TextDelete& op) {
    auto g = b.initTextDelete();
    setRef(g.initSection(), op.section, refs);
    setRef(g.initStart(), op.start, refs);
    g.setLength(op.length);
  }
  void operator()(const TableCreate& op) {
    auto g = b.initTableCreate();
    g.setTemplateKey(op.templateKey);
    g.setName(op.name);
    g.setTitle(op.title);
    g.setHasSection(op.section.has_value());
    if (op.section) setRef(g.initSection(), *op.section, refs);
    g.setSectionRule(!op.legacy);
  }
  void operator()(const TableRemove& op) {
    setRef(b.initTableRemove().initTable(), op.table, refs);
  }
  void operator()(const RowInsert& op) {
    auto g = b.initRowInsert();
    setRef(g.initTable(), op.table, refs);
    setAnchor(g.initAnchor(), op.anchor, refs);
    g.setKey(op.key);
    g.setGroup(op.group);
  }
  void operator()(const RowDelete& op) {
    auto g = b.initRowDelete();
    setRef(g.initTable(), op.table, refs);
    setRef(g.initRow(), op.row, refs);
  }
  void operator()(const CellSet& op) {
    auto g = b.initCellSet();
    setRef(g.initTable(), op.table, refs);
    setRef(g.initRow(), op.row, refs);
    g.setColumn(op.column);
    setWrite(g.initWrite(), op.write, refs);
  }
  void operator()(const ReportSet& op) {
    auto g = b.initReportSet();
    g.setField(static_cast<proto::ReportField>(op.field));
    setWrite(g.initWrite(), op.write, refs);
  }
  void operator()(const MarkResolve& op) {
    auto g = b.initMarkResolve();
    setRef(g.initSection(), op.section, refs);
    setAnchor(g.initParagraph(), Anchor{op.paragraphEnd, std::nullopt}, refs);
    auto changes = g.initChanges(op.changes.size());
    for (size_t i = 0; i < op.changes.size(); ++i) setChangeRef(changes[i], op.changes[i]);
  }
};

// ---- decoding ----

ActorId actorFromData(capnp::Data::Reader data, const char* what) {
  require(data.size() == 16, "change: ", what, " is not 16 bytes (数据已损坏)");
  ActorId a;
  std::memcpy(a.data(), data.begin(), 16);
  return a;
}

ChangeId readChangeRef(proto::ChangeRef::Reader r) {
  ChangeId id{actorFromData(r.getActor(), "dependency actor"), r.getSeq()};
  require(id.seq >= 1, "change: dependency seq must be at least 1 (数据已损坏)");
  return id;
}

// What a change may decode to, counted in list elements plus text bytes, and capped at its
// packed size. Every list element of a change we encode holds a nonzero word (a counter, a
// pointer) and so costs at least two packed bytes, and every text byte at least one; but a run
// of zero words packs into two bytes, so forged bytes could otherwise claim up to 128
// elements a byte within the traversal limit, each decoded into a ~136-byte op: 4 KB of
// packed zeros asked for 280 MB (found by fuzz_change).
class DecodeBudget {
 public:
  explicit DecodeBudget(size_t packedBytes) : left_(packedBytes) {}
  void take(size_t units) {
    require(units <= left_, "change: claims more elements than its bytes hold (数据已损坏)");
    left_ -= units;
  }

 private:
  size_t left_;
};

struct OpDecoder {
  const std::vector<ActorIdx>& actors;
  DecodeBudget& budget;

  std::string readText(capnp::Text::Reader t) const {
    budget.take(t.size());
    std::string s(t.cStr(), t.size());
    require(isValidUtf8(s), "change: text is not valid UTF-8 (数据已损坏)");
    return s;
  }
  template <typename List>
  List counted(List list) const {
    budget.take(list.size());
    return list;
  }

  OpId ref(proto::OpRef::Reader r) const {
    require(r.getActor() < actors.size(), "change: op refers to an unknown actor (数据已损坏)");
    require(r.getCounter() >= 1, "change: op refers to counter 0 (数据已损坏)");
    return OpId{r.getCounter(), actors[r.getActor()]};
  }
  Anchor anchor(proto::SeqAnchor::Reader r) const {
    Anchor a;
    if (r.getHasLeft()) a.left = ref(r.getLeft());
    if (r.getHasRight()) a.right = ref(r.getRight());
    return a;
  }
  RegisterWrite write(proto::RegisterWrite::Reader r) const {
    RegisterWrite w{readText(r.getValue()), {}};
    for (auto p : counted(r.getPred())) w.pred.push_back(ref(p));
    return w;
  }
  template <typename E, typename F>
  static E enumValue(F field, unsigned count) {
    require(static_cast<unsigned>(field) < count, "change: unknown field (数据已损坏)");
    return static_cast<E>(field);
  }

  Op decode(proto::Op::Reader r) const {
    switch (r.which()) {
      case proto::Op::SECTION_CREATE:
        return SectionCreate{readText(r.getSectionCreate().getTemplateKey())};
      case proto::Op::SECTION_MOVE: {
        auto g = r.getSectionMove();
        SectionMove op{ref(g.getSection()), std::nullopt, anchor(g.getAnchor())};
        if (g.getHasParent()) op.parent = ref(g.getParent());
        return op;
      }
      case proto::Op::SECTION_SET: {
        auto g = r.getSectionSet();
        return SectionSet{ref(g.getSection()), enumValue<SectionField>(g.getField(), 3),
                          write(g.getWrite())};
      }
      case proto::Op::TEXT_INSERT: {
        auto g = r.getTextInsert();
        std::u32string text = utf8ToU32(readText(g.getText()));
        require(!text.empty(), "change: empty text insert (数据已损坏)");
        return TextInsert{ref(g.getSection()), anchor(g.getAnchor()), std::move(text)};
      }
      case proto::Op::TEXT_DELETE: {
        auto g = r.getTextDelete();
        require(g.getLength() >= 1, "change: empty text delete (数据已损坏)");
        return TextDelete{ref(g.getSection()), ref(g.getStart()), g.getLength()};
      }
      case proto::Op::TABLE_CREATE: {
        auto g = r.getTableCreate();
        TableCreate op{readText(g.getTemplateKey()), readText(g.getName()), readText(g.getTitle()),
                       std::nullopt};
        if (g.getHasSection()) op.section = ref(g.getSection());
        op.legacy = !g.getSectionRule();
        return op;
      }
      case proto::Op::TABLE_REMOVE:
        return TableRemove{ref(r.getTableRemove().getTable())};
      case proto::Op::ROW_INSERT: {
        auto g = r.getRowInsert();
        return RowInsert{ref(g.getTable()), anchor(g.getAnchor()), readText(g.getKey()),
                         readText(g.getGroup())};
      }
      case proto::Op::ROW_DELETE: {
        auto g = r.getRowDelete();
        return RowDelete{ref(g.getTable()), ref(g.getRow())};
      }
      case proto::Op::CELL_SET: {
        auto g = r.getCellSet();
        return CellSet{ref(g.getTable()), ref(g.getRow()), readText(g.getColumn()),
                       write(g.getWrite())};
      }
      case proto::Op::REPORT_SET: {
        auto g = r.getReportSet();
        return ReportSet{enumValue<ReportField>(g.getField(), kReportFieldCount),
                         write(g.getWrite())};
      }
      case proto::Op::MARK_RESOLVE: {
        auto g = r.getMarkResolve();
        MarkResolve op{ref(g.getSection()), anchor(g.getParagraph()).left, {}};
        for (auto c : counted(g.getChanges())) op.changes.push_back(readChangeRef(c));
        return op;
      }
    }
    throw InputError("change: unknown op type (数据已损坏)");
  }
};

Change decodeRoot(proto::Change::Reader r, crdt::ActorTable& table, size_t packedBytes) {
  DecodeBudget budget(packedBytes);
  std::vector<ActorIdx> actors;
  OpDecoder decoder{actors, budget};
  Change c;
  c.id = ChangeId{actorFromData(r.getActor(), "actor"), r.getSeq()};
  require(c.id.seq >= 1, "change: seq must be at least 1 (数据已损坏)");
  c.lamport = r.getLamport();
  require(c.lamport >= 1, "change: lamport must be at least 1 (数据已损坏)");
  for (auto d : decoder.counted(r.getDeps())) c.deps.push_back(readChangeRef(d));
  c.timeMs = r.getTimeMs();
  c.author = decoder.readText(r.getAuthor());

  // Intern only after every actor is known to be well formed.
  std::vector<ActorId> actorBytes{c.id.actor};
  for (auto a : decoder.counted(r.getOtherActors()))
    actorBytes.push_back(actorFromData(a, "referenced actor"));
  for (const ActorId& a : actorBytes) actors.push_back(table.intern(a));

  auto ops = decoder.counted(r.getOps());
  require(ops.size() >= 1, "change: has no ops (数据已损坏)");
  c.ops.reserve(ops.size());
  for (auto op : ops) c.ops.push_back(decoder.decode(op));
  require(c.width() < (uint64_t(1) << 40) && c.lamport < (uint64_t(1) << 62),
          "change: counters out of range (数据已损坏)");
  return c;
}

}  // namespace

std::string encodeChange(const Change& change, const crdt::ActorTable& actors) {
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<proto::Change>();
  b.setActor(kj::arrayPtr(change.id.actor.data(), 16));
  b.setSeq(change.id.seq);
  b.setLamport(change.lamport);
  auto deps = b.initDeps(change.deps.size());
  for (size_t i = 0; i < change.deps.size(); ++i) setChangeRef(deps[i], change.deps[i]);
  b.setTimeMs(change.timeMs);
  b.setAuthor(change.author);

  // Ops name actors by table index; the change's own actor must be in the table.
  std::optional<ActorIdx> own = actors.find(change.id.actor);
  assert(own && "encodeChange: the change's actor is not in the document's table");
  ActorRefs refs(*own);
  auto ops = b.initOps(change.ops.size());
  for (size_t i = 0; i < change.ops.size(); ++i) std::visit(OpEncoder{ops[i], refs}, change.ops[i]);
  auto others = b.initOtherActors(refs.order().size() - 1);
  for (size_t i = 1; i < refs.order().size(); ++i) {
    const ActorId& a = actors.bytes(refs.order()[i]);
    others.set(i - 1, kj::arrayPtr(a.data(), 16));
  }
  return packedMessageToString(message);
}

Change decodeChange(std::string_view bytes, crdt::ActorTable& actors) {
  try {
    PackedMessageBytes message(bytes, "change");
    return decodeRoot(message.root<proto::Change>(), actors, bytes.size());
  } catch (const kj::Exception& e) {
    throw InputError("change: malformed message (" + std::string(e.getDescription().cStr()) +
                     ") (数据已损坏)");
  }
}

ChangeId peekChangeId(std::string_view bytes) {
  try {
    PackedMessageBytes message(bytes, "change");
    auto r = message.root<proto::Change>();
    ChangeId id{actorFromData(r.getActor(), "actor"), r.getSeq()};
    require(id.seq >= 1, "change: seq must be at least 1 (数据已损坏)");
    return id;
  } catch (const kj::Exception& e) {
    throw InputError("change: malformed message (数据已损坏)");
  }
}

uint64_t peekLamport(std::string_view bytes) {
  try {
    PackedMessageBytes message(bytes, "change");
    return message.root<proto::Change>().getLamport();
  } catch (const kj::Exception& e) {
    throw InputError("change: malformed message (数据已损坏)");
  }
}

}  // namespace rs::doc
