#!/usr/bin/env node
// A/B of whole `plan` and `apply` commands between builds, alternated in the same
// minute (a shared, noisy machine drifts; interleaving hits every build alike). No
// refresh baselines: for comparing a change, not for grading issue 16's goals (that is
// `node bench/rows/plan-apply.mjs 50`).
//
//   node bench/ab-plan-apply.mjs [--rounds 5] [--latency 50] [--only plan|apply] [--workflows 1000] [--keep] ROOT…
//
// Each ROOT is a checkout with a build in it (ROOT/dist/cli/main.js; copy dist/,
// proto/, schemas/ and package.json of a build aside, and link node_modules, to keep
// an old one). The emulator (the first ROOT's) runs on a worker thread at the given
// latency per call. Prints, per ROOT, the median wall time, the median CPU time of
// the process (user + system: less sensitive to other load than wall time) and the
// medians of the VTR_WF_PHASES spans. VTR_WF_AB_NODE_ARGS adds node flags, e.g.
// "--cpu-prof --cpu-prof-dir=/tmp/prof"; AB_APPLY_ARGS adds apply flags (e.g. "--verbose",
// each call with its time); AB_DUMP=1 prints each apply's stderr and the CPU this process
// (the emulator's thread) used during it, AB_DUMP=2 also V8's GC lines from stdout (with
// VTR_WF_AB_NODE_ARGS=--trace-gc). A file `ab-node-args` in a ROOT adds node flags to that
// ROOT's runs alone: one build against itself with and without a flag.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { BENCH_PAT_ENV, writeBenchConfig, writeBenchSpecs } from './lib/bench-project.mjs';

const PAT_ENV = BENCH_PAT_ENV;
const PAT = 'bench-key-not-a-secret-0123456789';
/** Preloaded into each CLI run: its CPU time on stderr at exit. */
const CPU_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`vtr-wf-ab cpu ${(u.user + u.system) / 1000}\\n`); });",
  );

if (!isMainThread) {
  const server = pathToFileURL(join(workerData.root, 'dist/emulator/server.js')).href;
  const { startEmulator } = await import(server);
  let emulator;
  parentPort.on('message', async ({ id, cmd, arg }) => {
    let result;
    if (cmd === 'start') {
      emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
      result = emulator.address;
    } else if (cmd === 'latency') emulator.faults.setLatency(arg);
    else if (cmd === 'clear') emulator.faults.clear();
    else if (cmd === 'close') await emulator.close();
    parentPort.postMessage({ id, result });
  });
} else {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: '5' },
      latency: { type: 'string', default: '50' },
      only: { type: 'string' },
      workflows: { type: 'string', default: '1000' },
      keep: { type: 'boolean', default: false },
    },
  });
  const rounds = Number(values.rounds);
  const latency = Number(values.latency);
  const count = Number(values.workflows);
  const roots = positionals.map((p) => resolve(p));
  if (roots.length === 0 || !(rounds >= 1) || !(count >= 1)) {
    console.error(
      'usage: node bench/ab-plan-apply.mjs [--rounds N] [--latency MS] [--only plan|apply] [--workflows N] [--keep] ROOT…',
    );
    process.exit(2);
  }
  await main(roots, { rounds, latency, count, only: values.only, keep: values.keep });
}

