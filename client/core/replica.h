// A user's local replica: one LMDB environment per profile holding every report's changes,
// snapshot, outbox and pending (waiting for dependencies) changes.
//
// Every write is one LMDB transaction: a local edit commits its change, the updated
// snapshot and its outbox entry together, so a crash leaves either all or none of them.
// A report opens from its snapshot without replaying history.
//
// Store layout log (the profile record "store-version"; an older store is brought up to
// date when it opens, in one write transaction; add, never change a record's meaning):
//   1  2026-11  profile, changes, snapshots, outbox, pending, cursors (no version record).
//   2  2026-12  actor-users: actor (16 bytes) -> its server-verified user, stored in the
//               transaction of the pulled page that named it. Opening a version-1 store
//               sets every report's cursor to 0 (its history identity kept), so the next
//               sync reads the history again and learns the users of the actors held.
//   3  2026-12  spans: the history as spans (core/span_table.h) instead of `changes`, one
//               packed change per record. Opening a version-2 store moves every change into
//               spans and empties `changes`, in the open's one write transaction (a failure
//               leaves the store as it was). A report's snapshot is written whole once
//               kSnapshotEvery changes were stored since the last one; profile record
//               "tail"+report counts them, and opening replays the changes its "version"
//               holds beyond the snapshot's own from the spans.
//   4  2026-12  log: a local commit appends its one change, packed, to `log` (key report ++
//               actor ++ seq; core/span_table.h) instead of joining its actor's last span;
//               writing the snapshot folds the log into spans in the same transaction.
//               Opening replays the snapshot's tail from spans and log alike. A version-3
//               store needs no move (its tail is in its spans); the version is raised.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/authors.h"
#include "core/span_table.h"
#include "doc/document.h"
#include "doc/local_edit.h"
#include "store/lmdb.h"

namespace rs::core {

using ReportId = std::string;  // 32 lowercase hex digits

struct ReportSummary {
  ReportId id;
  std::string title, department, year, templateKey;
  size_t unsynced = 0;  // changes in the outbox
  std::optional<int64_t> lastSyncMs;
  std::string submission;  // the latest submission's status as last fetched, e.g. "#2 returned"
  size_t pending = 0;      // received changes waiting for their dependencies
};

// A report held in memory. Edits go through Replica so that memory and store agree.
struct OpenReport {
  ReportId id;
  std::unique_ptr<doc::Document> doc;
};

// Changes stored between two writes of a report's whole snapshot (issue 11 step 6): a local
// commit writes its change (one log record) and the report's version, not the snapshot
// (1-10 ms for a 50-page report); an open replays at most this many changes from the spans
// and the log.
constexpr size_t kSnapshotEvery = 64;

struct MergeResult {
  size_t applied = 0;    // new changes now in the document
  size_t duplicate = 0;  // already held
  size_t pending = 0;    // kept until their dependencies arrive
  // Of applied and duplicate, the changes taken a span at a time (mergeHistory): applied as
  // runs and stored as received, or found held exactly as the span has them; the rest went
  // change by change.
  size_t bySpan = 0;
};

// An own change's part in undo and redo: kUndo undid an earlier change, kUndone was undone
// (undo passes both), kRedoneUndo is an undo a redo took back, kRedo took an undo back
// (undone later or not). Profiles written before redo existed record undos as kUndone.
enum class UndoRole { kPlain, kUndone, kUndo, kRedoneUndo, kRedo };

class Replica {
 public:
  // Opens or creates the profile store in `dir`.
  explicit Replica(const std::string& dir);

  const doc::ActorId& actor() const { return actor_; }
  const std::string& userName() const { return user_; }
  // The name local changes carry. Throws InputError while logged in as another user: the
  // server binds every change to its login, so the name is the login's.
  void setUserName(const std::string& name);

  std::vector<ReportSummary> list();
  // By full id or unique prefix; throws InputError when none or several match.
  ReportId resolve(std::string_view idOrPrefix);

  // Creates a report: `build` fills it through a LocalEdit; it is committed as one change.
  OpenReport create(const std::function<void(doc::LocalEdit&)>& build);
  OpenReport open(const ReportId& id);
  // The report, or an empty document under that id (stored once something is merged).
  OpenReport openOrEmpty(const ReportId& id);

