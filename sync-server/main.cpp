// reportsync-server --data DIR --listen HOST:PORT [--cert F --key F] [--session-seconds N]
// reportsync-server --store postgres://USER@HOST:PORT/DB --listen HOST:PORT ...
// reportsync-server admin migrate --from DIR --to postgres://...
// reportsync-server admin --data DIR add-user NAME --role member|bureau|admin --password-stdin
// reportsync-server admin --data DIR passwd NAME --password-stdin | remove-user NAME |
//                         sessions [NAME] | revoke NAME
// reportsync-server admin template publish --data DIR FILE | template list --data DIR
// reportsync-server admin backup --data DIR --out FILE
// reportsync-server admin restore --data DIR --from FILE
// reportsync-server admin --store postgres://... restored   (after pg_restore: a new history)
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "county_summary.h"
#include "data_folder.h"
#include "guarded_server.h"
#include "httplib_adapter.h"
#include "malloc_policy.h"
#include "pg_engine.h"
#include "server_config.h"
#include "store/template_shelf.h"
#include "store_migrate.h"
#include "util/errors.h"
#include "util/time_text.h"
#include "util/version.h"

namespace {

const char kUsage[] =
    "usage: reportsync-server [--config FILE] (--data DIR | --store postgres://...) "
    "--listen HOST:PORT\n"
    "                         [--cert FILE --key FILE]\n"
    "                         [--session-seconds N] [--max-body-mb N] [--max-waiting-pulls N]\n"
    "                         [--request-seconds N] [--max-connections-per-address N]\n"
    "                         [--unlimited-addresses ADDR,...] [--body-budget-mb N]\n"
    "                         [--metrics-addresses ADDR,...]\n"
    "       reportsync-server admin --data DIR add-user NAME --role member|bureau|admin "
    "--password-stdin\n"
    "       reportsync-server admin --data DIR passwd NAME --password-stdin\n"
    "       reportsync-server admin --data DIR remove-user NAME\n"
    "       reportsync-server admin --data DIR sessions [NAME]\n"
    "       reportsync-server admin --data DIR revoke NAME\n"
    "       reportsync-server admin template publish --data DIR FILE.json  (checked; stored as "
    "the\n"
    "               key's next version, which clients fetch on their next sync)\n"
    "       reportsync-server admin template list --data DIR\n"
    "       reportsync-server admin summary --data DIR --year YYYY --out FILE.xlsx\n"
    "       reportsync-server admin backup --data DIR --out FILE    (also while serving)\n"
    "       reportsync-server admin restore --data DIR --from FILE  (with the server stopped)\n"
    "       reportsync-server admin --store postgres://... restored  (after pg_restore, every "
    "server\n"
    "               stopped: a new history, so that clients re-send what the dump lacks)\n"
    "       reportsync-server admin migrate --from DIR --to postgres://...  (into an empty "
    "database; verified)\n"
    "Every admin command but backup, restore and migrate takes --store postgres://... in "
    "place of --data DIR.\n"
    "PORT 0 picks a free port; the line \"listening on HOST:PORT\" says which.\n"
    "--config FILE reads \"name = value\" lines (listen = 127.0.0.1:8765, data = DIR, ...);\n"
    "options on the command line override the file's.\n"
    "GET /healthz answers 200 \"ok\" when the server can serve; GET /metrics gives Prometheus\n"
    "metrics to 127.0.0.1, ::1 and the --metrics-addresses.\n";

struct Options {
  std::map<std::string, std::string> values;
  std::vector<std::string> positional;
  bool has(const std::string& k) const { return values.count(k) > 0; }
  std::string get(const std::string& k) const { return has(k) ? values.at(k) : ""; }
};

Options parse(const std::vector<std::string>& args, const std::set<std::string>& valued,
              const std::set<std::string>& flags) {
  Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0) {
      if (flags.count(a)) {
        o.values[a] = "";
      } else {
        rs::require(valued.count(a) > 0, "unknown option " + a);
        rs::require(i + 1 < args.size(), a + " needs a value");
        o.values[a] = args[++i];
      }
    } else {
      o.positional.push_back(a);
    }
  }
  return o;
}

