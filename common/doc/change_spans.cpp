#include "doc/change_spans.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <tuple>

#include "doc/change_codec.h"
#include "doc/columns.h"
#include "util/errors.h"
#include "util/utf8.h"

namespace rs::doc {

using columns::ByteReader;
using columns::ColumnReader;
using columns::ColumnWriter;
using columns::putVarint;
using columns::zigzag;

namespace {

constexpr std::string_view kMagic = "RSH\x01";
constexpr uint8_t kSpanFormat = 1;
constexpr int kZstdLevel = 9;
constexpr uint64_t kMaxCounter = uint64_t(1) << 62;

// Op kinds are the Op variant's indices; they are part of the format.
static_assert(std::is_same_v<std::variant_alternative_t<3, Op>, TextInsert> &&
              std::is_same_v<std::variant_alternative_t<4, Op>, TextDelete> &&
              std::is_same_v<std::variant_alternative_t<11, Op>, MarkResolve> &&
              std::variant_size_v<Op> == 12);
constexpr int64_t kInsertKind = 3, kDeleteKind = 4;

// The columns of a span body, in the order they are written.
enum Column {
  kOps,       // ops per change (>= 1)
  kTime,      // z: timeMs minus the previous change's (the first: minus 0)
  kKind,      // op kind: the Op variant index
  kShape,     // text ops: insert left + 3 * right + 9 * explicit section; delete: explicit section
  kRefActor,  // explicit references and delete starts: span actor index
  kRefCounter,  // z: explicit reference counter minus the op's own counter
  kInsertLen,   // text insert length in code points
  kDelCounter,  // z: delete start counter minus the previous delete's start counter
  kDelLen,      // delete length
  kColumnCount
};
// Insert anchors: none, the op's own previous counter (typing on), or written out (left);
// none, the previous insert's right, or written out (right).
enum AnchorShape : int64_t { kNone = 0, kImplied = 1, kExplicit = 2 };

// ---- encoding ----

class SpanEncoder {
 public:
  SpanEncoder(std::span<const Change* const> changes, const crdt::ActorTable& table,
              ZSTD_CCtx* zstd)
      : changes_(changes),
        table_(table),
        own_(table.find(changes[0]->id.actor).value()),
        zstd_(zstd) {
    localOf(changes[0]->id.actor);
  }

  std::string encode() {
    const Change& first = *changes_.front();
    std::string body;
    putVarint(body, first.deps.size());
    for (const ChangeId& d : first.deps) {
      putVarint(body, localOf(d.actor));
      putVarint(body, d.seq);
    }
    putVarint(body, first.author.size());
    body += first.author;
    int64_t time = 0;
    for (const Change* c : changes_) {
      col_[kOps].push(int64_t(c->ops.size()));
      col_[kTime].push(int64_t(uint64_t(c->timeMs) - uint64_t(time)));
      time = c->timeMs;
      uint64_t counter = c->lamport;
      for (const Op& op : c->ops) {
        col_[kKind].push(int64_t(op.index()));
        std::visit([&](const auto& o) { write(o, counter); }, op);
        counter += opWidth(op);
      }
    }
    for (const ColumnWriter& c : col_) c.finishTo(body);
    putVarint(body, text_.size());
    body += text_;
    body += misc_;

    std::string out;
    out.push_back(char(kSpanFormat));
    putVarint(out, actors_.size());
    for (const ActorId& a : actors_) out.append(reinterpret_cast<const char*>(a.data()), 16);
    putVarint(out, first.id.seq);
    putVarint(out, changes_.size());
    putVarint(out, first.lamport);
    putVarint(out, body.size());
    size_t at = out.size();
    out.resize(at + ZSTD_compressBound(body.size()));
    size_t n = ZSTD_compress2(zstd_, out.data() + at, out.size() - at, body.data(), body.size());
    require(!ZSTD_isError(n), "history: compression failed: ", ZSTD_getErrorName(n), " (压缩失败)");
    out.resize(at + n);
    return out;
  }

 private:
  uint64_t localOf(const ActorId& a) {
    auto [it, added] = local_.try_emplace(a, actors_.size());
    if (added) actors_.push_back(a);
    return it->second;
  }
  uint64_t localOf(ActorIdx idx) { return localOf(table_.bytes(idx)); }

  void explicitRef(OpId id, uint64_t counter) {
    col_[kRefActor].push(int64_t(localOf(id.actor)));
    col_[kRefCounter].push(int64_t(id.counter) - int64_t(counter));
  }
  // The section of a text op: 0 when it is the previous text op's.
  int64_t section(OpId s, uint64_t counter) {
    if (prevSection_ == s) return 0;
    prevSection_ = s;
    explicitRef(s, counter);
    return 1;
  }

