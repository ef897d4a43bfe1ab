@0xd4c1b2a3f0e19c87;
# The sync wire format: HTTP/1.1 bodies of type application/x-reportsync-capnp, every
# request carrying the header X-Reportsync-Protocol.
#
# Protocol version log (kProtocolVersion in common/doc/change_codec.h)
#   1  2026-11  login, reports, members, assignments, push, paged pull with long-poll.

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
  results @0 :List(PushResult);   # one per pushed change, in order
}

struct PullResponse {
  changes @0 :List(Data);
  lastSeq @1 :UInt64;       # server sequence of the last change in `changes` (or the cursor)
  more @2 :Bool;            # more changes wait beyond `limit`
}
