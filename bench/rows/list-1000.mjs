// Bench rows: reading an app of 1000 workflows with the real client over
// loopback gRPC against the emulator, at 0 and 50 ms injected latency per call.
// Baseline, measured in the same run: one GetWorkflow at the same latency —
// so the ratio says how many "calls' worth" of time a full list costs.
//
// And one row over a link with a real round trip (a delay proxy, 25 ms each
// way, on a worker thread with the emulator): the client as shipped against the
// same client with HTTP/2's default 64 KiB flow-control window, which lets a
// 1000-workflow page (~1.5 MB) arrive only a window per round trip
// (FLOW_CONTROL_WINDOW in src/clarifai/client.ts). Informational.
//
// Needs the build (dist/). Standalone: `node bench/rows/list-1000.mjs`.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startDelayProxy } from '../lib/delay-proxy.mjs';

const WORKFLOWS = 1000;
const RUNS = 5;
const LATENCIES_MS = [0, 50];
/** The delay proxy's one-way delay: a 50 ms round trip. */
const ONE_WAY_MS = 25;
/** HTTP/2's initial window, what grpc-js offers unless told otherwise. */
const HTTP2_DEFAULT_WINDOW = 65_535;

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
    emulator.faults.setLatency(0);
    results.push(await overRoundTrip(emulator.port, VTR_MODELS));
    return results;
  } finally {
    await api.close();
    await emulator.close();
    delete process.env[patEnv];
  }
}

/** The list through a delay proxy (on its own thread), as shipped and with HTTP/2's default window. */
async function overRoundTrip(emulatorPort) {
  const proxyThread = new Worker(fileURLToPath(import.meta.url), {
    workerData: { proxyTo: emulatorPort, oneWayMs: ONE_WAY_MS },
  });
  const proxyPort = await new Promise((resolve, reject) => {
    proxyThread.once('message', resolve);
    proxyThread.once('error', reject);
  });
  const { ClarifaiClient } = await import(dist('clarifai/client.js'));
  const { loadClarifaiPackage } = await import(dist('clarifai/proto.js'));
  const { DEFAULT_RETRY_POLICY } = await import(dist('clarifai/retry.js'));
  const { grpc } = loadClarifaiPackage();
  const clientWith = (channelOptions) =>
    new ClarifaiClient({
      target: `127.0.0.1:${proxyPort}`,
      credentials: grpc.credentials.createInsecure(),
      userApp: { user_id: 'bench', app_id: 'list-1000' },
      ratePerSecond: 0,
      concurrency: 20,
      deadlineMs: 60_000,
      listDeadlineMs: 60_000,
      retry: DEFAULT_RETRY_POLICY,
      channelOptions: { 'grpc.enable_http_proxy': 0, ...channelOptions },
    });
  const shipped = clientWith({});
  const defaultWindow = clientWith({ 'grpc-node.flow_control_window': HTTP2_DEFAULT_WINDOW });
  try {
    const times = { shipped: [], defaultWindow: [] };
    // Interleaved, after a warm-up each (connection, JIT).
    await shipped.listWorkflows();
    await defaultWindow.listWorkflows();
    for (let run = 0; run < RUNS; run++) {
      times.shipped.push(await timed(() => shipped.listWorkflows()));
      times.defaultWindow.push(await timed(() => defaultWindow.listWorkflows()));
    }
    const value = median(times.shipped);
    const baseline = median(times.defaultWindow);
    return {
      name: `list ${WORKFLOWS} workflows over a ${2 * ONE_WAY_MS} ms round trip (delay proxy)`,
      value_ms: Math.round(value * 10) / 10,
      baseline_ms: Math.round(baseline * 10) / 10,
      baseline_label: "the same client with HTTP/2's default 64 KiB window",
      ratio: Math.round((value / baseline) * 100) / 100,
      runs: RUNS,
    };
  } finally {
    shipped.close?.();
    defaultWindow.close?.();
    await proxyThread.terminate();
  }
}

// The proxy's thread: its timers must not wait behind the client's decoding.
if (!isMainThread && workerData?.proxyTo) {
  const proxy = await startDelayProxy(workerData.proxyTo, workerData.oneWayMs);
  parentPort.postMessage(proxy.port);
}

export default rows;

if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await rows();
  for (const r of result) {
    console.log(
      `${r.name.padEnd(40)} ${String(r.value_ms).padStart(8)} ms  calls ${r.calls}  ` +
        `baseline (${r.baseline_label ?? '1 GetWorkflow'}) ${r.baseline_ms} ms  ratio ${r.ratio}`,
    );
  }
}
