// Bench rows: reading an app of 1000 workflows with the real client over
// loopback gRPC against the emulator, at 0 and 50 ms injected latency per call.
// Baseline, measured in the same run: one GetWorkflow at the same latency —
// so the ratio says how many "calls' worth" of time a full list costs.
//
// Needs the build (dist/). Standalone: `node bench/rows/list-1000.mjs`.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const WORKFLOWS = 1000;
const RUNS = 5;
const LATENCIES_MS = [0, 50];

const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** @returns {Promise<Array<{name: string, value_ms: number, baseline_ms: number, ratio: number, calls: number, runs: number}>>} */
export async function rows() {
  const { startEmulator } = await import(dist('emulator/server.js'));
  const { connect } = await import(dist('clarifai/connect.js'));
  const { VTR_MODELS } = await import(dist('vtr-models.js'));

  const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  const patEnv = 'VTR_WF_BENCH_PAT';
  process.env[patEnv] = 'bench-key-not-a-secret-0123456789';
  const api = await connect(
    {
      name: 'bench',
      kind: 'remote',
      endpoint: emulator.address,
      user_id: 'bench',
      app_id: 'list-1000',
      pat_env: patEnv,
      tls: 'auto',
      models: {},
    },
    { ratePerSecond: 0 },
  );
  try {
    const [detector, cropper] = VTR_MODELS;
    const workflow = (i) => ({
      id: `bench-${String(i).padStart(4, '0')}`,
      description: 'a workflow of the list benchmark',
      metadata: { 'vtr-wf': { project: 'bench', spec_hash: `hash-${i}` } },
      nodes: [
        { id: 'detect', model: { id: detector.id, model_version: { id: detector.version } } },
        {
          id: 'crop',
          model: { id: cropper.id, model_version: { id: cropper.version } },
          node_inputs: [{ node_id: 'detect' }],
        },
      ],
    });
    for (let i = 0; i < WORKFLOWS; i += 250) {
      await api.postWorkflows(Array.from({ length: 250 }, (_, k) => workflow(i + k)));
    }
    // Warm-up: connection, JIT, proto paths.
    await api.listWorkflows();

    const results = [];
    for (const latency of LATENCIES_MS) {
      emulator.faults.setLatency(latency);
      const listMs = [];
      const oneMs = [];
      let calls = 0;
      for (let run = 0; run < RUNS; run++) {
        oneMs.push(await timed(() => api.getWorkflow('bench-0000')));
        const before = api.callCount;
        let listed = [];
        listMs.push(await timed(async () => (listed = await api.listWorkflows())));
        calls = api.callCount - before;
        if (listed.length !== WORKFLOWS)
          throw new Error(`listed ${listed.length} of ${WORKFLOWS} workflows`);
      }
      const value = median(listMs);
      const baseline = median(oneMs);
      results.push({
        name: `list ${WORKFLOWS} workflows, ${latency} ms latency`,
        value_ms: Math.round(value * 10) / 10,
        baseline_ms: Math.round(baseline * 10) / 10,
        ratio: Math.round((value / baseline) * 100) / 100,
        calls,
        runs: RUNS,
      });
    }
    return results;
  } finally {
    await api.close();
    await emulator.close();
    delete process.env[patEnv];
  }
}

export default rows;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await rows();
  for (const r of result) {
    console.log(
      `${r.name.padEnd(40)} ${String(r.value_ms).padStart(8)} ms  calls ${r.calls}  ` +
        `baseline (1 GetWorkflow) ${r.baseline_ms} ms  ratio ${r.ratio}`,
    );
  }
}
