// Bench row (informational): what this machine's disk gives apply's backups — 1000
// files of ~3 KB made durable through the same queue apply uses (dist/fs/
// write-file-atomic.js: temp file, fsync, rename, one folder fsync a group), in 20
// groups of 50 as apply's batches ask for them. apply of 1000 updates cannot send
// its last batch before its last backup is durable, so on a slow disk this row,
// not the code, sets apply's time: read the apply row beside it. Cloud disks slow
// down under sustained fsyncs (burst credits), and a whole bench is such a load.
//
// Named to run just before plan-apply.mjs (rows run in file order), so it sees the disk
// that row sees. Standalone: `node bench/rows/plan-apply-disk.mjs`.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { removeLater } from '../lib/remove-later.mjs';

const RUNS = 3;
const FILES = 1000;
const GROUP = 50;
const TEXT = JSON.stringify({ workflow: 'x'.repeat(3000) });

async function once(queueOf, dir, run) {
  const queue = queueOf({ mode: 0o600 });
  const started = performance.now();
  const groups = [];
  for (let g = 0; g < FILES / GROUP; g++) {
    const files = Array.from({ length: GROUP }, (_, i) => ({
      path: join(dir, `bench-${run}-${g}-${i}.json`),
      text: TEXT,
    }));
    groups.push(queue.add(files));
  }
  await Promise.all(groups);
  return performance.now() - started;
}

export async function rows() {
  const { atomicFileQueue } = await import(
    new URL('../../dist/fs/write-file-atomic.js', import.meta.url).href
  );
  const dir = await mkdtemp(join(tmpdir(), 'vtr-wf-bench-disk-'));
  removeLater(dir);
  {
    const times = [];
    for (let run = 0; run < RUNS; run++) times.push(await once(atomicFileQueue, dir, run));
    times.sort((a, b) => a - b);
    return [
      {
        name: `disk: ${FILES} backups made durable (apply's queue, 20 groups of ${GROUP})`,
        value_ms: Math.round(times[Math.floor(RUNS / 2)] * 10) / 10,
        runs: RUNS,
      },
    ];
  }
}

export default rows;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await rows()) console.log(`${r.name}: ${r.value_ms} ms (median of ${r.runs})`);
}