  void write(const TextInsert& op, uint64_t counter) {
    const OpId own{counter - 1, own_};
    int64_t left = !op.anchor.left ? kNone : *op.anchor.left == own ? kImplied : kExplicit;
    int64_t right = !op.anchor.right ? kNone : op.anchor.right == prevRight_ ? kImplied : kExplicit;
    int64_t sectionBit = section(op.section, counter);
    col_[kShape].push(left + 3 * right + 9 * sectionBit);
    if (left == kExplicit) explicitRef(*op.anchor.left, counter);
    if (right == kExplicit) explicitRef(*op.anchor.right, counter);
    prevRight_ = op.anchor.right;
    col_[kInsertLen].push(int64_t(op.text.size()));
    for (char32_t cp : op.text) appendUtf8(text_, cp);
  }
  void write(const TextDelete& op, uint64_t counter) {
    col_[kShape].push(section(op.section, counter));
    col_[kRefActor].push(int64_t(localOf(op.start.actor)));
    col_[kDelCounter].push(int64_t(op.start.counter) - int64_t(prevDelete_));
    prevDelete_ = op.start.counter;
    col_[kDelLen].push(op.length);
  }

  // Rare ops, field by field in misc_.
  void str(const std::string& s) {
    putVarint(misc_, s.size());
    misc_ += s;
  }
  void ref(OpId id) {
    putVarint(misc_, localOf(id.actor));
    putVarint(misc_, id.counter);
  }
  void optRef(const std::optional<OpId>& id) {
    misc_.push_back(id ? 1 : 0);
    if (id) ref(*id);
  }
  void anchor(const Anchor& a) {
    optRef(a.left);
    optRef(a.right);
  }
  void reg(const RegisterWrite& w) {
    str(w.value);
    putVarint(misc_, w.pred.size());
    for (OpId p : w.pred) ref(p);
  }
  void write(const SectionCreate& op, uint64_t) { str(op.templateKey); }
  void write(const SectionMove& op, uint64_t) {
    ref(op.section);
    optRef(op.parent);
    anchor(op.anchor);
  }
  void write(const SectionSet& op, uint64_t) {
    ref(op.section);
    putVarint(misc_, uint64_t(op.field));
    reg(op.write);
  }
  void write(const TableCreate& op, uint64_t) {
    str(op.templateKey);
    str(op.name);
    str(op.title);
    optRef(op.section);
    misc_.push_back(op.legacy ? 1 : 0);
  }
  void write(const TableRemove& op, uint64_t) { ref(op.table); }
  void write(const RowInsert& op, uint64_t) {
    ref(op.table);
    anchor(op.anchor);
    str(op.key);
    str(op.group);
  }
  void write(const RowDelete& op, uint64_t) {
    ref(op.table);
    ref(op.row);
  }
  void write(const CellSet& op, uint64_t) {
    ref(op.table);
    ref(op.row);
    str(op.column);
    reg(op.write);
  }
  void write(const ReportSet& op, uint64_t) {
    putVarint(misc_, uint64_t(op.field));
    reg(op.write);
  }
  void write(const MarkResolve& op, uint64_t) {
    ref(op.section);
    optRef(op.paragraphEnd);
    putVarint(misc_, op.changes.size());
    for (const ChangeId& c : op.changes) {
      putVarint(misc_, localOf(c.actor));
      putVarint(misc_, c.seq);
    }
  }

  std::span<const Change* const> changes_;
  const crdt::ActorTable& table_;
  const ActorIdx own_;
  ZSTD_CCtx* zstd_;
  std::vector<ActorId> actors_;
  std::map<ActorId, uint64_t> local_;
  ColumnWriter col_[kColumnCount];
  std::string text_, misc_;
  std::optional<OpId> prevSection_, prevRight_;
  uint64_t prevDelete_ = 0;
};

// ---- decoding ----

struct SpanHeader {
  std::vector<ActorId> actors;
  uint64_t firstSeq = 0, count = 0, firstLamport = 0, bodyLen = 0;
  std::string_view frame;
};

SpanHeader readHeader(std::string_view span) {
  ByteReader in(span, "span");
  SpanHeader h;
  if (in.byte() != kSpanFormat) in.fail("unknown span format (written by a newer program?)");
  uint64_t actors = in.count(16);
  if (actors == 0) in.fail("no actors");
  for (uint64_t i = 0; i < actors; ++i) {
    std::string_view a = in.take(16);
    h.actors.emplace_back();
    std::memcpy(h.actors.back().data(), a.data(), 16);
  }
  h.firstSeq = in.varint();
  h.count = in.varint();
  h.firstLamport = in.varint();
  h.bodyLen = in.varint();
  if (h.firstSeq == 0 || h.firstSeq >= kMaxCounter) in.fail("seq out of range");
  if (h.count == 0 || h.count > kMaxSpanChanges) in.fail("change count out of range");
  if (h.firstLamport == 0 || h.firstLamport >= kMaxCounter) in.fail("lamport out of range");
  if (h.bodyLen > kMaxSpanBodyBytes) in.fail("body too large");
  h.frame = in.rest();
  return h;
}

// The thread's zstd decompression context, reset for each frame and given back on scope exit.
// Creating one a span (about 100 KB allocated and cleared) was 7 % of fuzz_history's time
// and as much of loading a history of many small spans. A context left holding more than
// 1 MiB of window (a large span) is freed, so that no thread keeps a large buffer.
class DecompressionContext {
 public:
  DecompressionContext() : ctx_(cached().release()) {
    if (!ctx_) ctx_ = ZSTD_createDCtx();
    if (!ctx_) throw std::bad_alloc();
  }
  ~DecompressionContext() {
    if (ZSTD_sizeof_DCtx(ctx_) > (1u << 20) || cached()) {
      ZSTD_freeDCtx(ctx_);
      return;
    }
    ZSTD_DCtx_reset(ctx_, ZSTD_reset_session_only);
    cached().reset(ctx_);
  }
  DecompressionContext(const DecompressionContext&) = delete;
  DecompressionContext& operator=(const DecompressionContext&) = delete;
  ZSTD_DCtx* get() const { return ctx_; }

