// The background sync worker against the real server: offline backoff, pushing local
// edits, seeing a colleague's edit within seconds, and stopping on a fatal error.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "../support/cli.h"
#include "../support/server_process.h"
#include "../support/temp_dir.h"
#include "core/sync.h"
#include "core/sync_worker.h"
#include "util/utf8.h"

using namespace rs;
using test::Cli;

namespace {

const std::string kPassword = "correct-horse-1";

struct Recorder {
  std::mutex mu;
  std::vector<core::SyncStatus> seen;
  void operator()(const core::SyncStatus& s) {
    std::lock_guard lock(mu);
    seen.push_back(s);
  }
  bool saw(core::SyncStatus::State state) {
    std::lock_guard lock(mu);
    for (auto& s : seen)
      if (s.state == state) return true;
    return false;
  }
  size_t count(core::SyncStatus::State state) {
    std::lock_guard lock(mu);
    size_t n = 0;
    for (auto& s : seen) n += s.state == state;
    return n;
  }
};

// A loopback address that takes connections (the kernel's backlog) and never answers: a
// server hung, or a network that drops the answers.
struct SilentListener {
  int fd = -1;
  int port = 0;
  SilentListener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd, 8) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    port = ntohs(a.sin_port);
  }
  ~SilentListener() { ::close(fd); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// An account USER (member, kPassword) on the server data folder DATA.
void addMember(const std::string& data, const std::string& user) {
  REQUIRE(test::runProcess(
              test::adminCommand(RS_SERVER_PATH, data,
                                 {"add-user", user, "--role", "member", "--password-stdin"}),
              kPassword + "\n")
              .exitCode == 0);
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

}  // namespace

TEST_CASE("the worker waits out an absent server, then pushes and pulls within seconds") {
  test::TempDir dir;
  std::string data = dir.sub("server");
  for (const char* u : {"office", "zhang"}) addMember(data, u);
  auto server = std::make_unique<test::ServerProcess>(RS_SERVER_PATH, data);
  Cli officeCli{dir.sub("office")}, zhangCli{dir.sub("zhang")};
  officeCli.ok({"login", server->url(), "office", "--password-stdin"}, kPassword + "\n");
  zhangCli.ok({"login", server->url(), "zhang", "--password-stdin"}, kPassword + "\n");
  std::string id = officeCli.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "局"});
  officeCli.ok({"share", id});
  officeCli.ok({"assign", id, "1", "zhang"});
  zhangCli.ok({"join", id});
  int port = server->port();
  server->stop();

  core::Replica replica(dir.sub("office"));
  auto shared = std::make_shared<core::SharedReport>();
  shared->report = replica.open(id);
  doc::OpId section = *shared->report.doc->sectionByNumber({2});
  {
    std::lock_guard lock(shared->mu);
    replica.edit(shared->report, [&](doc::LocalEdit& e) { e.insertText(section, 0, U"离线写的"); });
  }
  Recorder recorder;
  core::SyncWorker worker(replica, shared, std::ref(recorder), 1);
  CHECK(eventually([&] { return recorder.saw(core::SyncStatus::kOffline); },
                   std::chrono::seconds(10)));

  server->start(port);
  CHECK(eventually([&] { return replica.outboxCount(id) == 0; }, std::chrono::seconds(40)));
  zhangCli.ok({"sync"});
  CHECK(zhangCli.ok({"show", id, "--section", "2"}).find("离线写的") != std::string::npos);

  // A colleague's edit reaches the open document within 3 seconds.
  zhangCli.ok({"edit", id, "1", "--insert", "0", "同事写的"});
  zhangCli.ok({"sync"});
  CHECK(eventually(
      [&] {
        std::lock_guard lock(shared->mu);
        return shared->report.doc->section(*shared->report.doc->sectionByNumber({1}))
                   ->text.utf8() == "同事写的";
      },
      std::chrono::seconds(3)));
}

TEST_CASE("a fatal error is reported once and not retried until asked") {
  test::TempDir dir;
  std::string data = dir.sub("server");
  addMember(data, "office");
  test::ServerProcess server(RS_SERVER_PATH, data);
  core::Replica replica(dir.sub("office"));
  auto shared = std::make_shared<core::SharedReport>();
  Cli officeCli{dir.sub("office")};
  // A stored login whose token the server never issued.
  replica.setServerLogin({server.url(), "office", "forged-token"});
  shared->report =
      replica.create([](doc::LocalEdit& e) { e.setReportField(doc::ReportField::kTitle, "报告"); });
  Recorder recorder;
  core::SyncWorker worker(replica, shared, std::ref(recorder), 1);
  CHECK(
      eventually([&] { return recorder.saw(core::SyncStatus::kError); }, std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(recorder.count(core::SyncStatus::kError) == 1);
  CHECK(recorder.seen.back().message.find("log in") != std::string::npos);
}

TEST_CASE(
    "the last push on close sends the outbox, and gives up at its timeout on a silent server") {
  test::TempDir dir;
  std::string data = dir.sub("server");
  addMember(data, "office");
  test::ServerProcess server(RS_SERVER_PATH, data);
  std::string id;
  {
    Cli officeCli{dir.sub("office")};
    officeCli.ok({"login", server.url(), "office", "--password-stdin"}, kPassword + "\n");
    id = officeCli.ok({"new", "--template", "minimal", "--year", "2025", "--dept", "局"});
    officeCli.ok({"share", id});
  }
  core::Replica replica(dir.sub("office"));
  core::OpenReport report = replica.open(id);
  doc::OpId section = *report.doc->sectionByNumber({1});
  replica.edit(report, [&](doc::LocalEdit& e) { e.insertText(section, 0, U"关窗前写的"); });
  REQUIRE(replica.outboxCount(id) == 1);

  CHECK(core::pushBeforeClose(replica, id, 3) == 0);
  CHECK(replica.outboxCount(id) == 0);
  Cli laptop{dir.sub("laptop")};
  laptop.ok({"login", server.url(), "office", "--password-stdin"}, kPassword + "\n");
  laptop.ok({"join", id});
  CHECK(laptop.ok({"show", id, "--section", "1"}).find("关窗前写的") != std::string::npos);

  // The same login pointed at an address that never answers: the push gives up after its
  // timeout (1 s a request; the worker's connection would wait 30 s for an answer), and the
  // edit stays in the outbox for the next sync.
  replica.edit(report, [&](doc::LocalEdit& e) { e.insertText(section, 0, U"无人应答"); });
  SilentListener silent;
  core::Replica::ServerLogin login = *replica.serverLogin();
  login.url = silent.url();
  replica.setServerLogin(login);
  auto started = std::chrono::steady_clock::now();
  CHECK(core::pushBeforeClose(replica, id, 1) == 1);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
  CHECK(replica.outboxCount(id) == 1);
}