std::string readPassword(const Options& o) {
  rs::require(o.has("--password-stdin"), "give the password on standard input (--password-stdin)");
  std::string password;
  std::getline(std::cin, password);
  return password;
}

// Backups (while serving) and restores (with the server stopped) of the data folder.
int backupOrRestore(const Options& o) {
  const std::string& what = o.positional[0];
  if (what == "backup") {
    rs::require(o.positional.size() == 1 && o.has("--out"),
                "usage: admin backup --data DIR --out FILE");
    rs::server::backupDataFolder(o.get("--data"), o.get("--out"));
    std::cout << "backup of " << o.get("--data") << " written to " << o.get("--out") << "\n";
    return 0;
  }
  if (what == "restore") {
    rs::require(o.positional.size() == 1 && o.has("--from"),
                "usage: admin restore --data DIR --from FILE");
    std::string history = rs::server::restoreDataFolder(o.get("--data"), o.get("--from"));
    std::cout << "restored " << o.get("--data") << " from " << o.get("--from") << "; new history "
              << history << ": clients re-send what the backup lacks at their next sync\n";
    return 0;
  }
  throw rs::InputError(kUsage);
}

// The county's summary workbook of one year's submissions (issue 17 item 4).
int summary(rs::server::ServerStore& store, const Options& o) {
  rs::require(o.positional.size() == 1 && o.has("--year") && o.has("--out"),
              "usage: admin summary --data DIR --year YYYY --out FILE.xlsx");
  std::string year = o.get("--year");
  rs::require(rs::server::isYear(year), "--year takes a year such as 2024");
  rs::server::SubmissionStore submissions(store);
  rs::server::FiguresCache figures;
  auto departments = rs::server::countySummary(store, submissions, figures, year);
  std::string bytes = rs::server::summaryWorkbook(departments, year);
  std::ofstream out(o.get("--out"), std::ios::binary);
  out << bytes;
  out.close();
  rs::require(bool(out), "cannot write " + o.get("--out"));
  std::cout << departments.size() << " departments of " << year << " written to " << o.get("--out")
            << "\n";
  return 0;
}

// The bureau's templates (issue 13 item 2): publish checks a file and stores it as its
// key's next version; a mistake is named by line and field (exit 2), nothing stored.
int templates(rs::server::ServerStore& store, const Options& o) {
  const char usage[] = "usage: admin template (publish --data DIR FILE | list --data DIR)";
  rs::require(o.positional.size() >= 2, usage);
  rs::store::TemplateShelf shelf = rs::store::TemplateShelf::open(store.db());
  if (o.positional[1] == "list") {
    rs::require(o.positional.size() == 2, usage);
    rs::store::kv::Txn txn(store.db(), rs::store::kv::Txn::kRead);
    for (const auto& t : shelf.list(txn)) std::cout << t.key << "\t" << t.version << "\n";
    return 0;
  }
  rs::require(o.positional[1] == "publish" && o.positional.size() == 3, usage);
  const std::string& path = o.positional[2];
  std::ifstream in(path, std::ios::binary);
  rs::require(bool(in), "cannot read " + path);
  std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    auto published = rs::store::addNextVersion(store.db(), shelf, json, rs::report::kSourceServer);
    std::cout << "published " << published.key << " version " << published.version << " ("
              << published.title << "): clients fetch it on their next sync\n";
  } catch (const rs::InputError& e) {
    throw rs::InputError(path + ": " + e.what() + " (nothing published)");
  }
  return 0;
}