 private:
  using Owned = std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)>;
  static Owned& cached() {
    thread_local Owned ctx(nullptr, ZSTD_freeDCtx);
    return ctx;
  }
  ZSTD_DCtx* ctx_;
};

// Decompresses exactly `size` bytes, growing the output only as bytes arrive.
std::string decompress(std::string_view frame, uint64_t size) {
  unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
  require(declared == size,
          "history: span body does not have the size its header says (数据已损坏)");
  DecompressionContext ctx;
  std::string out;
  out.resize(std::min<uint64_t>(size, 64 * 1024 + frame.size() * 8));
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  size_t produced = 0;
  for (;;) {
    ZSTD_outBuffer o{out.data(), out.size(), produced};
    size_t r = ZSTD_decompressStream(ctx.get(), &o, &in);
    require(!ZSTD_isError(r), "history: span body is corrupt: ", ZSTD_getErrorName(r),
            " (数据已损坏)");
    produced = o.pos;
    if (r == 0) break;  // frame complete
    if (produced == out.size()) {
      require(out.size() < size, "history: span body is longer than its header says (数据已损坏)");
      out.resize(std::min<uint64_t>(size, out.size() * 2));
    } else if (in.pos == in.size) {
      throw InputError("history: span body is truncated (数据已损坏)");
    }
  }
  require(produced == size && in.pos == in.size,
          "history: span body does not have the size its header says (数据已损坏)");
  out.resize(produced);
  return out;
}

class SpanDecoder {
 public:
  // `opsLeft`: the most ops the caller takes (ops cost memory, and a run claims them for
  // free).
  SpanDecoder(const SpanHeader& h, std::string_view body, crdt::ActorTable& table, uint64_t opsLeft)
      : h_(h), in_(body, "span body"), opsLeft_(opsLeft) {
    for (const ActorId& a : h.actors) actors_.push_back(table.intern(a));
  }

  uint64_t opsLeft() const { return opsLeft_; }

  std::vector<Change> decode(uint64_t fromSeq, uint64_t toSeq) {
    auto [deps, author] = prelude();
    std::vector<Change> out;
    const uint64_t last = std::min(toSeq, h_.firstSeq + h_.count - 1);
    if (last >= std::max(fromSeq, h_.firstSeq))
      out.reserve(last - std::max(fromSeq, h_.firstSeq) + 1);
    uint64_t counter = h_.firstLamport;
    int64_t time = 0;
    for (uint64_t i = 0; i < h_.count; ++i) {
      Change c;
      c.id = ChangeId{h_.actors[0], h_.firstSeq + i};
      if (c.id.seq > toSeq) return out;  // the rest of the span is not decoded
      c.lamport = counter;
      c.deps = i == 0 ? deps : std::vector<ChangeId>{ChangeId{h_.actors[0], c.id.seq - 1}};
      time = int64_t(uint64_t(time) + uint64_t(col_[kTime].next()));
      c.timeMs = time;
      c.author = author;
      int64_t ops = opCount();
      for (int64_t k = 0; k < ops; ++k) {
        c.ops.push_back(op(col_[kKind].next(), counter));
        counter += opWidth(c.ops.back());
        if (counter >= kMaxCounter) in_.fail("counters out of range");
      }
      if (c.id.seq >= fromSeq) out.push_back(std::move(c));
    }
    requireDone();
    return out;
  }

