// Bench rows: peak RSS of `vtr-wf plan` at 1000, 5000 and 10,000 workflows —
// as many specs as live workflows, all unchanged, so the plan reads, normalises
// and compares every one. The value is a cold plan (no parsed-spec cache: the
// peak); a warm one (cache in place) is reported beside it. Each measurement is a fresh process of the built
// CLI; a preloaded probe reports `process.resourceUsage().maxRSS` at exit.
// Baseline: the same `plan` of an empty project (the fixed cost: Node, gRPC,
// the proto). Growth must be linear: a last row compares the memory each
// workflow adds from 5k to 10k with what it adds from 1k to 5k.
//
// The live workflows are seeded through the client in batches of 500, with
// exactly the bodies `apply` would write (the plan's own create requests).
//
// Needs the build (dist/). Standalone: `node bench/rows/memory.mjs [N…]`.
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeLater } from '../lib/remove-later.mjs';
import { writeSpecProject } from '../lib/spec-corpus.mjs';

const SIZES = [1000, 5000, 10_000];
const RUNS = 3;
const SEED_BATCH = 500;
const PAT_ENV = 'VTR_WF_BENCH_PAT';
const PAT = 'bench-key-not-a-secret-0123456789';
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO_ROOT, 'dist/cli/main.js');
const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
/** Linear means each added workflow costs about the same: allow 50% of noise (GC timing). */
const MAX_GROWTH_RATIO = 1.5;

const MB = 1024 * 1024;
const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `node [--import PROBE] dist/cli/main.js ARGS…`, asynchronously: the emulator
 * lives in this process and must keep answering. Rejects on a non-zero exit.
 */
function cli(args, cwd, extraEnv = {}, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeArgs, CLI, ...args],
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', VTR_WF_RATE_LIMIT: '0', [PAT_ENV]: PAT, ...extraEnv },
        maxBuffer: 256 * MB,
        timeout: 300_000,
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`vtr-wf ${args.join(' ')} failed (${error.code}): ${stderr}`))
          : resolve(stdout),
    );
  });
}

/** Peak RSS in bytes of one fresh `vtr-wf ARGS…` process. */
async function peakRss(args, cwd, probe) {
  const out = join(cwd, `rss-${process.pid}.txt`);
  await cli(args, cwd, { VTR_WF_RSS_FILE: out }, ['--import', probe]);
  const bytes = Number(readFileSync(out, 'utf8'));
  rmSync(out);
  return bytes;
}

/** A project of `count` specs whose `mem` environment is app `app` on the emulator. */
function project(root, count, address, app) {
  const dir = join(root, `n${count}`);
  mkdirSync(dir);
  writeSpecProject(dir, REPO_ROOT, count);
  if (count === 0) mkdirSync(join(dir, 'workflows'));
  appendFileSync(
    join(dir, 'vtr-wf.yaml'),
    `  mem:\n    endpoint: ${address}\n    user_id: bench\n    app_id: ${app}\n    pat_env: ${PAT_ENV}\n`,
  );
  return dir;
}

/** Makes the live app hold exactly what the specs declare, as `apply` would write it. */
async function seed(dir, api) {
  const { loadProjectFor } = await import(dist('commands/shared/project.js'));
  const { planWithConnection } = await import(dist('commands/plan-environment.js'));
  const { changeToApiWorkflow } = await import(dist('plan/to-api.js'));
  const loaded = await loadProjectFor({ cwd: dir });
  const { plan } = await planWithConnection(loaded, 'mem', api, {});
  if (!plan) throw new Error(`cannot plan ${dir}`);
  const bodies = plan.changes.map((c) => changeToApiWorkflow(c, plan.project));
  for (let i = 0; i < bodies.length; i += SEED_BATCH)
    await api.postWorkflows(bodies.slice(i, i + SEED_BATCH));
}

