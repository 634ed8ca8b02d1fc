// Bench rows: `plan` and `apply` against the emulator over loopback gRPC, at 0
// and 50 ms injected latency per call, each beside Terraform's way measured in
// the same run (issue 16's goals):
//   - live read: vtr-wf's ListWorkflows (1000 a page) + normalise, vs a
//     per-workflow GetWorkflow refresh at concurrency 10. Goal: ≥ 20x faster.
//   - whole `plan` command (a subprocess of the built CLI) of 1000 unchanged
//     workflows, vs the same command with its live read swapped for that
//     refresh (measured plan time − measured live read + measured refresh).
//     Goal at 50 ms/call: ≥ 10x faster. Beside it, the plan's phases
//     (VTR_WF_PHASES=1: start, specs, connect, list, decode, diff, render; medians).
//   - `apply` of 1000 updates (a subprocess; every spec's description edited
//     between runs, so its specs are parsed fresh), vs one PatchWorkflows per
//     workflow at concurrency 10. Goal at 50 ms/call: ≤ 1.5 s and ≤ 20 write
//     calls (+2 for the lease).
//   The issue sets its goals at 50 ms/call: at 0 ms/call the plan and live-read ratios are
//   informational (no verdict) — with no round trips to save, a ratio against a refresh
//   measures CPU only — and only apply's write-call bound (latency-independent) is graded.
//   Beside apply at 50 ms/call, its phases (start, specs, connect, list, diff, render,
//   lease, reread, writes, verify, release), informational.
//   - 10,000 workflows at 50 ms/call (once; VTR_WF_BENCH_10K=0 skips it):
//     whole plan ≥ 10x faster than the refresh, peak RSS < 300 MB.
//
// Needs the build (dist/). Standalone: `node bench/rows/plan-apply.mjs [latency…]`.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { removeLater } from '../lib/remove-later.mjs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { BENCH_PAT_ENV, writeBenchConfig, writeBenchSpecs } from '../lib/bench-project.mjs';

const WORKFLOWS = 1000;
const LARGE = 10_000;
const RUNS = 3;
const PLAN_RATIO_GOAL = 10;
const APPLY_MAX_MS = 1500;
const RSS_MAX_MB = 300;
const PHASES = ['start', 'specs', 'connect', 'list', 'decode', 'diff', 'render'];
const APPLY_PHASES = [
  'start',
  'specs',
  'connect',
  'list',
  'diff',
  'render',
  'lease',
  'reread',
  'writes',
  'verify',
  'release',
];
const LATENCIES_MS = [0, 50];
const REFRESH_CONCURRENCY = 10;
const PAT_ENV = BENCH_PAT_ENV;
const PAT = 'bench-key-not-a-secret-0123456789';

const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

const round1 = (n) => Math.round(n * 10) / 10;

/** Node flags for every CLI run, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (not allowed in NODE_OPTIONS). */
const CLI_NODE_ARGS = (process.env.VTR_WF_BENCH_CLI_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** The built CLI as a subprocess, asynchronously: the emulator lives in this process. */
function cli(args, cwd, extraEnv = {}, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_NODE_ARGS, ...nodeArgs, CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', VTR_WF_RATE_LIMIT: '0', [PAT_ENV]: PAT, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `worker` over `items`, at most `limit` at once. */
async function pool(items, limit, worker) {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const item = items[next++];
      await worker(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

async function writeProjectFiles(dir, endpoint, appId) {
  const { VTR_MODELS } = await import(dist('vtr-models.js'));
  await writeBenchConfig(dir, { endpoint, appId, vtrModels: VTR_MODELS });
}

function writeSpecs(dir, count = WORKFLOWS, description = 'a workflow of the plan benchmark') {
  return writeBenchSpecs(dir, count, description);
}

const writeCallsOf = (calls) =>
  (calls.PostWorkflows ?? 0) + (calls.PatchWorkflows ?? 0) + (calls.DeleteWorkflows ?? 0);

/**
 * The emulator on its own thread: the server's work (encoding 1000 workflows)
 * is not the client's, and must not sit on the clock of the phase measured.
 */
async function emulatorThread() {
  const worker = new Worker(fileURLToPath(import.meta.url));
  let serial = 0;
  const pending = new Map();
  worker.on('message', ({ id, result, error }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (error) p.reject(new Error(error));
    else p.resolve(result);
  });
  const ask = (cmd, arg) =>
    new Promise((resolve, reject) => {
      const id = ++serial;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, cmd, arg });
    });
  const address = await ask('start');
  return {
    address,
    setLatency: (ms) => ask('latency', ms),
    clear: () => ask('clear'),
    calls: () => ask('calls'),
    close: async () => {
      await ask('close');
      await worker.terminate();
    },
  };
}

if (!isMainThread) {
  let emulator;
  parentPort.on('message', async ({ id, cmd, arg }) => {
    try {
      let result;
      if (cmd === 'start') {
        const { startEmulator } = await import(dist('emulator/server.js'));
        emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
        result = emulator.address;
      } else if (cmd === 'latency') emulator.faults.setLatency(arg);
      else if (cmd === 'clear') emulator.faults.clear();
      else if (cmd === 'calls') result = emulator.faults.calls;
      else if (cmd === 'close') await emulator.close();
      parentPort.postMessage({ id, result });
    } catch (e) {
      parentPort.postMessage({ id, error: String(e) });
    }
  });
}

/** The phase spans of one `plan` from its VTR_WF_PHASES line: name → ms (a span's length, or a sum). */
function phasesOf(stderr) {
  const line = stderr.split('\n').find((l) => l.startsWith('vtr-wf phases '));
  if (!line) return {};
  const raw = JSON.parse(line.slice('vtr-wf phases '.length));
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[1] - v[0] : v]),
  );
}

