#include "change_permissions.h"

namespace rs::server {

namespace {

struct Checker {
  const doc::Document& doc;
  const ReportRecord& report;
  const std::string& user;

  bool assigned(doc::OpId section) const {
    const crdt::ActorId& actor = doc.actors().bytes(section.actor);
    for (const AssignmentEntry& a : report.assignments)
      if (a.sectionCounter == section.counter && a.sectionActor == actor && a.user == user)
        return true;
    return false;
  }
  // A section given to someone comes with its subsections.
  std::optional<std::string> section(doc::OpId s) const {
    for (std::optional<doc::OpId> at = s; at; at = doc.parentOf(*at))
      if (assigned(*at)) return std::nullopt;
    return "section is not assigned to " + user;
  }
  std::optional<std::string> officeOnly(const char* what) const {
    return std::string(what) + " is for the report's owner or office";
  }

  std::optional<std::string> operator()(const doc::TextInsert& op) const { return section(op.section); }
  std::optional<std::string> operator()(const doc::TextDelete& op) const { return section(op.section); }
  std::optional<std::string> operator()(const doc::MarkResolve& op) const { return section(op.section); }
  std::optional<std::string> operator()(const doc::SectionSet& op) const {
    if (op.field == doc::SectionField::kAssignee) return officeOnly("assigning a section");
    return section(op.section);
  }
  std::optional<std::string> operator()(const doc::CellSet&) const { return std::nullopt; }
  std::optional<std::string> operator()(const doc::RowInsert&) const { return std::nullopt; }
  std::optional<std::string> operator()(const doc::RowDelete&) const { return std::nullopt; }
  std::optional<std::string> operator()(const doc::SectionCreate&) const {
    return officeOnly("adding a section");
  }
  std::optional<std::string> operator()(const doc::SectionMove&) const {
    return officeOnly("moving a section");
  }
  std::optional<std::string> operator()(const doc::TableCreate&) const {
    return officeOnly("adding a table");
  }
  std::optional<std::string> operator()(const doc::TableRemove&) const {
    return officeOnly("removing a table");
  }
  std::optional<std::string> operator()(const doc::ReportSet&) const {
    return officeOnly("changing the report's title, department or year");
  }
};

}  // namespace

std::optional<std::string> forbiddenOp(const doc::Document& doc, const doc::Change& change,
                                       const ReportRecord& report, const std::string& user) {
  std::optional<std::string> role = report.roleOf(user);
  if (!role) return user + " is not a member of this report";
  if (*role == "owner" || *role == "office") return std::nullopt;
  Checker checker{doc, report, user};
  for (const doc::Op& op : change.ops)
    if (auto reason = std::visit(checker, op)) return reason;
  return std::nullopt;
}

}  // namespace rs::server