/** @returns {Promise<object[]>} finished rows for bench/run.mjs */
export async function rows(sizes = SIZES) {
  const { startEmulator } = await import(dist('emulator/server.js'));
  const { connect } = await import(dist('clarifai/connect.js'));
  const root = mkdtempSync(join(tmpdir(), 'vtr-wf-bench-memory-'));
  const probe = join(root, 'rss-probe.mjs');
  writeFileSync(
    probe,
    "import { writeFileSync } from 'node:fs';\n" +
      // maxRSS is in kilobytes.
      "process.on('exit', () => writeFileSync(process.env.VTR_WF_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));\n",
  );
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  process.env[PAT_ENV] = PAT;
  const measured = [];
  try {
    const emptyDir = project(root, 0, emulator.address, 'mem-0');
    const plan = ['plan', '-e', 'mem', '--format', 'json'];
    for (const count of sizes) {
      const dir = project(root, count, emulator.address, `mem-${count}`);
      const api = await connect(
        {
          name: 'bench',
          kind: 'remote',
          endpoint: emulator.address,
          user_id: 'bench',
          app_id: `mem-${count}`,
          pat_env: PAT_ENV,
          tls: 'auto',
          models: {},
        },
        { ratePerSecond: 0 },
      );
      try {
        await seed(dir, api);
      } finally {
        await api.close();
      }
      const summary = JSON.parse(await cli(plan, dir)).summary;
      if (summary.unchanged !== count)
        throw new Error(`expected ${count} unchanged workflows, got ${JSON.stringify(summary)}`);
      // Interleaved, so machine noise hits all alike. Cold: no parsed-spec cache
      // (.vtr-wf/cache/, the first plan after a change: the peak); warm: the cache the
      // cold run left (every later plan).
      const values = [];
      const warm = [];
      const baselines = [];
      for (let run = 0; run < RUNS; run++) {
        baselines.push(await peakRss(plan, emptyDir, probe));
        rmSync(join(dir, '.vtr-wf', 'cache'), { recursive: true, force: true });
        values.push(await peakRss(plan, dir, probe));
        warm.push(await peakRss(plan, dir, probe));
      }
      measured.push({
        count,
        value: median(values),
        warm: median(warm),
        baseline: median(baselines),
        samples: { cold: values, warm, baseline: baselines },
      });
    }
  } finally {
    await emulator.close();
    delete process.env[PAT_ENV];
    removeLater(root);
  }

  const perWorkflow = (m) => (m.value - m.baseline) / m.count;
  const results = measured.map((m) => ({
    name: `plan peak RSS, ${m.count} workflows`,
    value: round(m.value / MB),
    baseline: round(m.baseline / MB),
    unit: 'MB',
    baseline_label: 'plan of 0 workflows',
    ratio: round(m.value / m.baseline, 2),
    bytes_per_workflow: Math.round(perWorkflow(m)),
    warm_cache_mb: round(m.warm / MB),
    samples_mb: Object.fromEntries(
      Object.entries(m.samples).map(([k, v]) => [k, v.map((b) => round(b / MB))]),
    ),
    runs: RUNS,
  }));
  // Linear growth: the marginal cost per workflow stays the same as the app grows.
  for (let i = 2; i < measured.length; i++) {
    const [a, b, c] = [measured[i - 2], measured[i - 1], measured[i]];
    const early = (b.value - a.value) / (b.count - a.count);
    const late = (c.value - b.value) / (c.count - b.count);
    results.push({
      name: `plan memory growth ${b.count}→${c.count} vs ${a.count}→${b.count}`,
      value: Math.round(late),
      baseline: Math.round(early),
      unit: 'B/workflow',
      baseline_label: `B/workflow ${a.count}→${b.count}`,
      ratio: round(late / early, 2),
      goal: `ratio ≤ ${MAX_GROWTH_RATIO} (linear)`,
      pass: late / early <= MAX_GROWTH_RATIO,
    });
  }
  return results;
}

export default rows;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number);
  for (const r of await rows(sizes.length ? sizes : SIZES)) {
    console.log(
      `${r.name.padEnd(48)} ${String(r.value).padStart(9)} ${r.unit}  baseline ${r.baseline} (${r.baseline_label})  ratio ${r.ratio}` +
        (r.bytes_per_workflow !== undefined
          ? `  ${r.bytes_per_workflow} B/workflow  warm cache ${r.warm_cache_mb} MB  ${JSON.stringify(r.samples_mb)}`
          : '') +
        (r.goal ? `  goal ${r.goal}: ${r.pass ? 'pass' : 'FAIL'}` : ''),
    );
  }
}