/** A preload module that writes the process's peak RSS (bytes) to $VTR_WF_RSS_FILE at exit. */
async function rssProbe(dir) {
  const probe = join(dir, 'rss-probe.mjs');
  await writeFile(
    probe,
    "import { writeFileSync } from 'node:fs';\n" +
      "process.on('exit', () => writeFileSync(process.env.VTR_WF_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));\n",
  );
  return probe;
}

export async function rows(latencies = LATENCIES_MS) {
  const { connect } = await import(dist('clarifai/connect.js'));
  const { readLive, normaliseLazily } = await import(dist('commands/shared/read-live.js'));

  const emulator = await emulatorThread();
  const dir = await mkdtemp(join(tmpdir(), 'vtr-wf-bench-plan-'));
  const applyDir = await mkdtemp(join(tmpdir(), 'vtr-wf-bench-apply-'));
  process.env[PAT_ENV] = PAT;
  const clientFor = (appId, concurrency) =>
    connect(
      {
        name: 'bench',
        kind: 'remote',
        endpoint: emulator.address,
        user_id: 'bench',
        app_id: appId,
        pat_env: PAT_ENV,
        tls: 'auto',
        models: {},
      },
      { ratePerSecond: 0, ...(concurrency ? { concurrency } : {}) },
    );
  const refreshAll = (reader, ids) =>
    timed(() =>
      pool(ids, REFRESH_CONCURRENCY, async (id) => normaliseLazily(await reader.getWorkflow(id))),
    );
  const results = [];
  let round = 0;
  try {
    await writeSpecs(dir);
    // The app plan reads: 1000 managed workflows, applied once by vtr-wf itself.
    await writeProjectFiles(dir, emulator.address, 'planned');
    const seeded = await cli(['apply', '-e', 'test', '--auto-approve', '--no-lock'], dir);
    if (seeded.code !== 0) throw new Error(`seeding apply failed: ${seeded.stderr}`);
    // The app apply updates: the same 1000, changed every run.
    await writeSpecs(applyDir, WORKFLOWS, 'round 0');
    await writeProjectFiles(applyDir, emulator.address, 'updated');
    const seededUpdates = await cli(
      ['apply', '-e', 'test', '--auto-approve', '--no-lock'],
      applyDir,
    );
    if (seededUpdates.code !== 0) throw new Error(`seeding apply failed: ${seededUpdates.stderr}`);
    const reader = await clientFor('planned', REFRESH_CONCURRENCY);
    const ids = (await reader.listWorkflows()).map((w) => w.id);
    const updater = await clientFor('updated', REFRESH_CONCURRENCY);

    for (const latency of latencies) {
      await emulator.setLatency(latency);
      const list = [];
      const refresh = [];
      const planCmd = [];
      const phases = [];
      const apply = [];
      const applyPhases = [];
      const perWorkflowWrites = [];
      let listCalls = 0;
      let refreshCalls = 0;
      let planCalls = 0;
      let applyWrites = 0;
      for (let run = 0; run < RUNS; run++) {
        // Live read, vtr-wf's way.
        let before = reader.callCount;
        const read = await timed(() => readLive(reader));
        if (read.result.workflows.length !== WORKFLOWS)
          throw new Error('live read missed workflows');
        list.push(read.ms);
        listCalls = reader.callCount - before;

        // Live read, Terraform's way: one GetWorkflow per workflow in state, 10 at a time.
        before = reader.callCount;
        refresh.push((await refreshAll(reader, ids)).ms);
        refreshCalls = reader.callCount - before;

        // The whole plan command, with its phases.
        await emulator.clear();
        await emulator.setLatency(latency);
        const plan = await timed(() =>
          cli(['plan', '-e', 'test', '--detailed-exitcode'], dir, { VTR_WF_PHASES: '1' }),
        );
        if (plan.result.code !== 0)
          throw new Error(`plan found changes or failed: ${plan.result.stderr}`);
        planCmd.push(plan.ms);
        phases.push(phasesOf(plan.result.stderr));
        planCalls = Object.values(await emulator.calls()).reduce((a, b) => a + b, 0);

        // apply of 1000 updates: every description edited (so every spec is parsed afresh).
        await writeSpecs(applyDir, WORKFLOWS, `round ${++round}`);
        await emulator.clear();
        await emulator.setLatency(latency);
        const applied = await timed(() =>
          cli(['apply', '-e', 'test', '--auto-approve'], applyDir, { VTR_WF_PHASES: '1' }),
        );
        if (applied.result.code !== 0) throw new Error(`apply failed: ${applied.result.stderr}`);
        if (!applied.result.stdout.includes(`applied ${WORKFLOWS} of ${WORKFLOWS}`))
          throw new Error(
            `apply did not update ${WORKFLOWS}: ${applied.result.stdout.slice(-300)}`,
          );
        apply.push(applied.ms);
        applyPhases.push(phasesOf(applied.result.stderr));
        applyWrites = writeCallsOf(await emulator.calls());

        // Updates, Terraform's way: one PatchWorkflows per workflow, 10 at a time.
        const bodies = (await updater.listWorkflows()).map(
          ({ id, description, nodes, metadata }) => ({
            id,
            description,
            metadata,
            nodes: nodes.map((n) => ({
              id: n.id,
              model: { id: n.model.id, model_version: { id: n.model.model_version.id } },
              node_inputs: n.node_inputs,
            })),
          }),
        );
        perWorkflowWrites.push(
          (
            await timed(() =>
              pool(bodies, REFRESH_CONCURRENCY, (body) =>
                updater.patchWorkflows([body], 'overwrite'),
              ),
            )
          ).ms,
        );
      }
      await emulator.setLatency(0);

      const listMs = median(list);
      const refreshMs = median(refresh);
      const planMs = median(planCmd);
      const planBaseline = planMs - listMs + refreshMs;
      const applyMs = median(apply);
      const writesBaseline = median(perWorkflowWrites);
      const graded = latency >= 50;
      results.push(
        {
          name: `plan live read, ${WORKFLOWS} workflows, ${latency} ms/call`,
          value_ms: round1(listMs),
          baseline_ms: round1(refreshMs),
          ratio: round1(refreshMs / listMs),
          goal: graded
            ? 'live read ≥ 20x faster than a GetWorkflow refresh at concurrency 10'
            : 'informational (graded at 50 ms/call)',
          pass: graded ? refreshMs / listMs >= 20 : null,
          calls: listCalls,
          baseline_calls: refreshCalls,
          runs: RUNS,
        },
        {
          name: `plan command, ${WORKFLOWS} workflows, ${latency} ms/call`,
          value_ms: round1(planMs),
          baseline_ms: round1(planBaseline),
          ratio: round1(planBaseline / planMs),
          goal: graded
            ? `whole plan ≥ ${PLAN_RATIO_GOAL}x faster than with a per-workflow refresh`
            : 'informational (graded at 50 ms/call)',
          pass: graded ? planBaseline / planMs >= PLAN_RATIO_GOAL : null,
          calls: planCalls,
          baseline_calls: planCalls - listCalls + refreshCalls,
          runs: RUNS,
        },
        // The plan's phases (medians; they overlap: the live read runs while specs load).
        ...PHASES.map((name) => ({
          name: `  plan phase ${name}, ${WORKFLOWS} workflows, ${latency} ms/call`,
          value_ms: round1(median(phases.map((p) => p[name] ?? 0))),
          goal: name === 'decode' ? 'summed time (informational)' : 'span (informational)',
          runs: RUNS,
        })),
        {
          name: `apply ${WORKFLOWS} updates, ${latency} ms/call`,
          value_ms: round1(applyMs),
          baseline_ms: round1(writesBaseline),
          ratio: round1(writesBaseline / applyMs),
          goal: graded
            ? `≤ ${APPLY_MAX_MS} ms and ≤ ${WORKFLOWS / 50} write calls (lease: +2)`
            : `≤ ${WORKFLOWS / 50} write calls (lease: +2)`,
          pass: applyWrites - 2 <= WORKFLOWS / 50 && (!graded || applyMs <= APPLY_MAX_MS),
          calls: applyWrites,
          baseline_calls: WORKFLOWS,
          runs: RUNS,
        },
        // Where apply's time goes (medians; specs/connect/list overlap, as in plan).
        ...(graded
          ? APPLY_PHASES.map((name) => ({
              name: `  apply phase ${name}, ${WORKFLOWS} updates, ${latency} ms/call`,
              value_ms: round1(median(applyPhases.map((p) => p[name] ?? 0))),
              goal: 'span (informational)',
              runs: RUNS,
            }))
          : []),
      );
    }
    await reader.close();
    await updater.close();

    if (process.env.VTR_WF_BENCH_10K !== '0' && latencies.includes(50))
      results.push(...(await largeRows(emulator, clientFor, refreshAll)));
    return results;
  } finally {
    await emulator.close();
    removeLater(dir);
    removeLater(applyDir);
    delete process.env[PAT_ENV];
  }
}

