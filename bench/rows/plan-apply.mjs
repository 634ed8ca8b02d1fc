// Bench rows: `plan` and `apply` of 1000 workflows against the emulator over
// loopback gRPC, at 0 and 50 ms injected latency per call, each beside
// Terraform's way measured in the same run:
//   - live read: vtr-wf's ListWorkflows (1000 a page) + normalise, vs a
//     per-workflow GetWorkflow refresh at concurrency 10. Goal: ≥ 20x faster.
//   - whole `plan` command (a subprocess of the built CLI), vs the same command
//     with its live read swapped for that refresh (measured plan time − measured
//     live read + measured refresh). Goal: ≥ 5x faster.
//   - `apply` of 1000 creates (a subprocess), vs one PostWorkflows per workflow at
//     concurrency 10. Goal: at most one write call per 50 changed workflows.
//
// Needs the build (dist/). Standalone: `node bench/rows/plan-apply.mjs [latency…]`.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const WORKFLOWS = 1000;
const RUNS = 3;
const LATENCIES_MS = [0, 50];
const REFRESH_CONCURRENCY = 10;
const PAT_ENV = 'VTR_WF_BENCH_PAT';
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

const round = (n) => Math.round(n * 10) / 10;

/** The built CLI as a subprocess, asynchronously: the emulator lives in this process. */
function cli(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', VTR_WF_RATE_LIMIT: '0', [PAT_ENV]: PAT },
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
  const models = VTR_MODELS.map(
    (m) => `  ${m.alias}: { id: "${m.id}", version: "${m.version}", role: ${m.role} }`,
  ).join('\n');
  await writeFile(
    join(dir, 'vtr-wf.yaml'),
    `project: bench\nworkflows: workflows\nmodels:\n${models}\nenvironments:\n  test:\n` +
      `    endpoint: ${endpoint}\n    user_id: bench\n    app_id: ${appId}\n    pat_env: ${PAT_ENV}\n`,
  );
}