  // The changes with seq in [fromSeq, toSeq] as pieces in seq order: stretches of changes
  // whose ops are all text inserts and deletes as ChangeRuns, every other change as itself.
  // Text ops are decoded straight into the run (a character typed on is appended to the
  // run's insert; no op is made for it). Changes before fromSeq are read and dropped (the
  // columns are deltas); those past toSeq are not read.
  std::vector<SpanPiece> decodePieces(uint64_t fromSeq, uint64_t toSeq) {
    // Not a structured binding: the lambda below captures `deps`, which clang before 16
    // refuses for a binding (the fuzz build uses clang).
    std::pair<std::vector<ChangeId>, std::string> head = prelude();
    const std::vector<ChangeId>& deps = head.first;
    const std::string& author = head.second;
    std::vector<bool> textOnly = textOnlyChanges();
    std::vector<SpanPiece> out;
    uint64_t counter = h_.firstLamport;
    int64_t time = 0;
    size_t run = SIZE_MAX;  // index in `out` of the run being extended
    for (uint64_t i = 0; i < h_.count; ++i) {
      const ChangeId id{h_.actors[0], h_.firstSeq + i};
      if (id.seq > toSeq) return out;  // the rest of the span is not decoded
      // Only a change that starts a piece needs its deps written out.
      auto changeDeps = [&] {
        return i == 0 ? deps : std::vector<ChangeId>{ChangeId{id.actor, id.seq - 1}};
      };
      time = int64_t(uint64_t(time) + uint64_t(col_[kTime].next()));
      int64_t ops = opCount();
      const uint64_t start = counter;
      if (!textOnly[i] || id.seq < fromSeq) {
        Change c{id, counter, changeDeps(), time, author, {}};
        for (int64_t k = 0; k < ops; ++k) {
          c.ops.push_back(op(col_[kKind].next(), counter));
          counter += opWidth(c.ops.back());
          if (counter >= kMaxCounter) in_.fail("counters out of range");
        }
        if (id.seq >= fromSeq) out.emplace_back(std::move(c));
        run = SIZE_MAX;
        continue;
      }
      if (run == SIZE_MAX) {
        run = out.size();
        out.emplace_back(ChangeRun{id, 0, counter, changeDeps(), author, {}, {}});
      }
      ChangeRun& r = std::get<ChangeRun>(out[run]);
      ++r.count;
      for (int64_t k = 0; k < ops; ++k) {
        counter += col_[kKind].next() == kInsertKind ? insertInto(r.ops, counter)
                                                     : deleteInto(r.ops, counter);
        if (counter >= kMaxCounter) in_.fail("counters out of range");
      }
      uint64_t width = counter - start;
      if (!r.widths.empty() && r.widths.back().width == width) {
        ++r.widths.back().count;
      } else {
        r.widths.push_back({width, 1});
      }
    }
    requireDone();
    return out;
  }