  // One local change. If `build` throws, nothing is stored and the report is reloaded.
  // Returns false when `build` made no op (nothing stored).
  //
  // Every write (edit, merge) runs in one LMDB write transaction, which LMDB serializes
  // across processes, and first brings the report in memory up to the stored state: a
  // second process on the same profile (the program and reportsync-cli) may have stored
  // changes since this one loaded it. So the change is built on the current state, takes
  // the next free seq, and the snapshot written covers both processes' changes.
  bool edit(OpenReport& report, const std::function<void(doc::LocalEdit&)>& build);

  // An edit that undoes own change `undoneSeq`: both this change and that one are recorded
  // as undo records (in the same transaction), so that the next undo goes further back.
  bool editUndo(OpenReport& report, uint64_t undoneSeq,
                const std::function<void(doc::LocalEdit&)>& build);
  bool isUndoRecord(const ReportId& id, uint64_t ownSeq);
  // An edit that redoes (takes back) own undo `undoSeq`: this change is recorded as a redo,
  // which a later undo may take back, and that undo as redone (core/undo.h).
  bool editRedo(OpenReport& report, uint64_t undoSeq,
                const std::function<void(doc::LocalEdit&)>& build);
  // An own change undo or redo found nothing left to take back in: passed from now on.
  void markUndone(const ReportId& id, uint64_t ownSeq);
  void markRedone(const ReportId& id, uint64_t undoSeq);
  // What own change `ownSeq` is to undo and redo (kept in the profile, not the document).
  UndoRole undoRole(const ReportId& id, uint64_t ownSeq);

  // Merges encoded changes from elsewhere (a bundle, the server), all or nothing: a
  // malformed, invalid or forged change throws InputError and nothing is stored. A server
  // cursor, when given, is stored in the same transaction as the changes it covers.
  // Without one (a bundle), newly applied changes also enter the outbox: the server may
  // lack them, and the server takes a colleague's change from whoever forwards it.
  // `serverHistory`, when given, is the identity of the server history the cursor belongs
  // to, stored with it; `verified`, the server's word on whose the actors are (only ever
  // from a server's pull answer, never from a bundle), is stored in the same transaction.
  MergeResult merge(OpenReport& report, const std::vector<std::string>& encodedChanges,
                    std::optional<uint64_t> serverCursor = std::nullopt,
                    std::optional<std::string> serverHistory = std::nullopt,
                    const std::vector<ActorUser>& verified = {});

  // The same for a history (doc/change_spans.h), as a pull page or a bundle carries it: a
  // colleague's span none of whose changes is held is applied as runs and stored as it
  // came (nothing decoded per change or encoded again); any other change goes as merge()
  // takes it. All or nothing, InputError as merge().
  MergeResult mergeHistory(OpenReport& report, std::string_view history,
                           std::optional<uint64_t> serverCursor = std::nullopt,
                           std::optional<std::string> serverHistory = std::nullopt,
                           const std::vector<ActorUser>& verified = {});

  // Every actor's verified user this profile has been told by its server.
  ActorUsers actorUsers();
  // Stores what the server says of whose actors are (GET .../actors); bad names are left out.
  void storeActorUsers(const std::vector<ActorUser>& verified);
  // Whether the report holds changes of an actor whose verified user is not known.
  bool lacksActorUsers(const ReportId& id);

  // Applies, in place, the changes another process stored since `report` was loaded (the
  // same Document object, so views keep their pointers). Returns whether any arrived.
  bool catchUp(OpenReport& report);

  // Moves this profile to a fresh actor and re-issues the changes it has not sent yet under
  // it (see actor_reissue.h). Called by merge() when a change shows our actor was used
  // elsewhere; `report` is rebuilt.
  void reissueUnsent(OpenReport& report);