/** 10,000 unchanged workflows at 50 ms/call, once (the refresh alone takes ~a minute). */
async function largeRows(emulator, clientFor, refreshAll) {
  const { readLive } = await import(dist('commands/shared/read-live.js'));
  const dir = await mkdtemp(join(tmpdir(), 'vtr-wf-bench-10k-'));
  try {
    await emulator.setLatency(0);
    await writeSpecs(dir, LARGE);
    await writeProjectFiles(dir, emulator.address, 'large');
    const seeded = await cli(['apply', '-e', 'test', '--auto-approve', '--no-lock'], dir);
    if (seeded.code !== 0) throw new Error(`seeding 10k failed: ${seeded.stderr}`);
    const reader = await clientFor('large', REFRESH_CONCURRENCY);
    const ids = (await reader.listWorkflows()).map((w) => w.id);
    await cli(['plan', '-e', 'test'], dir); // the parsed-spec cache, as every later plan has it
    await emulator.setLatency(50);
    const read = await timed(() => readLive(reader, LARGE));
    const refresh = await refreshAll(reader, ids);
    const probe = await rssProbe(dir);
    const rssFile = join(dir, 'rss.txt');
    const plan = await timed(() =>
      cli(
        ['plan', '-e', 'test', '--detailed-exitcode'],
        dir,
        { VTR_WF_PHASES: '1', VTR_WF_RSS_FILE: rssFile },
        ['--import', probe],
      ),
    );
    await emulator.setLatency(0);
    await reader.close();
    if (plan.result.code !== 0)
      throw new Error(`10k plan found changes or failed: ${plan.result.stderr}`);
    const rssMb = Number(await readFile(rssFile, 'utf8')) / 1024 / 1024;
    const baseline = plan.ms - read.ms + refresh.ms;
    return [
      {
        name: `plan command, ${LARGE} workflows, 50 ms/call`,
        value_ms: round1(plan.ms),
        baseline_ms: round1(baseline),
        ratio: round1(baseline / plan.ms),
        goal: `whole plan ≥ ${PLAN_RATIO_GOAL}x faster than with a per-workflow refresh`,
        pass: baseline / plan.ms >= PLAN_RATIO_GOAL,
        phases: phasesOf(plan.result.stderr),
        runs: 1,
      },
      {
        name: `plan peak RSS, ${LARGE} workflows, 50 ms/call`,
        value: Math.round(rssMb * 10) / 10,
        unit: 'MB',
        goal: `< ${RSS_MAX_MB} MB`,
        pass: rssMb < RSS_MAX_MB,
        runs: 1,
      },
    ];
  } finally {
    removeLater(dir);
  }
}

export default rows;

if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const latencies = process.argv.slice(2).map(Number);
  const result = await rows(latencies.length ? latencies : LATENCIES_MS);
  for (const r of result) {
    console.log(
      `${r.name.padEnd(52)} ${String(r.value_ms ?? r.value).padStart(8)} ${r.unit ?? 'ms'}` +
        (r.baseline_ms === undefined
          ? ''
          : ` (${r.calls} calls)  baseline ${r.baseline_ms} ms (${r.baseline_calls} calls)  ${r.ratio}x`) +
        (r.pass === undefined || r.pass === null ? '' : `  ${r.pass ? 'PASS' : 'FAIL'}`) +
        `  [${r.goal}]`,
    );
  }
}