async function main(roots, { rounds, latency, count, only, keep }) {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { root: roots[0] } });
  let serial = 0;
  const pending = new Map();
  worker.on('message', ({ id, result }) => {
    pending.get(id)(result);
    pending.delete(id);
  });
  const ask = (cmd, arg) =>
    new Promise((done) => {
      const id = ++serial;
      pending.set(id, done);
      worker.postMessage({ id, cmd, arg });
    });
  const address = await ask('start');
  const nodeArgs = ['--import', CPU_PROBE, ...(process.env.VTR_WF_AB_NODE_ARGS ?? '').split(' ')];
  // A ROOT may hold a file `ab-node-args`: node flags for its runs alone (comparing flags on one build).
  const flagsOf = (root) => {
    try {
      return readFileSync(join(root, 'ab-node-args'), 'utf8').split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  };
  const rootFlags = new Map(roots.map((root) => [root, flagsOf(root)]));
  const cli = (root, args, cwd) =>
    new Promise((done, fail) => {
      const started = performance.now();
      const child = spawn(
        process.execPath,
        [
          ...nodeArgs.filter(Boolean),
          ...(rootFlags.get(root) ?? []),
          join(root, 'dist/cli/main.js'),
          ...args,
        ],
        {
          cwd,
          env: {
            ...process.env,
            NO_COLOR: '1',
            VTR_WF_RATE_LIMIT: '0',
            VTR_WF_PHASES: '1',
            [PAT_ENV]: PAT,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
    });
  const { VTR_MODELS } = await import(pathToFileURL(join(roots[0], 'dist/vtr-models.js')).href);
  const project = (dir, appId) =>
    writeBenchConfig(dir, { endpoint: address, appId, vtrModels: VTR_MODELS });
  const specs = (dir, description) => writeBenchSpecs(dir, count, description);
  const planDir = await mkdtemp(join(tmpdir(), 'vtr-wf-ab-plan-'));
  const applyDir = await mkdtemp(join(tmpdir(), 'vtr-wf-ab-apply-'));
  // Each build plans from its own copy of the project: the parsed-spec cache is signed by the
  // build that wrote it, so builds sharing one would each find the other's stale on every round.
  const planDirs = new Map(roots.map((root, i) => [root, i === 0 ? planDir : `${planDir}-${i}`]));
  const results = new Map(roots.map((root) => [root, { plan: [], apply: [] }]));
  try {
    // The apps: 1000 managed workflows each, applied once (no latency).
    const seed = ['apply', '-e', 'test', '--auto-approve', '--no-lock'];
    await specs(planDir, 'a workflow of the plan benchmark');
    await project(planDir, 'planned');
    await specs(applyDir, 'round 0');
    await project(applyDir, 'updated');
    for (const dir of [planDir, applyDir]) {
      const seeded = await cli(roots[0], seed, dir);
      if (seeded.code !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
    }
    // Every build's parsed-spec cache, as every later plan has it.
    for (const [root, dir] of planDirs) {
      if (dir !== planDir) {
        await mkdir(dir);
        await specs(dir, 'a workflow of the plan benchmark');
        await project(dir, 'planned');
      }
      await cli(root, ['plan', '-e', 'test'], dir);
    }
    let round = 0;
    for (let r = 0; r < rounds; r++) {
      for (const root of roots) {
        if (only !== 'apply') {
          await ask('clear');
          await ask('latency', latency);
          const run = await cli(
            root,
            ['plan', '-e', 'test', '--detailed-exitcode'],
            planDirs.get(root),
          );
          if (run.code !== 0) throw new Error(`plan (${root}) exited ${run.code}: ${run.stderr}`);
          results.get(root).plan.push(measured(run));
        }
        if (only !== 'plan') {
          // Every description edited: 1000 updates, every spec parsed afresh.
          await specs(applyDir, `round ${++round}`);
          await ask('clear');
          await ask('latency', latency);
          const serverCpu = process.cpuUsage();
          const run = await cli(
            root,
            [
              'apply',
              '-e',
              'test',
              '--auto-approve',
              ...(process.env.AB_APPLY_ARGS ?? '').split(' ').filter(Boolean),
            ],
            applyDir,
          );
          const used = process.cpuUsage(serverCpu);
          if (process.env.AB_DUMP)
            process.stderr.write(`server+bench cpu ${(used.user + used.system) / 1000}\n`);
          if (run.code !== 0 || !run.stdout.includes(`applied ${count} of ${count}`))
            throw new Error(`apply (${root}) failed: ${run.stderr}`);
          if (process.env.AB_DUMP)
            process.stderr.write(
              run.stderr +
                (process.env.AB_DUMP === '2'
                  ? run.stdout
                      .split('\n')
                      .filter((l) => l.includes('ms: '))
                      .join('\n')
                  : ''),
            );
          results.get(root).apply.push(measured(run));
        }
      }
    }
  } finally {
    await ask('close');
    await worker.terminate();
    // --keep: thousands of files deleted now would slow the next run's backups for a minute or
    // so (bench/lib/remove-later.mjs says why); the folders are printed, to remove later.
    if (keep) console.log(`kept: ${[...planDirs.values(), applyDir].join(' ')}`);
    else {
      for (const dir of planDirs.values()) await rm(dir, { recursive: true, force: true });
      await rm(applyDir, { recursive: true, force: true });
    }
  }
  console.log(`${rounds} rounds, ${count} workflows, ${latency} ms/call`);
  for (const [root, { plan, apply }] of results) {
    console.log(`== ${root}`);
    for (const [name, runs] of [
      ['plan', plan],
      ['apply', apply],
    ]) {
      if (runs.length === 0) continue;
      console.log(
        `${name.padEnd(5)} wall ${median(runs.map((r) => r.ms)).toFixed(0)} ms ` +
          `(${runs.map((r) => r.ms.toFixed(0)).join(' ')}), cpu ${median(runs.map((r) => r.cpu)).toFixed(0)} ms`,
      );
      console.log(`      ${phaseMedians(runs.map((r) => r.phases))}`);
    }
  }
}

function measured(run) {
  const cpu = Number(/^vtr-wf-ab cpu ([\d.]+)$/m.exec(run.stderr)?.[1] ?? NaN);
  const line = run.stderr.split('\n').find((l) => l.startsWith('vtr-wf phases '));
  const phases = line ? JSON.parse(line.slice('vtr-wf phases '.length)) : {};
  return { ms: run.ms, cpu, phases };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `name=[from,to]` for spans, `name=ms` for sums: each the median over the runs. */
function phaseMedians(all) {
  const names = [...new Set(all.flatMap((p) => Object.keys(p)))];
  return names
    .map((name) => {
      const values = all.map((p) => p[name]).filter((v) => v !== undefined);
      if (!Array.isArray(values[0])) return `${name}=${median(values).toFixed(0)}`;
      const from = median(values.map((v) => v[0])).toFixed(0);
      const to = median(values.map((v) => v[1])).toFixed(0);
      return `${name}=[${from},${to}]`;
    })
    .join(' ');
}