 private:
  // The body's start: the first change's deps and the span's author, then the columns, the
  // text and the rare ops are set up for reading.
  std::pair<std::vector<ChangeId>, std::string> prelude() {
    std::vector<ChangeId> deps;
    for (uint64_t n = in_.count(2), i = 0; i < n; ++i) {
      uint64_t a = actorIndex(in_.varint());
      uint64_t seq = in_.varint();
      if (seq == 0) in_.fail("dependency seq 0");
      deps.push_back(ChangeId{h_.actors[a], seq});
    }
    std::string author(in_.lengthPrefixed());
    if (!isValidUtf8(author)) in_.fail("author is not valid UTF-8");
    for (ColumnReader& c : col_) c = ColumnReader(in_.lengthPrefixed(), "column");
    text_ = in_.lengthPrefixed();
    if (!isValidUtf8(text_)) in_.fail("text is not valid UTF-8");
    misc_ = ByteReader(in_.rest(), "span ops");
    return {std::move(deps), std::move(author)};
  }
  // Per change, whether its ops are all text inserts and deletes: a first pass over copies
  // of the op count and kind columns, bounded as the decoding pass bounds ops.
  std::vector<bool> textOnlyChanges() const {
    ColumnReader counts = col_[kOps], kinds = col_[kKind];
    std::vector<bool> out(h_.count, true);
    uint64_t total = 0;
    for (uint64_t i = 0; i < h_.count; ++i) {
      int64_t n = counts.next();
      if (n < 1 || uint64_t(n) > std::min(kMaxSpanOps, opsLeft_) - total)
        in_.fail("op count out of range");
      total += uint64_t(n);
      for (int64_t k = 0; k < n; ++k) {
        int64_t kind = kinds.next();
        if (kind != kInsertKind && kind != kDeleteKind) out[i] = false;
      }
    }
    return out;
  }
  int64_t opCount() {
    int64_t ops = col_[kOps].next();
    if (ops < 1 || uint64_t(ops) > kMaxSpanOps - opsSeen_ || uint64_t(ops) > opsLeft_)
      in_.fail("op count out of range");
    opsSeen_ += uint64_t(ops);
    opsLeft_ -= uint64_t(ops);
    return ops;
  }
  void requireDone() {
    for (const ColumnReader& c : col_) c.requireDone();
    if (!text_.empty()) in_.fail("text left over");
    if (!misc_.done()) in_.fail("ops left over");
  }
  // Decodes a text insert at `counter` into a run's ops: appended to the last op's text when
  // it is typed on after it (inserted after its last character, before the same right
  // neighbour), else a new op. Returns its width (code points).
  uint64_t insertInto(std::vector<ChangeRun::CountedOp>& ops, uint64_t counter) {
    InsertHead h = insertHead(counter);
    if (!ops.empty()) {
      ChangeRun::CountedOp& last = ops.back();
      auto* prev = std::get_if<TextInsert>(&last.op);
      if (prev && prev->section == h.section && prev->anchor.right == h.anchor.right &&
          last.counter + prev->text.size() == counter &&
          h.anchor.left == OpId{counter - 1, actors_[0]}) {
        takeText(prev->text, h.length);
        return h.length;
      }
    }
    TextInsert t{h.section, h.anchor, {}};
    t.text.reserve(h.length);  // bounded by the text's bytes (insertHead)
    takeText(t.text, h.length);
    ops.push_back({counter, std::move(t)});
    return h.length;
  }
  // Decodes a text delete at `counter` into a run's ops: joined to the last op when that
  // deletes the elements just before (backspace) or just after (delete key) it. Returns its
  // width (1).
  uint64_t deleteInto(std::vector<ChangeRun::CountedOp>& ops, uint64_t counter) {
    TextDelete del = textDelete(counter);
    if (!ops.empty()) {
      auto* prev = std::get_if<TextDelete>(&ops.back().op);
      if (prev && prev->section == del.section && prev->start.actor == del.start.actor &&
          uint64_t(prev->length) + del.length <= UINT32_MAX) {
        if (del.start.counter + del.length == prev->start.counter) {
          prev->start = del.start;  // backspace
          prev->length += del.length;
          return 1;
        }
        if (prev->start.counter + prev->length == del.start.counter) {
          prev->length += del.length;
          return 1;
        }
      }
    }
    ops.push_back({counter, del});
    return 1;
  }
  uint64_t actorIndex(uint64_t local) {
    if (local >= actors_.size()) in_.fail("reference to an unknown actor");
    return local;
  }
  OpId explicitRef(uint64_t counter) {
    uint64_t a = actorIndex(uint64_t(col_[kRefActor].next()));
    return OpId{checkedCounter(counter, col_[kRefCounter].next()), actors_[a]};
  }
  // base + delta, refused outside 1 .. kMaxCounter - 1 (wrapping arithmetic: no overflow).
  uint64_t checkedCounter(uint64_t base, int64_t delta) {
    uint64_t c = base + uint64_t(delta);
    if (c < 1 || c >= kMaxCounter) in_.fail("reference to counter out of range");
    return c;
  }
  OpId section(int64_t explicitBit, uint64_t counter) {
    if (explicitBit) prevSection_ = explicitRef(counter);
    if (!prevSection_) in_.fail("text op without a section");
    return *prevSection_;
  }

  Op op(int64_t kind, uint64_t counter) {
    if (kind == kInsertKind) {
      InsertHead h = insertHead(counter);
      TextInsert t{h.section, h.anchor, {}};
      t.text.reserve(h.length);  // bounded by the text's bytes (insertHead)
      takeText(t.text, h.length);
      return t;
    }
    if (kind == kDeleteKind) return textDelete(counter);
    return rareOp(kind);
  }

  TextDelete textDelete(uint64_t counter) {
    int64_t shape = col_[kShape].next();
    if (shape != 0 && shape != 1) in_.fail("bad delete shape");
    TextDelete d{section(shape, counter), {}, 0};
    uint64_t a = actorIndex(uint64_t(col_[kRefActor].next()));
    d.start = OpId{checkedCounter(prevDelete_, col_[kDelCounter].next()), actors_[a]};
    prevDelete_ = d.start.counter;
    int64_t len = col_[kDelLen].next();
    if (len < 1 || len > int64_t(UINT32_MAX)) in_.fail("bad delete length");
    d.length = uint32_t(len);
    return d;
  }

