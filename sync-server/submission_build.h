// What a submission is made of: the document rebuilt at exactly the submitted version, the
// checks on it, its fingerprint and its renderings.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "crdt/version_vector.h"
#include "doc/document.h"
#include "report/findings.h"
#include "server_store.h"
#include "submission_store.h"

namespace rs::server {

// The report's document holding exactly the changes `version` names, rebuilt from the
// stored changes. Throws ApiError (409) when the server lacks any of them, or when they do
// not form a state of the document (a change without its dependencies).
std::unique_ptr<doc::Document> documentAt(ServerStore& store, const std::string& rawId,
                                          const crdt::VersionVector& version);

// The findings that stop a submission: every error, and each warning without an
// explanation in `explanations` (by report::warningKey; report::isExplanation). Infos
// never do.
std::vector<report::Finding> blockingFindings(
    const std::vector<report::Finding>& findings,
    const std::map<std::string, std::string>& explanations);

// SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256Hex(std::string_view bytes);

struct Prepared {
  std::vector<report::Finding> findings;  // every finding, sorted
  std::string canonical;                  // core::renderJson of the document
  std::string title, department, year;
  Renderings files;  // only filled by render()
};

// Runs every check on the document (template from its own template field).
Prepared prepare(const doc::Document& document);
// Adds the DOCX, PDF, HTML page and HTML article to `prepared.files`.
void render(const doc::Document& document, Prepared& prepared);

}  // namespace rs::server
