@0xa95b30974a38f20f;
# Protocol/schema version log
#   v1: initial
#
# A section body's sequence CRDT (FugueMax runs, tombstones included), as stored in a
# document snapshot. Columns rather than a list of structs: each column holds small,
# similar numbers, which Cap'n Proto's packed encoding squeezes well.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("rs::proto");

struct TextSnapshot {
  # Runs in document order. Run i holds lengths[i] elements with ids
  # (counter + k, actor) for k in 0..length-1; element k > 0 has element k-1 as its left
  # origin and shares the run's right origin.

  lengths @0 :List(UInt32);

  counterDeltas @1 :List(UInt64);
  # zigzag(counter - end of the previous run), where end = counter + length (0 for run 0).

  actors @2 :List(UInt32);
  # Index into the actor list the document keeps next to this snapshot.

  deleted @3 :List(Bool);

  originKinds @4 :List(UInt8);
  # Bits 0-1: left origin, bits 2-3: right origin, each one of the Origin values below.

  originCounters @5 :List(UInt64);
  originActors @6 :List(UInt32);
  # For each origin of kind `explicit`, in run order (left before right):
  # zigzag(origin counter - run counter) and the origin's actor index.

  content @7 :Text;
  # UTF-8 text of the runs that are not deleted, concatenated in document order.

  enum Origin {
    none @0;         # start (left) or end (right) of the sequence
    adjacent @1;     # left: last element of the previous run; right: first of the next run
    sameActor @2;    # left: (counter - 1, same actor); right: same right origin as the run
                     # holding (counter - 1, same actor), the run this one was split from
    explicit @3;     # stored in originCounters / originActors
  }
}
