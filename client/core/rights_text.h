// What the front ends say about rights (doc/rights.cpp): the up-front check before an
// edit, and the notice for a change that did not take effect (未生效).
#pragma once

#include <optional>
#include <string>

#include "core/replica.h"
#include "doc/document.h"

namespace rs::core {

// "第六节" for a top-level section, "第6.1节" below; "一个已不在大纲中的章节" otherwise.
std::string sectionLabel(const doc::Document& d, doc::OpId section);
// Throws InputError (bilingual) unless `user` may write the text, title or status of
// `section` now: assigned to them (or a section created under one), or office, or the
// report records no rights.
void requireMayWriteSection(const doc::Document& d, doc::OpId section, const std::string& user);
// Throws InputError unless `user` may make office-only ops now.
void requireOffice(const doc::Document& d, const std::string& user, const std::string& what);
// "未生效：第六节未分配给你" as `viewer` reads it (the author's name when not theirs).
std::string ineffectiveReason(const doc::Document& d, const doc::Ineffective& x,
                              const std::string& viewer);
// The text a change inserted, its inserts joined by newlines, UTF-8.
std::string insertedText(const doc::Change& change);
// Adds `user` to the document's office set (the rights every replica applies) as a local
// change, unless already there; returns whether a change was made. Called on share (the
// sharer) and on invite --role office. Throws InputError when the local user is not office.
bool recordOffice(Replica& replica, OpenReport& report, const std::string& user);
// "0123abcd/7": the change's actor (first 8 hex digits) and seq, as `refused` lists it.
std::string changeLabel(const doc::ChangeId& id);

}  // namespace rs::core
