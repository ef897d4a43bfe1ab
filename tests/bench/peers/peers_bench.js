// The peers of issue 11 on the trace reportsync-bench replays: Yjs and diamond-types (the
// npm packages yjs and diamond-types-node), one JSON line each, for the README table to put
// beside `reportsync-bench trace` / `concurrent` from the same run.
//
// Sequential traces: one transaction per edit, as the trace bench makes one change per edit;
// apply_ms times making them all, encoded_bytes is Yjs' state (Y.encodeStateAsUpdate, no
// history) and diamond-types' whole history (Doc.toBytes), load_ms decoding those bytes
// into a document and reading its text (best of 7). Concurrent traces (clownschool,
// friendsforever): diamond-types alone, each transaction made at its parents' version in
// one OpLog (Yjs would need a replica per agent synced at every parent version).
// Positions in the traces are code points; Yjs counts UTF-16 units, so a trace with
// characters outside the BMP is refused for Yjs rather than replayed wrong.
//
// Usage: sh tests/bench/peers/setup.sh build/peers-bench   (once; npm, not the tests)
//        node build/peers-bench/peers_bench.js TRACE.json.gz
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const path = require('path');
const Y = require('yjs');
const dt = require('diamond-types-node');

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function bestOf(n, fn) {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t = now();
    fn();
    best = Math.min(best, now() - t);
  }
  return best;
}

function line(fields) {
  process.stdout.write(JSON.stringify(fields) + '\n');
}

function hasAstral(s) {
  for (const ch of s) if (ch.codePointAt(0) > 0xffff) return true;
  return false;
}

function yjsSequential(trace, name) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  if (trace.startContent) text.insert(0, trace.startContent);
  const t0 = now();
  for (const txn of trace.txns) {
    for (const [pos, del, ins] of txn.patches) {
      doc.transact(() => {
        if (del > 0) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      });
    }
  }
  const applyMs = now() - t0;
  const bytes = Y.encodeStateAsUpdate(doc);
  let ok = text.toString() === trace.endContent;
  const loadMs = bestOf(7, () => {
    const d = new Y.Doc();
    Y.applyUpdate(d, bytes);
    ok = ok && d.getText('t').toString() === trace.endContent;
  });
  line({peer: 'yjs', version: require('yjs/package.json').version, trace: name, ok,
        apply_ms: +applyMs.toFixed(1), encoded_bytes: bytes.length, load_ms: +loadMs.toFixed(2)});
}

function dtSequential(trace, name) {
  const doc = new dt.Doc('bench');
  if (trace.startContent) doc.ins(0, trace.startContent);
  const t0 = now();
  for (const txn of trace.txns) {
    for (const [pos, del, ins] of txn.patches) {
      if (del > 0) doc.del(pos, del);
      if (ins) doc.ins(pos, ins);
    }
  }
  const applyMs = now() - t0;
  const bytes = doc.toBytes();
  let ok = doc.get() === trace.endContent;
  const loadMs = bestOf(7, () => {
    ok = ok && dt.Doc.fromBytes(bytes, 'reader').get() === trace.endContent;
  });
  line({peer: 'diamond-types', version: dtVersion(), trace: name, ok,
        apply_ms: +applyMs.toFixed(1), encoded_bytes: bytes.length, load_ms: +loadMs.toFixed(2)});
}

function dtConcurrent(trace, name) {
  const oplog = new dt.OpLog('bench');
  const agents = new Map();
  // The version after each transaction: its last op's local version.
  const after = [];
  const t0 = now();
  for (const txn of trace.txns) {
    let parents = [];
    for (const p of txn.parents) parents.push(after[p]);
    if (!agents.has(txn.agent)) agents.set(txn.agent, 'agent' + txn.agent);
    oplog.setAgent(agents.get(txn.agent));
    let version = Uint32Array.from(parents);
    for (const [pos, del, ins] of txn.patches) {
      if (del > 0) version = Uint32Array.of(oplog.del(pos, del, version));
      if (ins) version = Uint32Array.of(oplog.ins(pos, ins, version));
    }
    after.push(version[0]);
  }
  const branch = new dt.Branch();
  branch.merge(oplog);
  const applyMs = now() - t0;
  const bytes = oplog.toBytes();
  let ok = branch.get() === trace.endContent;
  const loadMs = bestOf(7, () => {
    const b = new dt.Branch();
    b.merge(dt.OpLog.fromBytes(bytes, 'reader'));
    ok = ok && b.get() === trace.endContent;
  });
  line({peer: 'diamond-types', version: dtVersion(), trace: name, ok,
        merge_ms: +applyMs.toFixed(1), encoded_bytes: bytes.length, load_ms: +loadMs.toFixed(2)});
}

function dtVersion() {
  return require('diamond-types-node/package.json').version;
}

function main() {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node peers_bench.js TRACE.json.gz\n');
    process.exit(2);
  }
  const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8'));
  const name = path.basename(file).replace(/\.json(\.gz)?$/, '');
  if (trace.kind === 'concurrent') {
    dtConcurrent(trace, name);
    line({peer: 'yjs', trace: name, ok: false, skipped: 'concurrent trace: not replayed'});
    return;
  }
  if (hasAstral(trace.endContent) ||
      trace.txns.some(t => t.patches.some(p => p[2] && hasAstral(p[2])))) {
    line({peer: 'yjs', trace: name, ok: false, skipped: 'characters outside the BMP'});
  } else {
    yjsSequential(trace, name);
  }
  dtSequential(trace, name);
}

main();
