// reportsync-cli [--store DIR] COMMAND ...: every capability of the program, for scripts,
// tests and administrators. Exit codes: 0 done, 1 validation found errors, 2 bad input
// (nothing changed), 3 anything else failed (nothing changed).
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "core/server_connection.h"
#include "store/lmdb.h"
#include "store/template_shelf.h"
#include "util/errors.h"
#include "util/version.h"

namespace {

const char kUsage[] = R"(usage: reportsync-cli [--store DIR] COMMAND ...
  new --template KEY --year YYYY --dept NAME   create a report of the template's newest
                                                version (the report keeps that version); print
                                                its id
  new --from REPORT --year YYYY                 next year's report from last year's: prose kept
                                                as a draft (上年沿用), figures cleared, 上年决算数
                                                filled; print its id
  status REPORT N (TEXT | --clear)              a section's status (上年沿用 once carried over)
  template list                                 every template: key, version, source (built-in,
                                                服务器 fetched on sync, 本机安装), title
  template show KEY [--version N]               a template's JSON (the newest version)
  template check FILE                           check a template; a mistake is named by its
                                                line and field (exit 2)
  template install FILE                         check, then store as the key's next version
                                                (a department without a server)
  template publish FILE                         bureau/admin: publish on the server; clients
                                                fetch it on their next sync
  import FILE [--template KEY] [--dry-run]      a report as .txt, .docx, .doc or .wps (these two
                                                through LibreOffice); print the new id, and
                                                what landed where; --dry-run: only that
  export REPORT --format txt --out FILE         the report in its text form
  validate REPORT [--json]                      the checks; exit 1 when errors are found
  accept REPORT LOCATION                        write the computed figure at a finding's cell
  list                                          id, year, department, template, unsynced
  show REPORT [--section N] [--json]            the document
  edit REPORT N (--insert POS TEXT | --delete POS LEN | --replace-with FILE) [--propose]
                                                your sections only; --propose writes
                                                elsewhere as a proposal the office may adopt
  table REPORT KEY [--json]                     a table with its computed cells
  set-cell REPORT KEY ROW COLUMN VALUE          in tables of your sections (office: all)
  add-row REPORT KEY GROUP [--after ROW] [--label TEXT]
                                                add a row where the form allows it (under
                                                ROW, named TEXT); print its key
  delete-row REPORT KEY ROW                     an added row (yours; office: any); the form's
                                                own rows cannot be deleted
  add-project-table REPORT NAME [--budget-initial AMOUNT] [--budget-full AMOUNT] [--executed AMOUNT]
                                                office: a 项目支出绩效自评表 for project NAME;
                                                print its key (see add-project-table --help)
  remove-project-table REPORT KEY               office: remove a 项目支出绩效自评表 (undo
                                                brings it back)
  history REPORT                                who changed what, when
  undo REPORT                                   undo your own last change
  redo REPORT                                   redo what undo took back (until you edit again)
  marks REPORT [--json]                         paragraphs where concurrent edits met
  resolve REPORT MARK (--keep | --take AUTHOR | --text FILE)
  bundle REPORT --out FILE                      every change of the report in one file
  unbundle FILE                                 merge a bundle
  set-user NAME                                 the name your changes carry
  login URL USER [--password-stdin]             log in to the department's server
  passwd [--password-stdin]                     change your password on the server
  share REPORT                                  put a local report on the server (you own it)
  invite REPORT USER [--role office|member]     let a colleague join
  join ID                                       fetch a report shared with you
  assign REPORT N USER                          give section N to USER (office only)
  refused REPORT [--mine]                       changes that did not take effect (未生效),
                                                with why and the text they typed; edits
                                                hidden by a table's removal they missed
  adopt REPORT CHANGE                           office: re-apply such a change's text
  sync [REPORT]                                 fetch the bureau's new templates; send your
                                                changes, fetch everyone else's
  submit REPORT [--explain RULE@LOCATION=REASON]... [--explanations FILE]
                                                sync, then submit the report to the bureau,
                                                each warning with the office's reason (at
                                                least 4 characters); exit 1 with the
                                                findings when refused
  submissions REPORT [--diff N M]               every submission: id, status, time, by,
                                                sha256, reviewed, reviewer, comment, then
                                                "comment #ID" lines (the reviewer's on a
                                                section or cell: where, who, text); with
                                                --diff, what changed from #N to #M
The store is $XDG_DATA_HOME/reportsync (or ~/.local/share/reportsync) unless --store is given.
)";

std::string defaultStore() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/reportsync";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/reportsync";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string store = defaultStore();
  if (args.size() >= 2 && args[0] == "--store") {
    store = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "reportsync-cli " << rs::kVersion << "\n";
    return 0;
  }
  std::map<std::string, rs::cli::Command> commands;
  rs::cli::addReportCommands(commands);
  rs::cli::addMergeCommands(commands);
  rs::cli::addDocumentCommands(commands);
  rs::cli::addSyncCommands(commands);
  rs::cli::addSubmitCommands(commands);
  rs::cli::addRightsCommands(commands);
  rs::cli::addRowCommands(commands);
  rs::cli::addTemplateCommands(commands);
  auto it = commands.find(args[0]);
  if (it == commands.end()) {
    std::cerr << "reportsync-cli: unknown command \"" << args[0] << "\"\n" << kUsage;
    return 2;
  }
  try {
    rs::core::Replica replica(store);
    // Reports of the bureau's or installed templates find them here.
    rs::store::InstalledShelf templates(replica.env(),
                                        rs::store::TemplateShelf::open(replica.env()));
    return it->second(replica, std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const rs::core::SyncError& e) {
    std::cerr << "reportsync-cli " << args[0] << ": " << e.what()
              << (e.retryable() ? " (try again later; your work is kept)" : "") << "\n";
    return 3;
  } catch (const rs::InputError& e) {
    std::cerr << "reportsync-cli " << args[0] << ": " << e.what() << "\n";
    return 2;
  } catch (const rs::store::LmdbError& e) {
    std::cerr << "reportsync-cli " << args[0] << ": store " << store << ": " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "reportsync-cli " << args[0] << ": " << e.what() << "\n";
    return 3;
  }
}
