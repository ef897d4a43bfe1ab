// The server's LMDB store: users, sessions, reports with their members and assignments,
// every report's changes in arrival order (the server sequence), and which user each
// actor belongs to.
//
// Store layout log (named databases; add, never change the meaning of a record):
//   2026-11  users, sessions, reports, changes, change-ids, actors, meta.
//   2026-12  verified-actors: actor -> the user whose own profile pushed the actor's changes
//            (see sync_push_pull.cpp). `actors` keeps the owner the forged-change rule
//            uses, which may only be a name a forwarder claimed; an older store's
//            `actors` records count as unverified.
//   2026-12  spans: each report's history as spans (doc/change_spans.h) in server order,
//            replacing `changes` (one packed change per record, emptied when the store is
//            migrated, schema 2). See the schema log in server_store.cpp.
//   2026-12  span-ids: (report, actor, the span's last seq) -> the stored span, replacing
//            change-ids (one record per change, emptied when migrated, schema 4).
//   2026-12  login-failures, login-known: the failed-login counts every process on the
//            store shares (login_counts.h). An older server ignores them (no schema step).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crdt/ids.h"
#include "doc/change_spans.h"
#include "store/kv.h"

namespace rs::server {

enum class Role { kMember, kBureau, kAdmin };
std::optional<Role> parseRole(const std::string& text);
std::string roleName(Role role);

struct User {
  std::string name;
  Role role = Role::kMember;
  std::string passwordHash;  // Argon2id, libsodium's string form
};

struct Session {
  std::string user;
  int64_t expiresMs = 0;
};

struct MemberEntry {
  std::string user;
  std::string role;  // owner, office, member
};

// A section, named by its create op (counter, actor bytes), assigned to a user.
struct AssignmentEntry {
  uint64_t sectionCounter = 0;
  crdt::ActorId sectionActor{};
  std::string user;
};

struct ReportRecord {
  std::string id;  // 16 raw bytes
  std::vector<MemberEntry> members;
  std::vector<AssignmentEntry> assignments;
  uint64_t lastSeq = 0;

  std::optional<std::string> roleOf(const std::string& user) const;
};

// A stored span of a report's history: one actor's consecutive changes (doc/change_spans.h),
// which took the server sequences firstSeq..lastSeq in that order.
struct StoredSpan {
  uint64_t firstSeq = 0, lastSeq = 0;
  std::string_view bytes;  // the span (SpanInfo::bytes), valid while the transaction is
};

// A stored span joins the changes appended after it while it holds fewer than this many
// (an append then decodes and re-encodes at most this many).
// and fewer bytes than kServerSpanJoinBytes (so a span stays far below a pull page's bytes).
constexpr uint64_t kServerSpanJoinLimit = 1024;
constexpr size_t kServerSpanJoinBytes = 256 * 1024;

class LoginGuard;

// The schema a store's meta record "schema" names (1 when it has none: stores made before
// it was recorded; the log is in server_store.cpp). Throws InputError, naming `where` ("the
// store in DIR"), for an unreadable record or a schema newer than this build reads.
uint64_t readableSchema(std::optional<std::string_view> recorded, const std::string& where);

class ServerStore {
 public:
  // Opens (creating if needed) the LMDB store in `dir`. A new store gets a new history id.
  explicit ServerStore(const std::string& dir);
  // The same on another engine (sync-server/pg_engine.h). Throws InputError for a store a
  // newer server wrote.
  explicit ServerStore(std::unique_ptr<store::kv::Engine> engine);
  ~ServerStore();
  store::kv::Engine& db() { return *engine_; }
  // The one count of failed logins for everything that logs users in on this store (the
  // API and the bureau's pages): see login_guard.h.
  LoginGuard& logins() { return *logins_; }

  // The identity of this store's history: 32 hex digits, new for every new data folder and
  // for every restore. Clients keep it with their cursor and re-sync from zero when it
  // changes. Read once at open.
  const std::string& historyId() const { return historyId_; }
  // Gives the history a new identity (after a restore).
  void renewHistoryId();

  std::optional<User> user(store::kv::Txn& txn, const std::string& name);
  void putUser(store::kv::Txn& txn, const User& user);