// The store --store names (a PostgreSQL URL, or a data folder as --data), else --data's.
std::unique_ptr<rs::server::ServerStore> openStore(const Options& o) {
  std::string where = o.has("--store") ? o.get("--store") : o.get("--data");
  if (rs::server::isPostgresUrl(where))
    return std::make_unique<rs::server::ServerStore>(std::make_unique<rs::server::PgEngine>(where));
  return std::make_unique<rs::server::ServerStore>(where);
}

// `admin migrate --from DIR --to postgres://...`: prints each table's count and fingerprint.
int migrate(const Options& o) {
  rs::require(o.positional.size() == 1 && o.has("--from") && o.has("--to"),
              "usage: admin migrate --from DIR --to postgres://...");
  rs::require(rs::server::isPostgresUrl(o.get("--to")),
              "--to takes a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)");
  rs::require(std::filesystem::exists(o.get("--from") + "/data.mdb"),
              "no server data in " + o.get("--from"));
  rs::server::DataFolderLock lock(o.get("--from"));  // the county's server is stopped
  rs::server::ServerStore source(o.get("--from"));   // brings its schema up to date first
  rs::server::PgEngine target(o.get("--to"));
  auto& from = static_cast<rs::store::kv::LmdbEngine&>(source.db());
  for (const auto& f : rs::server::migrateStore(from, target))
    std::cout << f.table << "\t" << f.records << " records\tsha256 " << f.sha256 << "\n";
  std::cout << "migrated " << o.get("--from") << " to " << target.describe()
            << "; counts and fingerprints verified\n";
  return 0;
}

// Users and sessions, on the store (the server may be running: both engines serialize
// writes).
int admin(const std::vector<std::string>& args) {
  Options o = parse(args, {"--data", "--store", "--role", "--out", "--from", "--to", "--year"},
                    {"--password-stdin"});
  rs::require(!o.positional.empty(), kUsage);
  const std::string& command = o.positional[0];
  if (command == "migrate") return migrate(o);
  rs::require(o.has("--data") || o.has("--store"),
              "admin needs --data DIR or --store postgres://...");
  if (command == "backup" || command == "restore") {
    rs::require(o.has("--data") && !rs::server::isPostgresUrl(o.get("--data")),
                "backup and restore are of a data folder (--data DIR); a PostgreSQL store is "
                "backed up by PostgreSQL's own tools (pg_dump, a streaming replica)");
    return backupOrRestore(o);
  }
  auto name = [&]() -> const std::string& {
    rs::require(o.positional.size() == 2, kUsage);
    return o.positional[1];
  };
  std::unique_ptr<rs::server::ServerStore> opened = openStore(o);
  rs::server::ServerStore& store = *opened;
  if (command == "template") return templates(store, o);
  // Reports of the bureau's templates are checked with the version they name.
  rs::store::InstalledShelf library(store.db(), rs::store::TemplateShelf::open(store.db()));
  if (command == "summary") return summary(store, o);
  rs::server::SyncService service(store, {});
  if (command == "add-user") {
    auto role = rs::server::parseRole(o.get("--role"));
    rs::require(role.has_value(), "--role must be member, bureau or admin");
    service.addUser(name(), *role, readPassword(o));
    std::cout << "user " << name() << " (" << o.get("--role") << ") saved\n";
  } else if (command == "passwd") {
    service.setPassword(name(), readPassword(o));
    std::cout << "password of " << name() << " changed; their sessions ended\n";
  } else if (command == "remove-user" || command == "revoke") {
    rs::store::kv::Txn txn(store.db(), rs::store::kv::Txn::kWrite);
    if (command == "revoke") {
      rs::require(store.user(txn, name()).has_value(), "no user " + name());
      std::cout << store.dropSessionsOf(txn, name()) << " sessions of " << name() << " ended\n";
    } else {
      rs::require(store.removeUser(txn, name()), "no user " + name());
      std::cout << "user " << name() << " removed; their sessions ended\n";
    }
    txn.commit();
  } else if (command == "restored") {
    // A store brought back from an older copy by other means than `admin restore` (a
    // PostgreSQL database from pg_dump): clients must see a new history, or edits they
    // had sent after the copy was taken would be lost.
    rs::require(o.positional.size() == 1, kUsage);
    store.renewHistoryId();
    std::cout << "new history " << store.historyId()
              << ": clients re-send what the restored store lacks at their next sync\n";
  } else if (command == "sessions") {
    rs::require(o.positional.size() <= 2, kUsage);
    rs::store::kv::Txn txn(store.db(), rs::store::kv::Txn::kRead);
    for (const auto& [hash, s] : store.sessions(txn))
      if ((o.positional.size() == 1 || s.user == o.positional[1]) &&
          s.expiresMs > rs::wallClockMs())  // expired ones are kept a day: see putSession
        std::cout << s.user << "\texpires " << rs::localTimeText(s.expiresMs) << "\n";
  } else {
    throw rs::InputError(kUsage);
  }
  return 0;
}