  // A text insert without its text: where it goes and how many code points it takes.
  struct InsertHead {
    OpId section;
    Anchor anchor;
    size_t length;  // code points, at most the bytes of text left
  };
  InsertHead insertHead(uint64_t counter) {
    int64_t shape = col_[kShape].next();
    if (shape < 0 || shape >= 18) in_.fail("bad insert shape");
    InsertHead h{section(shape / 9, counter), {}, 0};
    switch (shape % 3) {
      case kImplied:
        if (counter < 2) in_.fail("insert after counter 0");
        h.anchor.left = OpId{counter - 1, actors_[0]};
        break;
      case kExplicit:
        h.anchor.left = explicitRef(counter);
        break;
    }
    switch (shape / 3 % 3) {
      case kImplied:
        if (!prevRight_) in_.fail("insert repeats a right anchor that is not there");
        h.anchor.right = prevRight_;
        break;
      case kExplicit:
        h.anchor.right = explicitRef(counter);
        break;
    }
    prevRight_ = h.anchor.right;
    int64_t len = col_[kInsertLen].next();
    if (len < 1 || uint64_t(len) > text_.size()) in_.fail("insert longer than the text left");
    h.length = size_t(len);
    return h;
  }
  // Appends the next `n` code points of the text to `to`.
  void takeText(std::u32string& to, size_t n) {
    // text_ is valid UTF-8 (checked once in prelude()).
    size_t i = 0;
    for (size_t k = 0; k < n; ++k) {
      if (i >= text_.size()) in_.fail("insert longer than the text left");
      uint8_t b = uint8_t(text_[i]);
      int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      char32_t cp = len == 1 ? b : b & (0x7F >> len);
      for (int j = 1; j < len; ++j) cp = (cp << 6) | (uint8_t(text_[i + j]) & 0x3F);
      to.push_back(cp);
      i += len;
    }
    text_.remove_prefix(i);
  }

  std::string str() {
    std::string s(misc_.lengthPrefixed());
    if (!isValidUtf8(s)) misc_.fail("text is not valid UTF-8");
    return s;
  }
  OpId ref() {
    uint64_t a = actorIndex(misc_.varint());
    return OpId{checkedCounter(0, int64_t(std::min<uint64_t>(misc_.varint(), kMaxCounter))),
                actors_[a]};
  }
  std::optional<OpId> optRef() {
    uint8_t has = misc_.byte();
    if (has > 1) misc_.fail("bad flag");
    return has ? std::optional<OpId>(ref()) : std::nullopt;
  }
  Anchor anchor() {
    Anchor a;
    a.left = optRef();
    a.right = optRef();
    return a;
  }
  RegisterWrite reg() {
    RegisterWrite w{str(), {}};
    for (uint64_t n = misc_.count(2), i = 0; i < n; ++i) w.pred.push_back(ref());
    return w;
  }
  template <typename E>
  E field(uint64_t count) {
    uint64_t v = misc_.varint();
    if (v >= count) misc_.fail("unknown field");
    return E(v);
  }

  Op rareOp(int64_t kind) {
    switch (kind) {
      case 0:
        return SectionCreate{str()};
      case 1: {
        SectionMove m;
        m.section = ref();
        m.parent = optRef();
        m.anchor = anchor();
        return m;
      }
      case 2: {
        SectionSet s;
        s.section = ref();
        s.field = field<SectionField>(3);
        s.write = reg();
        return s;
      }
      case 5: {
        TableCreate t;
        t.templateKey = str();
        t.name = str();
        t.title = str();
        t.section = optRef();
        uint8_t legacy = misc_.byte();
        if (legacy > 1) misc_.fail("bad flag");
        t.legacy = legacy == 1;
        return t;
      }
      case 6:
        return TableRemove{ref()};
      case 7: {
        RowInsert r;
        r.table = ref();
        r.anchor = anchor();
        r.key = str();
        r.group = str();
        return r;
      }
      case 8: {
        RowDelete r;
        r.table = ref();
        r.row = ref();
        return r;
      }
      case 9: {
        CellSet c;
        c.table = ref();
        c.row = ref();
        c.column = str();
        c.write = reg();
        return c;
      }
      case 10: {
        ReportSet r;
        r.field = field<ReportField>(kReportFieldCount);
        r.write = reg();
        return r;
      }
      case 11: {
        MarkResolve m;
        m.section = ref();
        m.paragraphEnd = optRef();
        for (uint64_t n = misc_.count(2), i = 0; i < n; ++i) {
          uint64_t a = actorIndex(misc_.varint());
          uint64_t seq = misc_.varint();
          if (seq == 0) misc_.fail("change seq 0");
          m.changes.push_back(ChangeId{h_.actors[a], seq});
        }
        return m;
      }
    }
    in_.fail("unknown op kind " + std::to_string(kind));
  }

  const SpanHeader& h_;
  ByteReader in_;
  std::vector<ActorIdx> actors_;
  ColumnReader col_[kColumnCount];
  std::string_view text_;
  ByteReader misc_{{}, "span ops"};
  std::optional<OpId> prevSection_, prevRight_;
  uint64_t prevDelete_ = 0;
  uint64_t opsSeen_ = 0;
  uint64_t opsLeft_;
};

}  // namespace

