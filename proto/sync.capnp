@0xd4c1b2a3f0e19c87;
# The sync wire format: HTTP/1.1 bodies of type application/x-reportsync-capnp, every
# request carrying the header X-Reportsync-Protocol.
#
# Protocol version log (kProtocolVersion in common/doc/change_codec.h)
#   1  2026-11  login, reports, members, assignments, push, paged pull with long-poll.
#   1  2026-12  submissions (additive: new endpoints and messages, no change to the above).
#   1  2026-12  POST /api/v1/password (additive: PasswordChange).
#   1  2026-12  history identity in pull and push answers; GET /api/v1/limits (additive: an
#               older server sends no history, which a client treats as unknown).
#   2  2026-11  rights are the document's rule (issue 9): the server takes every
#               well-formed change of a member; change format v2 (the office field).
#   3  2026-11  row and cell rights (issue 14): change format v3 (a table's section, a
#               row's author); an older program is refused, so every replica runs one rule.
#   3  2026-11  verified authors (additive): PushRequest.ownActors names the actors the
#               pushing profile writes under; PullResponse.actors gives the server-verified
#               user of the actors of the page's changes. An older server sends none (every
#               author shows as unverified); an older client sends no ownActors (its pushes
#               bind actors as before, unverified). GET /api/v1/reports/{id}/actors:
#               ActorList, every verified actor of the report (a binding made after a
#               client pulled the actor's changes); an older server answers 404.
#   4  2026-11  compact history (issue 11): PushRequest.history and PullResponse.changeHistory
#               carry the changes as one history (common/doc/change_spans.h); the `changes`
#               lists stay empty. Push results follow the history's order. A peer speaking 3
#               is refused with the protocol error ("update the program").
#   4  2026-11  reviewers' comments on a place (issue 17, additive): SubmissionInfo.comments.
#               An older server sends none.
#   4  2026-11  templates (additive: GET/POST /api/v1/templates, TemplateList, TemplateFile;
#               an older server answers 404 and its clients keep the built-in templates).

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("rs::proto");

struct LoginRequest {
  user @0 :Text;
  password @1 :Text;
}

struct LoginResponse {
  token @0 :Text;
  expiresMs @1 :Int64;
  role @2 :Text;            # member, bureau or admin
}

# Every non-2xx answer. `retryable`: the same request may succeed later unchanged (the
# server is busy or restarting); otherwise the user must act (log in, ask for access).
struct ErrorResponse {
  code @0 :Text;            # machine-readable, e.g. "unauthorized", "forbidden"
  message @1 :Text;         # for people
  retryable @2 :Bool;
}

struct Member {
  user @0 :Text;
  role @1 :Text;            # owner, office or member
}

struct Assignment {
  sectionCounter @0 :UInt64;
  sectionActor @1 :Data;    # the section's id: its create op (counter, actor)
  user @2 :Text;
}

struct ReportInfo {
  id @0 :Data;              # 16 bytes
  members @1 :List(Member);
  assignments @2 :List(Assignment);
  lastSeq @3 :UInt64;       # server sequence number of the newest change
}

struct ReportList {
  reports @0 :List(ReportInfo);
}

struct ShareRequest {
  id @0 :Data;
}

struct MemberRequest {
  user @0 :Text;
  role @1 :Text;
}

struct PushRequest {
  changes @0 :List(Data);   # encoded proto/change.capnp Change messages
  ownActors @1 :List(Data); # 16 bytes each: the actors the pushing profile itself writes
                            # under. The server binds such an actor to the pusher (verified),
                            # whatever name its changes carry; the others are forwarded.
  history @2 :Data;         # v4: the pushed changes as one compact history; `changes` empty
}

# Who an actor's changes are from, as the server knows it: the user logged in when the
# actor's own profile pushed them. The `author` a change carries is only a label.
struct ActorBinding {
  actor @0 :Data;           # 16 bytes
  user @1 :Text;
}

struct PushResult {
  status @0 :Status;
  reason @1 :Text;          # for rejected
  enum Status {
    accepted @0;
    duplicate @1;           # already held: harmless
    rejected @2;
  }
}

struct PushResponse {
  results @0 :List(PushResult);   # one per pushed change, in the history's order
  history @1 :Text;         # the server history's identity (see PullResponse)
}

# GET /api/v1/reports/{id}/actors: the verified user of every actor of the report that has one.
struct ActorList {
  actors @0 :List(ActorBinding);
}