// Every connection is a descriptor: allow as many as the system lets this process have.
void raiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Stops the server on SIGINT/SIGTERM, from a thread rather than a signal handler.
void stopOnSignal(httplib::Server& server, rs::server::SyncService& service, int port) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([&server, &service, set, port] {
    int sig;
    sigwait(&set, &sig);
    service.stopWaiting();
    // httplib's stop() does nothing until listen_after_bind has begun, and "listening on"
    // is printed just before: a signal right after start would otherwise be lost and the
    // process run on (a test that starts and stops a server at once hung here).
    for (int i = 0; i < 1000 && !server.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server.stop();
    // Requests under way get a moment to finish; idle connections are then closed.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    rs::server::endIdleConnections(port);
  }).detach();
}

int serve(const std::vector<std::string>& args) {
  Options o = parse(
      args,
      {"--data", "--store", "--listen", "--cert", "--key", "--session-seconds", "--max-body-mb",
       "--max-waiting-pulls", "--request-seconds", "--max-connections-per-address",
       "--unlimited-addresses", "--body-budget-mb", "--metrics-addresses"},
      {});
  rs::require(o.positional.empty(), kUsage);
  rs::require((o.has("--data") || o.has("--store")) && o.has("--listen"), kUsage);
  rs::require(!(o.has("--data") && o.has("--store")), "give --data or --store, not both");
  rs::require(o.has("--cert") == o.has("--key"), "--cert and --key go together");
  std::string listen = o.get("--listen");
  size_t colon = listen.rfind(':');
  rs::require(colon != std::string::npos, "--listen takes HOST:PORT");
  std::string host = listen.substr(0, colon), portText = listen.substr(colon + 1);
  rs::require(!portText.empty() && portText.size() <= 5 &&
                  portText.find_first_not_of("0123456789") == std::string::npos,
              "--listen: bad port " + portText);
  int port = std::stoi(portText);
  rs::server::ServiceOptions options;
  auto number = [&](const std::string& name, long long low, long long high) {
    std::string s = o.get(name);
    rs::require(
        !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string::npos,
        name + " takes a number");
    long long v = std::stoll(s);
    rs::require(v >= low && v <= high, name + " takes a number from " + std::to_string(low) +
                                           " to " + std::to_string(high));
    return v;
  };
  if (o.has("--session-seconds")) options.sessionSeconds = number("--session-seconds", 1, 1 << 30);
  if (o.has("--max-body-mb")) options.maxBodyBytes = size_t(number("--max-body-mb", 1, 1024)) << 20;
  if (o.has("--max-waiting-pulls"))
    options.maxWaitingPulls = int(number("--max-waiting-pulls", 0, 100000));
  rs::server::GateOptions gate;
  rs::server::AdapterOptions edge{.maxBodyBytes = options.maxBodyBytes};
  if (o.has("--request-seconds"))
    edge.requestMs = gate.requestMs = int(number("--request-seconds", 1, 600)) * 1000;
  if (o.has("--max-connections-per-address"))
    gate.perAddress = size_t(number("--max-connections-per-address", 0, 100000));
  if (o.has("--body-budget-mb"))
    edge.bodyBudgetBytes = size_t(number("--body-budget-mb", 1, 65536)) << 20;
  auto addresses = [&](const std::string& name) {
    std::set<std::string> out;
    std::string list = o.get(name);
    for (size_t at = 0; at < list.size();) {
      size_t comma = std::min(list.find(',', at), list.size());
      if (comma > at) out.insert(list.substr(at, comma - at));
      at = comma + 1;
    }
    return out;
  };
  gate.unlimitedAddresses = addresses("--unlimited-addresses");

  // A data folder is one process's; a PostgreSQL database is shared by every process.
  std::string where = o.has("--store") ? o.get("--store") : o.get("--data");
  const bool postgres = rs::server::isPostgresUrl(where);
  std::optional<rs::server::DataFolderLock> lock;
  if (!postgres) lock.emplace(where);
  raiseFileLimit();
  rs::server::PgEngine* pg = nullptr;
  std::unique_ptr<rs::server::ServerStore> opened;
  if (postgres) {
    auto engine = std::make_unique<rs::server::PgEngine>(where);
    pg = engine.get();
    opened = std::make_unique<rs::server::ServerStore>(std::move(engine));
  } else {
    opened = std::make_unique<rs::server::ServerStore>(where);
  }
  rs::server::ServerStore& store = *opened;
  rs::store::InstalledShelf library(store.db(), rs::store::TemplateShelf::open(store.db()));
  rs::server::SyncService service(store, options);
  // Pushes committed by the other processes on the database wake this one's pulls.
  if (pg) pg->listen(rs::server::kChangesChannel, [&](const std::string& n) { service.wake(n); });
  struct Unlisten {  // before the service goes: no wake-up reaches it afterwards
    rs::server::PgEngine* pg;
    ~Unlisten() {
      if (pg) pg->unlisten();
    }
  } unlisten{pg};
  std::optional<rs::server::TlsOptions> tls;
  if (o.has("--cert"))
    tls = rs::server::TlsOptions{.certFile = o.get("--cert"),
                                 .keyFile = o.get("--key"),
                                 .handshakeMs = gate.requestMs,
                                 .perAddress = gate.perAddress,
                                 .unlimitedAddresses = gate.unlimitedAddresses};
  auto server = std::make_unique<rs::server::GuardedServer>(gate, 10000, std::move(tls));
  rs::server::BureauPages bureau(
      store, {.sessionSeconds = options.sessionSeconds, .secureCookie = o.has("--cert")});
  rs::server::ServerMetrics metrics;
  rs::server::Operations operations(store, service, metrics,
                                    {.metricsAddresses = addresses("--metrics-addresses")});
  rs::server::mountService(*server, service, bureau, edge, &operations);
  if (port == 0) {
    port = server->bind_to_any_port(host.c_str());
    rs::require(port > 0, "cannot listen on " + host);
  } else {
    rs::require(server->bind_to_port(host.c_str(), port), "cannot listen on " + listen);
  }
  rs::server::widenListenBacklog(port);
  stopOnSignal(*server, service, port);
  std::cout << "listening on " << host << ":" << port << std::endl;
  server->listen_after_bind();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  rs::server::returnLargeBlocksToSystem();
  if (sodium_init() < 0) return 3;
  if (!args.empty() && args[0] == "--version") {
    std::cout << "reportsync-server " << rs::kVersion << "\n";
    return 0;
  }
  if (args.empty() || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  try {
    if (args[0] == "admin") return admin({args.begin() + 1, args.end()});
    return serve(rs::server::expandConfig(args));
  } catch (const rs::InputError& e) {
    std::cerr << "reportsync-server: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "reportsync-server: " << e.what() << "\n";
    return 3;
  }
}
