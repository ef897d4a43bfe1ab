#include "submission_build.h"

#include <sodium.h>

#include "doc/change_spans.h"
#include "doc/history_apply.h"
#include "docreport/content_bridge.h"
#include "docreport/render.h"
#include "formats/docx_export.h"
#include "formats/html_export.h"
#include "formats/pdf_export.h"
#include "report/checks.h"
#include "sync_service.h"

namespace rs::server {

std::unique_ptr<doc::Document> documentAt(ServerStore& store, const std::string& rawId,
                                          const crdt::VersionVector& version) {
  auto document = std::make_unique<doc::Document>();
  store::kv::Txn txn(store.db(), store::kv::Txn::kRead);
  // Stored changes are in causal order, so the subset the version names applies in order
  // (spans of typing as runs, doc/history_apply.h; changes past the version not decoded).
  doc::HistoryApplied applied =
      doc::applyHistory(*document, store.history(txn, rawId), doc::kMaxHistoryChanges, &version);
  if (!applied.missing.empty())
    throw ApiError(409, "not-a-state",
                   "the version given is not a state of the document: a change in it lacks "
                   "the changes it depends on (所报送的版本不完整)");
  if (!(document->version() == version))
    throw ApiError(409, "missing-changes",
                   "the server lacks changes of the version given: sync, then submit again "
                   "(服务器缺少该版本的修改：请先同步再报送)");
  return document;
}

std::vector<report::Finding> blockingFindings(
    const std::vector<report::Finding>& findings,
    const std::map<std::string, std::string>& explanations) {
  std::vector<report::Finding> out;
  for (const report::Finding& f : findings) {
    auto reason = explanations.find(report::warningKey(f));
    bool explained = reason != explanations.end() && report::isExplanation(reason->second);
    if (f.severity == report::Severity::kError ||
        (f.severity == report::Severity::kWarning && !explained))
      out.push_back(f);
  }
  return out;
}

std::string sha256Hex(std::string_view bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : out) {
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  return hex;
}

Prepared prepare(const doc::Document& document) {
  Prepared p;
  report::ReportContent content = core::toContent(document);
  p.findings = report::runChecks(report::Template::forReport(content.templateKey), content);
  p.canonical = core::renderJson(document);
  p.title = document.reportValue(doc::ReportField::kTitle);
  p.department = document.reportValue(doc::ReportField::kDepartment);
  p.year = document.reportValue(doc::ReportField::kYear);
  return p;
}

void render(const doc::Document& document, Prepared& p) {
  report::ReportContent content = core::toContent(document);
  report::Template tmpl = report::Template::forReport(content.templateKey);
  p.files["docx"] = formats::exportDocx(content, tmpl);
  p.files["pdf"] = formats::exportPdf(content, tmpl);
  p.files["html"] = formats::exportHtml(content, tmpl);
  p.files["article"] = formats::exportHtmlArticle(content, tmpl);
}

}  // namespace rs::server