  // ---- sync state ----
  struct ServerLogin {
    std::string url, user, token;
  };
  std::optional<ServerLogin> serverLogin();
  void setServerLogin(const ServerLogin& login);
  uint64_t serverCursor(const ReportId& id);
  // The identity of the server history the cursor counts in; empty when never stored.
  std::string serverHistory(const ReportId& id);
  // The server's history is another one (a restored or new data folder): in one
  // transaction, the cursor goes back to 0 under `history` and every held change of the
  // report goes back into the outbox (the server answers those it has as duplicates).
  void resetServerHistory(const ReportId& id, const std::string& history);
  // Changes the server has taken leave the outbox.
  void acknowledge(const ReportId& id, const std::vector<doc::ChangeId>& changes);
  std::optional<int64_t> lastSyncMs(const ReportId& id);
  void setLastSyncMs(const ReportId& id, int64_t ms);
  // The latest submission's status as last fetched from the server, shown by `list`.
  void setSubmissionStatus(const ReportId& id, const std::string& text);

  // Every held change of the report, in an order where dependencies come first.
  std::vector<std::string> changes(const ReportId& id);
  // The same as a history (doc/change_spans.h), from the stored spans without re-encoding.
  std::string history(const ReportId& id);
  std::vector<doc::Change> decodedChanges(const ReportId& id, crdt::ActorTable& actors);
  // Held changes the server is not known to hold (own edits, and changes merged from
  // bundles), dependencies first: one push can carry a colleague's changes and the changes
  // made on them.
  std::vector<std::string> outbox(const ReportId& id);
  // The outbox as spans (SpanInfo::bytes), in seq order, when it holds only this profile's
  // own changes (the usual case; nullopt otherwise, for outbox()): a stored span wholly in
  // the outbox as it is stored, one partly in it cut, logged changes encoded as spans.
  // Nothing is packed.
  std::optional<std::vector<std::string>> outboxSpans(const ReportId& id);
  std::optional<std::string> changeBytes(const ReportId& id, const doc::ChangeId& change);
  size_t outboxCount(const ReportId& id);
  // Whether `change` is in the outbox (held, and the server not known to hold it).
  bool unsent(const ReportId& id, const doc::ChangeId& change);
  size_t pendingCount(const ReportId& id);

  store::Env& env() { return env_; }
  // How many changes this open moved from the version-2 form into spans (0 once migrated).
  size_t migratedChanges() const { return migrated_; }

 private:
  // What a merge takes: packed changes, or else a history.
  struct MergeInput {
    const std::vector<std::string>* packed = nullptr;
    std::string_view history;
  };
  MergeResult mergeOnce(OpenReport& report, const MergeInput& in,
                        std::optional<uint64_t> serverCursor,
                        const std::optional<std::string>& serverHistory,
                        const std::vector<ActorUser>& verified);
  void upgradeStore(store::Txn& txn);
  void putActorUsers(store::Txn& txn, const std::vector<ActorUser>& verified);
  crdt::ActorId storedActor(store::Txn& txn);
  // `mark`: the undo or redo this edit is, with the own seq it undoes or redoes.
  bool commitEdit(OpenReport& report, const std::function<void(doc::LocalEdit&)>& build,
                  std::optional<std::pair<UndoRole, uint64_t>> mark);
  void reload(OpenReport& report);
  void storeChanges(store::Txn& txn, const ReportId& id, std::span<const doc::Change> changes,
                    const crdt::ActorTable& actors);
  // Records the report's version; writes its whole snapshot, and folds the log into spans,
  // only once kSnapshotEvery changes were stored since the last one (the rest are replayed
  // on open).
  void storeSnapshot(store::Txn& txn, const OpenReport& report, size_t newChanges);
  // Applies to `doc` the stored changes `version` holds beyond doc's own version.
  void applyStored(store::Txn& txn, const ReportId& id, doc::Document& doc,
                   const crdt::VersionVector& version);
  bool catchUp(store::Txn& txn, OpenReport& report);
  std::unique_ptr<doc::Document> loadSnapshot(store::Txn& txn, const ReportId& id);
  size_t drainPending(store::Txn& txn, OpenReport& report,
                      const std::unordered_set<std::string>& serverHas,
                      std::vector<doc::Change>& applied);

  store::Env env_;
  // changes_ is the version-2 form, read only to migrate it.
  store::Dbi profile_, changes_, snapshots_, outbox_, pending_, cursors_, actorUsers_;
  SpanTable spans_;
  size_t migrated_ = 0;
  doc::ActorId actor_{};
  std::string user_;
};

std::string changeKey(const ReportId& report, const doc::ChangeId& id);

}  // namespace rs::core