  std::optional<Session> session(store::kv::Txn& txn, const std::string& tokenHash);
  void putSession(store::kv::Txn& txn, const std::string& tokenHash, const Session& s);
  void dropSession(store::kv::Txn& txn, const std::string& tokenHash);
  // Every session: (token hash, session), expired ones included.
  std::vector<std::pair<std::string, Session>> sessions(store::kv::Txn& txn);
  // Ends every session of `user` but `keep` (a token hash); returns how many ended.
  size_t dropSessionsOf(store::kv::Txn& txn, const std::string& user, const std::string& keep = "");
  // Removes the user, ends their sessions and forgets their usual addresses (a new person
  // given the name starts without them: login_counts.h). Their changes, submissions and report
  // memberships stay, as history. Returns false when there is no such user.
  bool removeUser(store::kv::Txn& txn, const std::string& name);

  std::optional<ReportRecord> report(store::kv::Txn& txn, const std::string& rawId);
  void putReport(store::kv::Txn& txn, const ReportRecord& r);
  std::vector<ReportRecord> reports(store::kv::Txn& txn);

  // The spans holding the changes after server sequence `since`, in server order (the
  // first may start at or before `since`); visit returns false to stop.
  void scanSpans(store::kv::Txn& txn, const std::string& rawId, uint64_t since,
                 const std::function<bool(const StoredSpan&)>& visit);
  // The report's whole history (doc/change_spans.h), in server order, from the stored spans.
  std::string history(store::kv::Txn& txn, const std::string& rawId);
  // Appends accepted changes (in the order accepted; their actor indices are in `actors`),
  // giving each the next server sequence (r.lastSeq advances; the caller stores r). The
  // last stored span is extended when the first change continues it.
  void appendChanges(store::kv::Txn& txn, ReportRecord& r, std::span<const doc::Change> changes,
                     const crdt::ActorTable& actors);
  // Appends one span as it was pushed (SpanInfo::bytes), every change of which was
  // accepted, giving its changes the next server sequences: one record, nothing decoded or
  // encoded again, unless it continues a small last span (then joined as appendChanges
  // joins).
  void appendSpan(store::kv::Txn& txn, ReportRecord& r, std::string_view span);
  // A held change as packed bytes (doc/change_codec.h); `unpacker` keeps the span last
  // decoded for the next lookup.
  std::optional<std::string> changeBytes(store::kv::Txn& txn, const std::string& rawId,
                                         const crdt::ChangeId& id, doc::SpanUnpacker& unpacker);
  // How many changes this open moved from the schema-1 form into spans (0 once migrated).
  size_t migratedChanges() const { return migrated_; }

  // The user an actor's changes are held to (for the forged-change rule): verified, or
  // only claimed by whoever forwarded its first change.
  std::optional<std::string> actorOwner(store::kv::Txn& txn, const crdt::ActorId& actor);
  void bindActor(store::kv::Txn& txn, const crdt::ActorId& actor, const std::string& user);
  // The user logged in when the actor's own profile pushed its changes; none until then.
  std::optional<std::string> verifiedUser(store::kv::Txn& txn, const crdt::ActorId& actor);
  // The verified user of each of `actors` that has one, in their order: one read of the
  // table for all (kv::Table::getMany; one statement on PostgreSQL).
  std::vector<std::pair<crdt::ActorId, std::string>> verifiedUsers(
      store::kv::Txn& txn, const std::vector<crdt::ActorId>& actors);
  // Records `user` as the actor's verified user and owner.
  void verifyActor(store::kv::Txn& txn, const crdt::ActorId& actor, const std::string& user);

 private:
  std::unique_ptr<store::kv::Engine> engine_;
  std::unique_ptr<LoginGuard> logins_;
  void migrateToSpans(store::kv::Txn& txn);
  // Schema 3 to 4: a span-ids record for every stored span; then change-ids emptied.
  void indexSpans(store::kv::Txn& txn);
  void dropChangeIds(store::kv::Txn& txn);
  // Stores one span whose changes are the actor's firstSeq..lastSeq and took the server
  // sequences up to lastServerSeq, with its span-ids record.
  void putSpan(store::kv::Txn& txn, const std::string& rawId, uint64_t lastServerSeq,
               std::string_view span, const crdt::ActorId& actor, uint64_t firstSeq,
               uint64_t lastSeq);
  void putSpans(store::kv::Txn& txn, const std::string& rawId, uint64_t firstSeq,
                std::span<const doc::Change> changes, const crdt::ActorTable& actors);

  // changes_ is the schema-1 form, read only to migrate it; changeIds_ the schema-1 to 3
  // index, emptied when migrated.
  store::kv::Table users_, sessions_, reports_, changes_, changeIds_, actors_, verified_, meta_,
      spans_, spanIds_;
  std::string historyId_;
  size_t migrated_ = 0;
};

}  // namespace rs::server