struct PullResponse {
  changes @0 :List(Data);
  lastSeq @1 :UInt64;       # server sequence of the last change in `changes` (or the cursor)
  more @2 :Bool;            # more changes wait beyond `limit` (or beyond maxBodyBytes)
  history @3 :Text;         # identity of the server's history: new for every new or
                            # restored data folder; a cursor is only good within one
  actors @4 :List(ActorBinding);  # the verified user of every actor of `changes` that has
                                  # one (an actor only ever forwarded by others has none)
  changeHistory @5 :Data;   # v4: the page's changes as one compact history; `changes` empty
}

# GET /api/v1/limits (no login needed): what the server takes.
struct Limits {
  maxBodyBytes @0 :UInt64;       # largest request body
  maxChangesPerPush @1 :UInt64;  # most changes in one push
  maxChangeBytes @2 :UInt64;     # largest single encoded change a push can carry
}

# ---- Submission (POST/GET /api/v1/reports/{id}/submissions) ----

struct VersionEntry {
  actor @0 :Data;           # 16 bytes
  seq @1 :UInt64;           # the actor's highest change included
}

struct SubmitRequest {
  version @0 :List(VersionEntry);   # the document state to submit
  acknowledged @1 :List(Text);      # unused since explanations: a key alone accepts nothing
  explanations @2 :List(Explanation);
}

# The office's reason for submitting with a warning (at least 4 code points).
struct Explanation {
  key @0 :Text;             # the warning's "rule@location"
  text @1 :Text;
}

# A warning a submission was made with: the finding as it stood, and the office's reason.
struct ExplainedWarning {
  finding @0 :Finding;
  explanation @1 :Text;
}

struct Finding {
  severity @0 :Text;        # error, warning, info
  rule @1 :Text;
  location @2 :Text;
  message @3 :Text;
  expected @4 :Text;
  actual @5 :Text;
  key @6 :Text;             # "rule@location": what an acknowledgement names
}

struct SubmissionInfo {
  id @0 :UInt64;
  report @1 :Data;          # 16 bytes
  version @2 :List(VersionEntry);
  sha256 @3 :Text;          # hex, of the canonical JSON of the document (`show --json`)
  submitter @4 :Text;
  timeMs @5 :Int64;
  title @6 :Text;
  department @7 :Text;
  year @8 :Text;
  acknowledged @9 :List(Text);
  status @10 :Text;         # submitted, accepted, returned
  comment @11 :Text;        # the reviewer's, when accepted or returned
  reviewer @12 :Text;
  reviewedMs @13 :Int64;
  warnings @14 :List(ExplainedWarning);   # submissions before explanations: empty
  comments @15 :List(PlaceComment);       # the reviewer's, oldest first
}

# A reviewer's comment on one place of a submitted report: a section or a table cell.
struct PlaceComment {
  place @0 :Text;           # "section:6.1" or "cell:TABLE/BLOCK/ROW/COLUMN" (template keys)
  label @1 :Text;           # where a person finds it: "章节 6.1 …", "表格 … / ROW / COLUMN"
  text @2 :Text;
  reviewer @3 :Text;
  timeMs @4 :Int64;
}

# 200 with submitted = true; 422 with submitted = false and the findings that stand in the way.
struct SubmitResponse {
  submitted @0 :Bool;
  submission @1 :SubmissionInfo;
  findings @2 :List(Finding);
  message @3 :Text;
}

struct SubmissionList {
  submissions @0 :List(SubmissionInfo);   # oldest first
}

# ---- Password (POST /api/v1/password): the caller's own; answered 204 ----
# Ends the caller's other sessions (other devices log in again with the new password).
struct PasswordChange {
  oldPassword @0 :Text;
  newPassword @1 :Text;
}

# ---- Templates the bureau publishes (issue 13 item 2) ----
# GET /api/v1/templates: TemplateList, every published version (any logged-in user).
# GET /api/v1/templates/{key}/{version}: TemplateFile. An older server answers 404: a
# client then has the built-in templates only.
# POST /api/v1/templates (bureau or admin): TemplateFile with `json` only; the server checks
# it (400 naming the line and field of a mistake) and answers TemplateInfo with the version
# it gave: one more than the key's last (built-in included). Added in protocol 4, additive.
struct TemplateInfo {
  key @0 :Text;
  version @1 :UInt32;
  title @2 :Text;
}

struct TemplateList {
  templates @0 :List(TemplateInfo);
}

struct TemplateFile {
  key @0 :Text;
  version @1 :UInt32;
  json @2 :Text;            # the template as the bureau wrote it (its "version" is ignored)
}
