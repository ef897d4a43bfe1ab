@0xfb21fcdd915a1c1e;
# The materialized state of one report document: what a report opens from without
# replaying its history. Stored packed, one per report, in the local store.
#
# Schema version log (bump kSnapshotFormat in common/doc/snapshot.cpp on changes)
#   v1  2026-11  first version.
#   v2  2026-11  rights (issue 9): ActorState.grantSeen, SectionState.home, DocSnapshot.grants
#                and .ineffective; reportFields has 5 entries (office). A v1 snapshot is
#                rebuilt from the stored changes.
#   v3  2026-11  rows and cells (issue 14 case 6): RowState.author, TableState.section and
#                .legacy, IneffectiveState.table and reasons 2, 3. A v2 snapshot is rebuilt
#                from the stored changes (its rows' authors are not in it).
#
# OpRef.actor indexes `actors`, which is sorted by the actors' bytes.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("rs::proto");

using import "change.capnp".OpRef;
using import "text.capnp".TextSnapshot;

struct CounterSegment {
  # Changes firstSeq .. firstSeq+count-1 of one actor; change k of them starts at
  # firstLamport + k*width and uses `width` counters.
  firstSeq @0 :UInt64;
  firstLamport @1 :UInt64;
  width @2 :UInt64;
  count @3 :UInt64;
}

struct ActorState {
  seq @0 :UInt64;                       # highest seq held
  segments @1 :List(CounterSegment);
  grantSeen @2 :List(UInt64);           # per grant (DocSnapshot.grants order): first seq of
                                        # this actor whose causal past holds it; 0: none
}

struct RegisterEntry {
  id @0 :OpRef;
  value @1 :Text;
}

struct SectionState {
  id @0 :OpRef;
  templateKey @6 :Text;
  title @1 :List(RegisterEntry);
  assignee @2 :List(RegisterEntry);
  status @3 :List(RegisterEntry);
  text @4 :TextSnapshot;
  children @5 :TextSnapshot;
  homeKind @7 :UInt8;                   # 0: not set, 1: top level, 2: under `home`
  home @8 :OpRef;                       # the parent it was created under
}

struct PlacementState {
  id @0 :OpRef;
  section @1 :OpRef;
  hasParent @2 :Bool;
  parent @3 :OpRef;
}

struct CellState {
  row @0 :OpRef;
  column @1 :Text;
  values @2 :List(RegisterEntry);
}

struct RowState {
  id @0 :OpRef;
  key @1 :Text;
  group @2 :Text;
  author @3 :Text;                      # v3: who inserted it
}

struct TableState {
  id @0 :OpRef;
  templateKey @1 :Text;
  name @2 :Text;
  removed @3 :Bool;
  rows @4 :TextSnapshot;
  rowInfo @5 :List(RowState);
  cells @6 :List(CellState);
  title @7 :Text;
  hasSection @8 :Bool;                  # v3: whose assignees write it
  section @9 :OpRef;
  legacy @10 :Bool;                     # v3: made before change format v3
}

struct HeadRef {
  actor @0 :UInt32;
  seq @1 :UInt64;
}

struct ResolvedState {
  byActor @0 :UInt32;
  bySeq @1 :UInt64;
  section @2 :OpRef;
  hasParagraph @3 :Bool;
  paragraphEnd @4 :OpRef;
  changes @5 :List(HeadRef);
}

struct GrantState {
  byActor @0 :UInt32;
  bySeq @1 :UInt64;
  id @2 :OpRef;
  office @3 :Bool;
  section @4 :OpRef;
  value @5 :Text;
  pred @6 :List(OpRef);
}

struct IneffectiveState {
  change @0 :HeadRef;
  author @1 :Text;
  hasSection @2 :Bool;
  section @3 :OpRef;
  reason @4 :UInt8;                     # 0: section not assigned, 1: office only,
                                        # 2: template row deleted, 3: another's row deleted
  hasTable @5 :Bool;                    # v3: the table of a row or cell op
  table @6 :OpRef;
}

struct DocSnapshot {
  format @0 :UInt32;
  actors @1 :List(Data);
  actorStates @2 :List(ActorState);   # parallel to actors
  heads @3 :List(HeadRef);
  maxCounter @4 :UInt64;
  reportFields @5 :List(List(RegisterEntry));  # indexed by ReportField
  sections @6 :List(SectionState);
  rootChildren @7 :TextSnapshot;
  placements @8 :List(PlacementState);
  tables @9 :List(TableState);         # in creation order
  resolved @10 :List(ResolvedState);
  grants @11 :List(GrantState);         # sorted by id
  ineffective @12 :List(IneffectiveState);  # sorted by change
}