std::string encodeHistory(std::span<const Change> changes, const crdt::ActorTable& actors,
                          std::vector<ChangeId>* order) {
  std::vector<const Change*> sorted;
  sorted.reserve(changes.size());
  for (const Change& c : changes) sorted.push_back(&c);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Change* a, const Change* b) { return a->id < b->id; });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [](const Change* a, const Change* b) { return a->id == b->id; }),
               sorted.end());

  // Spans of consecutive changes, then ordered by first lamport: a span's first change
  // depends only on changes of lower lamport, so on spans before it.
  struct Run {
    size_t begin, end;
  };
  std::vector<Run> runs;
  uint64_t ops = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const Change& c = *sorted[i];
    require(c.ops.size() <= kMaxSpanOps, "history: a change has too many ops (数据已损坏)");
    if (!runs.empty() && runs.back().end == i && i - runs.back().begin < kMaxSpanChanges &&
        ops + c.ops.size() <= kMaxSpanOps && extendsSpan(*sorted[i - 1], c)) {
      runs.back().end = i + 1;
      ops += c.ops.size();
    } else {
      runs.push_back({i, i + 1});
      ops = c.ops.size();
    }
  }
  // Equal lamports keep the callers' order.
  std::vector<size_t> position(sorted.size());
  for (size_t i = 0; i < sorted.size(); ++i) position[i] = size_t(sorted[i] - changes.data());
  std::sort(runs.begin(), runs.end(), [&](const Run& a, const Run& b) {
    return std::pair(sorted[a.begin]->lamport, position[a.begin]) <
           std::pair(sorted[b.begin]->lamport, position[b.begin]);
  });
  if (order) {
    order->clear();
    for (const Run& r : runs)
      for (size_t i = r.begin; i < r.end; ++i) order->push_back(sorted[i]->id);
  }

  // Each span's body carries zstd's checksum: a flipped bit is refused, not decoded.
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> zstd(ZSTD_createCCtx(), ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(zstd.get(), ZSTD_c_compressionLevel, kZstdLevel);
  ZSTD_CCtx_setParameter(zstd.get(), ZSTD_c_checksumFlag, 1);
  std::string out(kMagic);
  putVarint(out, runs.size());
  for (const Run& r : runs) {
    std::string span =
        SpanEncoder(std::span(sorted).subspan(r.begin, r.end - r.begin), actors, zstd.get())
            .encode();
    putVarint(out, span.size());
    out += span;
  }
  return out;
}

std::vector<SpanInfo> listSpans(std::string_view history, uint64_t maxChanges) {
  ByteReader in(history, "list of spans");
  if (in.take(std::min<size_t>(kMagic.size(), history.size())) != kMagic)
    in.fail("not a history (or one written by a newer program)");
  std::vector<SpanInfo> spans;
  for (uint64_t n = in.count(2), i = 0; i < n; ++i) {
    std::string_view bytes = in.lengthPrefixed();
    SpanHeader h = readHeader(bytes);
    if (h.count > maxChanges) in.fail("more than " + std::to_string(maxChanges) + " changes");
    maxChanges -= h.count;
    spans.push_back(SpanInfo{ChangeId{h.actors[0], h.firstSeq}, h.count, h.firstLamport, bytes});
  }
  if (!in.done()) in.fail("bytes after the last span");
  return spans;
}

namespace {

// decodeSpan, taking at most `opsLeft` ops and counting down what it took.
std::vector<Change> decodeSpanOps(std::string_view span, crdt::ActorTable& actors, uint64_t fromSeq,
                                  uint64_t toSeq, uint64_t& opsLeft) {
  SpanHeader h = readHeader(span);
  std::string body = decompress(h.frame, h.bodyLen);
  SpanDecoder decoder(h, body, actors, opsLeft);
  std::vector<Change> out = decoder.decode(fromSeq, toSeq);
  opsLeft = decoder.opsLeft();
  return out;
}

// The ops a history decode takes in all: as many as its changes, or one span's worth.
uint64_t opsBudget(uint64_t maxChanges) {
  return std::max(maxChanges, kMaxSpanOps);
}

}  // namespace

std::vector<SpanPiece> decodeSpanPieces(std::string_view span, crdt::ActorTable& actors,
                                        uint64_t& opsLeft, uint64_t fromSeq, uint64_t toSeq) {
  SpanHeader h = readHeader(span);
  std::string body = decompress(h.frame, h.bodyLen);
  SpanDecoder decoder(h, body, actors, opsLeft);
  std::vector<SpanPiece> out = decoder.decodePieces(fromSeq, toSeq);
  opsLeft = decoder.opsLeft();
  return out;
}