async function writeSpecs(dir) {
  await rm(join(dir, 'workflows'), { recursive: true, force: true });
  await mkdir(join(dir, 'workflows'));
  for (let i = 0; i < WORKFLOWS; i++) {
    const id = `bench-${String(i).padStart(4, '0')}`;
    await writeFile(
      join(dir, 'workflows', `${id}.yaml`),
      `id: ${id}\ndescription: a workflow of the plan benchmark\nnodes:\n` +
        `  - id: detect-concept\n    model: text-detector\n` +
        `  - id: image-crop\n    model: cropper\n    inputs: [detect-concept]\n` +
        `  - id: image-to-text\n    model: text-recognizer\n    inputs: [image-crop]\n`,
    );
  }
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

export async function rows(latencies = LATENCIES_MS) {
  const { connect } = await import(dist('clarifai/connect.js'));
  const { readLive, normaliseLazily } = await import(dist('ops/read-live.js'));

  const emulator = await emulatorThread();
  const dir = await mkdtemp(join(tmpdir(), 'vtr-wf-bench-plan-'));
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
  const results = [];
  let appSerial = 0;
  try {
    await writeSpecs(dir);
    // The app plan reads: 1000 managed workflows, applied once by vtr-wf itself.
    await writeProjectFiles(dir, emulator.address, 'planned');
    const seeded = await cli(['apply', '-e', 'test', '--auto-approve', '--no-lock'], dir);
    if (seeded.code !== 0) throw new Error(`seeding apply failed: ${seeded.stderr}`);
    const reader = await clientFor('planned', REFRESH_CONCURRENCY);
    const ids = (await reader.listWorkflows()).map((w) => w.id);

    for (const latency of latencies) {
      await emulator.setLatency(latency);
      const list = [];
      const refresh = [];
      const planCmd = [];
      const apply = [];
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
        refresh.push(
          (
            await timed(() =>
              pool(ids, REFRESH_CONCURRENCY, async (id) =>
                normaliseLazily(await reader.getWorkflow(id)),
              ),
            )
          ).ms,
        );
        refreshCalls = reader.callCount - before;

        // The whole plan command.
        await writeProjectFiles(dir, emulator.address, 'planned');
        await emulator.clear();
        await emulator.setLatency(latency);
        const plan = await timed(() => cli(['plan', '-e', 'test', '--detailed-exitcode'], dir));
        if (plan.result.code !== 0)
          throw new Error(`plan found changes or failed: ${plan.result.stderr}`);
        planCmd.push(plan.ms);
        planCalls = Object.values(await emulator.calls()).reduce((a, b) => a + b, 0);

        // apply of 1000 creates into an empty app.
        await writeProjectFiles(dir, emulator.address, `apply-${++appSerial}`);
        await emulator.clear();
        await emulator.setLatency(latency);
        const applied = await timed(() => cli(['apply', '-e', 'test', '--auto-approve'], dir));
        if (applied.result.code !== 0) throw new Error(`apply failed: ${applied.result.stderr}`);
        apply.push(applied.ms);
        applyWrites = writeCallsOf(await emulator.calls());

        // Creates, Terraform's way: one PostWorkflows per workflow, 10 at a time.
        const writer = await clientFor(`tf-${appSerial}`, REFRESH_CONCURRENCY);
        const bodies = (await reader.listWorkflows()).map(
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
              pool(bodies, REFRESH_CONCURRENCY, (body) => writer.postWorkflows([body])),
            )
          ).ms,
        );
        await writer.close();
      }
      await emulator.setLatency(0);

      const listMs = median(list);
      const refreshMs = median(refresh);
      const planMs = median(planCmd);
      const planBaseline = planMs - listMs + refreshMs;
      const applyMs = median(apply);
      const writesBaseline = median(perWorkflowWrites);
      results.push(
        {
          name: `plan live read, ${WORKFLOWS} workflows, ${latency} ms/call`,
          value_ms: round(listMs),
          baseline_ms: round(refreshMs),
          ratio: round(refreshMs / listMs),
          goal: 'live read ≥ 20x faster than a GetWorkflow refresh at concurrency 10',
          pass: refreshMs / listMs >= 20,
          calls: listCalls,
          baseline_calls: refreshCalls,
          runs: RUNS,
        },
        {
          name: `plan command, ${WORKFLOWS} workflows, ${latency} ms/call`,
          value_ms: round(planMs),
          baseline_ms: round(planBaseline),
          ratio: round(planBaseline / planMs),
          goal: 'whole plan ≥ 5x faster than with a per-workflow refresh',
          pass: planBaseline / planMs >= 5,
          calls: planCalls,
          baseline_calls: planCalls - listCalls + refreshCalls,
          runs: RUNS,
        },
        {
          name: `apply ${WORKFLOWS} creates, ${latency} ms/call`,
          value_ms: round(applyMs),
          baseline_ms: round(writesBaseline),
          ratio: round(writesBaseline / applyMs),
          goal: 'at most one write call per 50 changed workflows (lease: +2)',
          pass: applyWrites - 2 <= WORKFLOWS / 50,
          calls: applyWrites,
          baseline_calls: WORKFLOWS,
          runs: RUNS,
        },
      );
    }
    await reader.close();
    return results;
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
    delete process.env[PAT_ENV];
  }
}

export default rows;

if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const latencies = process.argv.slice(2).map(Number);
  const result = await rows(latencies.length ? latencies : LATENCIES_MS);
  for (const r of result) {
    console.log(
      `${r.name.padEnd(46)} ${String(r.value_ms).padStart(8)} ms (${r.calls} calls)  ` +
        `baseline ${r.baseline_ms} ms (${r.baseline_calls} calls)  ${r.ratio}x  ${r.pass ? 'PASS' : 'FAIL'}  [${r.goal}]`,
    );
  }
}
