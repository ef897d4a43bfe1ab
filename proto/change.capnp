@0xa125837fa280b5fe;
# Document changes: what replicas exchange, store and bundle.
#
# Schema version log (bump kProtocolVersion in common/doc/change_codec.h on wire changes)
#   v1  2026-11  first version: Change, Op, Bundle. Changes are packed messages.
#   v2  2026-11  ReportField.office: the report's office users, as document rights.
#   v3  2026-11  tableCreate.section: the section whose assignees write the table (issue 14
#                case 6); rows and cells follow new rights (doc/rights.cpp), so every replica
#                must run the same rule: older programs are refused by the protocol version.
#   (protocol 4, 2026-11: changes travel as compact histories, see proto/sync.capnp; the
#   change itself is as in v3)
#   Bundle format 2  2026-11  Bundle.history: the changes as one compact history
#                (common/doc/change_spans.h, issue 11); `changes` stays empty. Programs
#                before it refuse the file by its format number; format 1 is still read.
#
# Ids inside a change are compact: an OpRef names an actor by its index into the change's
# actor list, where 0 is the change's own actor and i > 0 is `otherActors[i - 1]`.
# The ops of a change get consecutive Lamport counters starting at `lamport`; an op that
# inserts N elements uses N counters, every other op uses one.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("rs::proto");

struct ChangeRef {
  actor @0 :Data;   # 16 bytes
  seq @1 :UInt64;
}

struct OpRef {
  counter @0 :UInt64;
  actor @1 :UInt32;
}

struct Change {
  actor @0 :Data;              # 16 bytes
  seq @1 :UInt64;              # 1, 2, 3 ... per actor
  lamport @2 :UInt64;          # counter of the first op
  deps @3 :List(ChangeRef);    # the frontier this change was made on
  timeMs @4 :Int64;            # wall clock, informative only
  author @5 :Text;             # user name, informative only
  otherActors @6 :List(Data);  # actors referenced by ops, besides this change's own
  ops @7 :List(Op);
}

# A register write replaces the values it saw (`pred`); concurrent writes stay side by side.
struct RegisterWrite {
  value @0 :Text;
  pred @1 :List(OpRef);
}

enum SectionField {
  title @0;
  assignee @1;
  status @2;
}

enum ReportField {
  title @0;
  department @1;
  year @2;
  template @3;
  office @4;   # a set of user names: the report's office (v2)
}

# Where an element goes in a sequence: its neighbours when it was inserted.
struct SeqAnchor {
  hasLeft @0 :Bool;
  left @1 :OpRef;
  hasRight @2 :Bool;
  right @3 :OpRef;
}

struct Op {
  union {
    # The op's own id is the section's id. The section is placed with sectionMove.
    sectionCreate :group {
      templateKey @0 :Text;    # the template's section, or empty for one a user added
    }
    # Places `section` under `parent` (or at the root); the placement is an element of the
    # parent's child sequence. The latest placement by OpId that does not make a cycle wins.
    sectionMove :group {
      section @1 :OpRef;
      hasParent @2 :Bool;
      parent @3 :OpRef;
      anchor @4 :SeqAnchor;
    }
    sectionSet :group {
      section @5 :OpRef;
      field @6 :SectionField;
      write @7 :RegisterWrite;
    }
    textInsert :group {
      section @8 :OpRef;
      anchor @9 :SeqAnchor;
      text @10 :Text;          # UTF-8; uses one counter per code point
    }
    textDelete :group {
      section @11 :OpRef;
      start @12 :OpRef;
      length @13 :UInt32;
    }
    # The op's own id is the table's id.
    tableCreate :group {
      templateKey @14 :Text;
      name @15 :Text;          # the table's key in the report ("dept-eval", "project-eval-1")
      title @32 :Text;         # as the document titles it
      hasSection @33 :Bool;    # v3: the section whose assignees write its cells and rows
      section @34 :OpRef;
      sectionRule @35 :Bool;   # v3: true; false (older programs): every member may write it
    }
    rowInsert :group {
      table @16 :OpRef;
      anchor @17 :SeqAnchor;
      key @18 :Text;           # the template's row key, or a generated one for an added row
      group @31 :Text;         # added rows: the template row or block they belong to
    }
    rowDelete :group {
      table @19 :OpRef;
      row @20 :OpRef;
    }
    cellSet :group {
      table @21 :OpRef;
      row @22 :OpRef;
      column @23 :Text;
      write @24 :RegisterWrite;
    }
    reportSet :group {
      field @25 :ReportField;
      write @26 :RegisterWrite;
    }
    # Resolves a review mark: the changes whose concurrent edits raised it are settled.
    markResolve :group {
      section @27 :OpRef;
      paragraph @28 :SeqAnchor;  # hasLeft/left: the paragraph's end-of-line element
      changes @29 :List(ChangeRef);
    }
    tableRemove :group {
      table @30 :OpRef;
    }
  }
}

# A bundle carries every change of one report, for transfer on removable media.
struct Bundle {
  magic @0 :Text;              # "reportsync-bundle"
  formatVersion @1 :UInt32;    # 2 (1: changes as packed messages, no history)
  reportId @2 :Data;           # 16 bytes
  changes @3 :List(Data);      # format 1: each an encoded (packed) Change message
  sha256 @4 :Data;             # over reportId ++ history (format 1: ++ each change's bytes)
  history @5 :Data;            # format 2: every change, as a compact history
}