std::vector<Change> decodeSpan(std::string_view span, crdt::ActorTable& actors, uint64_t fromSeq,
                               uint64_t toSeq) {
  uint64_t opsLeft = kMaxSpanOps;
  return decodeSpanOps(span, actors, fromSeq, toSeq, opsLeft);
}

std::vector<Change> decodeHistory(std::string_view history, crdt::ActorTable& actors,
                                  uint64_t maxChanges) {
  std::vector<Change> out;
  uint64_t opsLeft = opsBudget(maxChanges);
  for (const SpanInfo& s : listSpans(history, maxChanges)) {
    std::vector<Change> part = decodeSpanOps(s.bytes, actors, 1, UINT64_MAX, opsLeft);
    if (out.empty()) {
      out = std::move(part);
    } else {
      out.insert(out.end(), std::make_move_iterator(part.begin()),
                 std::make_move_iterator(part.end()));
    }
  }
  return out;
}

std::vector<Change> decodeRange(std::string_view history, const crdt::ActorId& actor,
                                uint64_t fromSeq, uint64_t toSeq, crdt::ActorTable& actors) {
  std::vector<Change> out;
  uint64_t opsLeft = opsBudget(kMaxHistoryChanges);
  for (const SpanInfo& s : listSpans(history)) {
    if (s.first.actor != actor || s.lastSeq() < fromSeq || s.first.seq > toSeq) continue;
    for (Change& c : decodeSpanOps(s.bytes, actors, fromSeq, toSeq, opsLeft))
      out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(),
            [](const Change& a, const Change& b) { return a.id.seq < b.id.seq; });
  return out;
}

std::string packedToHistory(std::span<const std::string> packed, std::vector<ChangeId>* order) {
  crdt::ActorTable actors;
  std::vector<Change> changes;
  changes.reserve(packed.size());
  for (const std::string& c : packed) changes.push_back(decodeChange(c, actors));
  return encodeHistory(changes, actors, order);
}

std::vector<std::string> historyToPacked(std::string_view history, uint64_t maxChanges) {
  crdt::ActorTable actors;
  std::vector<std::string> out;
  uint64_t opsLeft = opsBudget(maxChanges);
  for (const SpanInfo& s : listSpans(history, maxChanges))
    for (const Change& c : decodeSpanOps(s.bytes, actors, 1, UINT64_MAX, opsLeft))
      out.push_back(encodeChange(c, actors));
  return out;
}

bool extendsSpan(const Change& prev, const Change& next) {
  return next.id.actor == prev.id.actor && next.id.seq == prev.id.seq + 1 &&
         next.lamport == prev.lastCounter() + 1 && next.deps.size() == 1 &&
         next.deps[0] == prev.id && next.author == prev.author;
}

SpanInfo readSpanInfo(std::string_view span) {
  SpanHeader h = readHeader(span);
  return SpanInfo{ChangeId{h.actors[0], h.firstSeq}, h.count, h.firstLamport, span};
}

std::vector<std::string> encodeSpans(std::span<const Change> changes,
                                     const crdt::ActorTable& actors) {
  std::string history = encodeHistory(changes, actors);
  std::vector<std::string> out;
  for (const SpanInfo& s : listSpans(history)) out.emplace_back(s.bytes);
  return out;
}

std::string joinSpans(std::span<const std::string_view> spans) {
  std::string out(kMagic);
  putVarint(out, spans.size());
  for (std::string_view s : spans) {
    putVarint(out, s.size());
    out += s;
  }
  return out;
}

std::optional<std::string> SpanUnpacker::packed(std::string_view key, std::string_view span,
                                                uint64_t seq) {
  if (key_.empty() || key != key_) {
    key_.clear();
    packed_.clear();
    crdt::ActorTable scratch;
    std::vector<Change> all = decodeSpan(span, scratch);
    for (const Change& c : all) packed_.push_back(encodeChange(c, scratch));
    firstSeq_ = all.front().id.seq;
    key_ = std::string(key);
  }
  if (seq < firstSeq_ || seq - firstSeq_ >= packed_.size()) return std::nullopt;
  return packed_[seq - firstSeq_];
}

std::pair<std::string, std::string> splitSpan(std::string_view span, uint64_t seq) {
  SpanHeader h = readHeader(span);
  require(seq > h.firstSeq && seq < h.firstSeq + h.count, "history: split point ", seq,
          " is not inside the span (数据已损坏)");
  crdt::ActorTable scratch;
  std::vector<Change> all = decodeSpan(span, scratch);
  size_t cut = size_t(seq - h.firstSeq);
  return {encodeHistory(std::span(all).first(cut), scratch),
          encodeHistory(std::span(all).subspan(cut), scratch)};
}

}  // namespace rs::doc
