// Every sync request and response body (proto/sync.capnp), decoded as the server
// (sync_service.cpp, sync_push_pull.cpp, submission_service.cpp) and the client
// (core/server_connection.cpp) decode them: MessageBytes over the body, the root read as
// the expected struct. Every field is then read (the message printed as text, which walks
// it all), and the changes a push or a pull carries are decoded as changes (protocol 3) or
// as a history (protocol 4).
// The first byte chooses the message; the rest is the body.
#include <capnp/message.h>

#include <algorithm>

#include "doc/capnp_bytes.h"
#include "doc/change_codec.h"
#include "doc/change_spans.h"
#include "doc/document.h"
#include "doc/history_apply.h"
#include "fuzz_util.h"
#include "proto/sync.capnp.h"

namespace {

template <typename T>
void readAll(std::string_view body) {
  rs::MessageBytes message(body, "request body");
  auto root = message.root<T>();
  kj::String text = kj::str(root);
  (void)text;
}

void decodeChanges(capnp::List<capnp::Data>::Reader changes) {
  rs::doc::Document doc;
  for (auto c : changes) {
    std::string bytes(reinterpret_cast<const char*>(c.begin()), c.size());
    rs::fuzz::refusalsAllowed([&] { rs::doc::decodeChange(bytes, doc.actors()); });
  }
}

// A push's or a pull page's history (protocol 4), as the server and the client take it.
void decodeHistory(capnp::Data::Reader history) {
  std::string_view bytes(reinterpret_cast<const char*>(history.begin()), history.size());
  rs::fuzz::refusalsAllowed([&] {
    // As the server's committer takes a push (sync_push_pull.cpp): every span decoded into
    // pieces before any is applied.
    rs::doc::Document doc;
    uint64_t opsLeft = std::max(rs::doc::kMaxHistoryChanges, rs::doc::kMaxSpanOps);
    for (const rs::doc::SpanInfo& span : rs::doc::listSpans(bytes, 1000))
      rs::doc::decodeSpanPieces(span.bytes, doc.actors(), opsLeft);
  });
  rs::fuzz::refusalsAllowed([&] {
    rs::doc::Document doc;  // as a client takes a pull page in (doc/history_apply.h)
    rs::doc::applyHistory(doc, bytes, 1000);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view body = rs::fuzz::bytesOf(data + 1, size - 1);
  using namespace rs::proto;
  rs::fuzz::refusalsAllowed([&] {
    switch (data[0] % 14) {
      case 0:
        return readAll<LoginRequest>(body);
      case 1:
        return readAll<LoginResponse>(body);
      case 2:
        return readAll<ErrorResponse>(body);
      case 3:
        return readAll<ReportInfo>(body);
      case 4:
        return readAll<ReportList>(body);
      case 5:
        return readAll<ShareRequest>(body);
      case 6:
        return readAll<MemberRequest>(body);
      case 7:
        return readAll<Assignment>(body);
      case 8:
        return readAll<PushResponse>(body);
      case 9:
        return readAll<SubmitRequest>(body);
      case 10:
        return readAll<SubmitResponse>(body);
      case 11:
        return readAll<SubmissionList>(body);
      case 12: {
        rs::MessageBytes message(body, "push");
        decodeChanges(message.root<PushRequest>().getChanges());
        decodeHistory(message.root<PushRequest>().getHistory());
        for (auto a : message.root<PushRequest>().getOwnActors()) (void)a.size();
        return;
      }
      default: {
        rs::MessageBytes message(body, "server answer");
        auto pull = message.root<PullResponse>();
        decodeChanges(pull.getChanges());
        decodeHistory(pull.getChangeHistory());
        (void)pull.getLastSeq();
        for (auto a : pull.getActors()) {
          (void)a.getActor().size();
          (void)a.getUser().size();
        }
        return;
      }
    }
  });
  return 0;
}
