/**
 * The real client over real gRPC (loopback only) against the emulator, with
 * injected faults: retries, deadlines, permanent errors, throttling,
 * pagination, concurrency, the rate limit, and Struct round trips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../src/clarifai/client.js';
import { connect, type ConnectedApi, type ConnectOptions } from '../src/clarifai/connect.js';
import { ClarifaiError, TransportError } from '../src/clarifai/errors.js';
import { loadClarifaiPackage } from '../src/clarifai/proto.js';
import { DEFAULT_RETRY_POLICY } from '../src/clarifai/retry.js';
import type { ApiWorkflow } from '../src/clarifai/types.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import type { JsonObject } from '../src/json.js';
import type { EmulatorEnvironment, RemoteEnvironment } from '../src/spec/types.js';
import { VTR_MODELS } from '../src/vtr-models.js';

const PAT_ENV = 'VTR_WF_CLIENT_TEST_PAT';
const KEY = 'client-test-key-7f3a9c2e5b1d4f60a8e7';

/** Fast retries so fault tests take milliseconds, still exponential. */
const FAST_RETRY = {
  baseDelayMs: 5,
  maxDelayMs: 40,
  throttleBaseDelayMs: 20,
  throttleMaxDelayMs: 80,
};

const [detector, cropper] = VTR_MODELS as [(typeof VTR_MODELS)[0], (typeof VTR_MODELS)[0]];

function workflow(id: string, extra: Partial<ApiWorkflow> = {}): ApiWorkflow {
  return {
    id,
    nodes: [
      { id: 'detect', model: { id: detector.id, model_version: { id: detector.version } } },
      {
        id: 'crop',
        model: { id: cropper.id, model_version: { id: cropper.version } },
        node_inputs: [{ node_id: 'detect' }],
      },
    ],
    ...extra,
  };
}

function remoteEnv(emulator: RunningEmulator, app = 'client-test'): RemoteEnvironment {
  return {
    name: 'test',
    kind: 'remote',
    endpoint: emulator.address,
    user_id: 'tester',
    app_id: app,
    pat_env: PAT_ENV,
    tls: 'auto',
    models: {},
  };
}

let emulator: RunningEmulator;
const open: ConnectedApi[] = [];

async function client(opts: ConnectOptions = {}, app?: string): Promise<ConnectedApi> {
  const api = await connect(remoteEnv(emulator, app), {
    ratePerSecond: 0,
    deadlineMs: 5_000,
    retry: FAST_RETRY,
    ...opts,
  });
  open.push(api);
  return api;
}

beforeAll(async () => {
  process.env[PAT_ENV] = KEY;
  emulator = await startEmulator({ host: '127.0.0.1', port: 0, requireKey: KEY });
});

afterEach(async () => {
  emulator.faults.clear();
  await Promise.all(open.splice(0).map((api) => api.close()));
});

afterAll(async () => {
  await emulator.close();
  delete process.env[PAT_ENV];
});

describe('reads and writes', () => {
  it('creates, reads, patches and deletes workflows; counts every call', async () => {
    const api = await client({}, 'crud');
    expect(await api.postWorkflows([workflow('a'), workflow('b')])).toHaveLength(2);
    expect((await api.getWorkflow('a'))?.nodes.map((n) => n.id).sort()).toEqual(['crop', 'detect']);
    expect(await api.getWorkflow('nope')).toBeNull();

    const changed = workflow('a', {
      description: 'changed',
      nodes: workflow('a').nodes.slice(0, 1),
    });
    const [patched] = await api.patchWorkflows([changed], 'overwrite');
    expect(patched?.description).toBe('changed');
    expect(patched?.nodes).toHaveLength(1);

    await api.deleteWorkflows(['a']);
    expect((await api.listWorkflows()).map((w) => w.id)).toEqual(['b']);
    expect(api.callCount).toBe(6);
    expect(emulator.faults.calls).toMatchObject({
      PostWorkflows: 1,
      GetWorkflow: 2,
      PatchWorkflows: 1,
    });
  });

  it('never sends an empty delete or write', async () => {
    const api = await client({}, 'empty');
    await api.deleteWorkflows([]);
    expect(await api.postWorkflows([])).toEqual([]);
    expect(await api.patchWorkflows([], 'merge')).toEqual([]);
    expect(api.callCount).toBe(0);
  });

  it('looks up model versions in the model owner app; unknown ones are null', async () => {
    const api = await client({}, 'models');
    const found = await api.getModelVersion(
      { id: detector.id, user_id: detector.user_id, app_id: detector.app_id },
      detector.version,
    );
    expect(found).toMatchObject({ id: detector.version, model_id: detector.id });
    expect(await api.getModelVersion({ id: detector.id }, 'no-such-version')).toBeNull();
    expect(await api.getModelVersion({ id: 'no-such-model' }, 'v1')).toBeNull();
  });

  it('server-side rejections carry the status, description and workflow ids', async () => {
    const api = await client({}, 'rejections');
    await api.postWorkflows([workflow('dup')]);
    const error = await api.postWorkflows([workflow('dup')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClarifaiError);
    expect(error).toMatchObject({
      rpc: 'PostWorkflows',
      code: 22100,
      codeName: 'WORKFLOW_DUPLICATE',
      workflowIds: ['dup'],
      transient: false,
      attempts: 1,
      userFacing: true,
    });

    const unknownModel = workflow('bad-model', {
      nodes: [{ id: 'n', model: { id: 'not-a-model', model_version: { id: 'v' } } }],
    });
    await expect(api.postWorkflows([unknownModel])).rejects.toMatchObject({ code: 21200 });
  });
});

describe('Struct values over real gRPC', () => {
  const metadata: JsonObject = {
    'vtr-wf': { project: 'acme', spec_hash: 'sha256:0f' },
    text: 'héllo 世界 🚀 \u0000 "quoted" \\ back',
    numbers: [0, -1, 1.5, 1e-7, 2 ** 53 - 1, -(2 ** 31)],
    flags: { yes: true, no: false },
    nothing: null,
    empty: {},
    emptyList: [],
    deep: { a: { b: { c: { d: [{ e: [null, { f: 'g' }] }] } } } },
    snake_case: { camelCase: 'names kept as written' },
  };
  const params: JsonObject = {
    min_value: 0.5,
    max_concepts: 20,
    labels: ['a', 'é'],
    nested: { x: null, y: {} },
  };

  it('metadata and params come back exactly as sent', async () => {
    const api = await client({}, 'struct');
    const sent = workflow('structs', { metadata });
    sent.nodes[0]!.output_info_override = { params };
    const [created] = await api.postWorkflows([sent]);
    for (const w of [created, await api.getWorkflow('structs'), (await api.listWorkflows())[0]]) {
      expect(w?.metadata).toEqual(metadata);
      const detect = w?.nodes.find((n) => n.id === 'detect');
      expect(detect?.output_info_override?.params).toEqual(params);
    }
  });

  it('server timestamps arrive as RFC 3339 strings', async () => {
    const api = await client({}, 'timestamps');
    await api.postWorkflows([workflow('ts')]);
    const live = await api.getWorkflow('ts');
    expect(live?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(live?.modified_at).toMatch(/Z$/);
    expect(live).not.toHaveProperty('image'); // unset message: absent, not null
  });
});

describe('pagination', () => {
  it('reads 2500 workflows in 3 list calls of up to 1000', async () => {
    const api = await client({ deadlineMs: 30_000 }, 'many');
    const ids = Array.from({ length: 2500 }, (_, i) => `wf-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < ids.length; i += 500) {
      await api.postWorkflows(ids.slice(i, i + 500).map((id) => workflow(id)));
    }
    emulator.faults.clear();

    const before = api.callCount;
    const listed = await api.listWorkflows();
    expect(api.callCount - before).toBe(3);
    expect(emulator.faults.calls.ListWorkflows).toBe(3);
    expect(listed).toHaveLength(2500);
    expect(new Set(listed.map((w) => w.id))).toEqual(new Set(ids));
  });

  it('an exact multiple of the page size needs one extra (empty) page', async () => {
    const api = await client({}, 'exact');
    await api.postWorkflows([workflow('one'), workflow('two')]);
    const small = new ClarifaiClient({
      target: emulator.address,
      credentials: loadClarifaiPackage().grpc.credentials.createInsecure(),
      userApp: { user_id: 'tester', app_id: 'exact' },
      pat: KEY,
      ratePerSecond: 0,
      concurrency: 4,
      deadlineMs: 5000,
      listDeadlineMs: 5000,
      retry: { ...DEFAULT_RETRY_POLICY, ...FAST_RETRY },
      perPage: 1,
    });
    try {
      expect((await small.listWorkflows()).map((w) => w.id).sort()).toEqual(['one', 'two']);
      expect(small.callCount).toBe(3);
    } finally {
      small.close();
    }
  });
});

describe('transient failures are retried', () => {
  it.each([
    ['UNAVAILABLE' as const],
    ['RESOURCE_EXHAUSTED' as const],
    ['CONN_THROTTLED' as const],
    [{ status: 40030 }],
    [{ status: 40031 }],
    [{ status: 40032 }],
    [{ status: 11003 }],
  ])('%j twice, then success', async (kind) => {
    const api = await client({}, 'transient');
    emulator.faults.failNext('ListWorkflows', 2, kind);
    await expect(api.listWorkflows()).resolves.toEqual([]);
    expect(api.callCount).toBe(3);
  });

  it('a hung call ends at its deadline and is retried', async () => {
    const api = await client({ deadlineMs: 300 }, 'hang');
    await api.postWorkflows([workflow('h')]);
    emulator.faults.failNext('GetWorkflow', 1, 'HANG');
    const started = Date.now();
    const live = await api.getWorkflow('h');
    expect(live?.id).toBe('h');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emulator.faults.calls.GetWorkflow).toBe(2);
  });

  it('gives up after the attempt bound with a TransportError naming the gRPC code', async () => {
    const api = await client({ retry: { ...FAST_RETRY, maxAttempts: 3 } }, 'give-up');
    emulator.faults.failNext('ListWorkflows', 10, 'UNAVAILABLE');
    const error = await api.listWorkflows().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      grpcCode: 14,
      attempts: 3,
      transient: true,
    });
    expect((error as Error).message).toMatch(/ListWorkflows failed after 3 attempts: UNAVAILABLE/);
    expect(emulator.faults.calls.ListWorkflows).toBe(3);
  });

  it('gives up on a transient status with a ClarifaiError marked transient', async () => {
    const api = await client({ retry: { ...FAST_RETRY, maxAttempts: 2 } }, 'give-up-status');
    emulator.faults.failNext('PostWorkflows', 5, { status: 40031, description: 'busy' });
    await expect(api.postWorkflows([workflow('x')])).rejects.toMatchObject({
      code: 40031,
      codeName: 'RPC_SERVER_UNAVAILABLE',
      transient: true,
      attempts: 2,
      workflowIds: ['x'],
    });
  });

  it('marks a refusal that follows a lost attempt as possibly our own', async () => {
    const api = await client({}, 'ambiguous');
    emulator.faults.failNext('PostWorkflows', 1, 'UNAVAILABLE');
    emulator.faults.failNext('PostWorkflows', 1, { status: 22100, description: 'exists' });
    await expect(api.postWorkflows([workflow('amb')])).rejects.toMatchObject({
      code: 22100,
      afterAmbiguousAttempt: true,
    });
  });
});

describe('permanent failures are not retried', () => {
  it.each([22107, 22104, 21200, 10020, 40033])(
    'status %i surfaces with its code after one call',
    async (code) => {
      const api = await client({}, 'permanent');
      emulator.faults.failNext('PostWorkflows', 1, { status: code, description: 'injected' });
      const error = await api.postWorkflows([workflow('p')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClarifaiError);
      expect(error).toMatchObject({ code, transient: false, attempts: 1, workflowIds: ['p'] });
      expect((error as Error).message).toContain(`${code}`);
      expect(emulator.faults.calls.PostWorkflows).toBe(1);
    },
  );

  it('a message larger than the receive limit is not retried', async () => {
    const api = await client({}, 'size');
    await api.postWorkflows([workflow('big', { description: 'x'.repeat(10_000) })]);
    const tiny = new ClarifaiClient({
      target: emulator.address,
      credentials: loadClarifaiPackage().grpc.credentials.createInsecure(),
      userApp: { user_id: 'tester', app_id: 'size' },
      pat: KEY,
      ratePerSecond: 0,
      concurrency: 1,
      deadlineMs: 5000,
      listDeadlineMs: 5000,
      retry: { ...DEFAULT_RETRY_POLICY, ...FAST_RETRY },
      channelOptions: { 'grpc.max_receive_message_length': 1000 },
    });
    try {
      const error = await tiny.listWorkflows().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RESOURCE_EXHAUSTED', transient: false, attempts: 1 });
      expect(tiny.callCount).toBe(1);
    } finally {
      tiny.close();
    }
  });
});

describe('pacing', () => {
  it('throttling backs off longer than other transient failures (injected sleep)', async () => {
    const waits = async (kind: 'UNAVAILABLE' | 'CONN_THROTTLED') => {
      const sleeps: number[] = [];
      // Virtual time: a sleep moves the clock instead of waiting.
      let skipped = 0;
      const api = await client(
        {
          retry: {
            baseDelayMs: 100,
            maxDelayMs: 1000,
            throttleBaseDelayMs: 1000,
            throttleMaxDelayMs: 8000,
          },
          random: () => 0.5,
          clock: {
            now: () => Date.now() + skipped,
            sleep: async (ms) => {
              sleeps.push(ms);
              skipped += ms;
            },
          },
        },
        'throttle',
      );
      emulator.faults.failNext('ListWorkflows', 3, kind);
      await api.listWorkflows();
      return sleeps;
    };
    const throttled = await waits('CONN_THROTTLED');
    emulator.faults.clear();
    const unavailable = await waits('UNAVAILABLE');
    expect(unavailable).toEqual([50, 100, 200]);
    // Equal jitter at 0.5: 3/4 of 1000, 2000, 4000 ms.
    expect(throttled).toEqual([750, 1500, 3000]);
    expect(throttled.reduce((a, b) => a + b)).toBeGreaterThan(
      10 * unavailable.reduce((a, b) => a + b),
    );
  });

  it('throttling really slows the client down', async () => {
    const api = await client(
      { retry: { throttleBaseDelayMs: 200, throttleMaxDelayMs: 400 } },
      'slow',
    );
    let started = Date.now();
    await api.listWorkflows();
    const unthrottled = Date.now() - started;
    emulator.faults.failNext('ListWorkflows', 2, 'CONN_THROTTLED');
    started = Date.now();
    await api.listWorkflows();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100 + 200 + unthrottled / 2);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    const api = await client({ concurrency: 3 }, 'concurrency');
    emulator.faults.setLatency(30);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, api.inFlight)), 2);
    try {
      await Promise.all(Array.from({ length: 15 }, (_, i) => api.getWorkflow(`w${i}`)));
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(3);
    expect(api.inFlight).toBe(0);
  });

  it('the rate limit spaces calls out', async () => {
    const api = await client({ ratePerSecond: 20 }, 'rate');
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => api.getWorkflow(`w${i}`)));
    // Two at once (the burst), then one every 50 ms: at least 10 × 50 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
  });

  it('VTR_WF_RATE_LIMIT sets the rate; a malformed value is an error before any call', async () => {
    process.env.VTR_WF_RATE_LIMIT = 'fast';
    try {
      await expect(connect(remoteEnv(emulator))).rejects.toThrow(/VTR_WF_RATE_LIMIT/);
      process.env.VTR_WF_RATE_LIMIT = '10';
      const api = await connect(remoteEnv(emulator, 'env-rate'), { retry: FAST_RETRY });
      open.push(api);
      const started = Date.now();
      await Promise.all(Array.from({ length: 5 }, (_, i) => api.getWorkflow(`w${i}`)));
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    } finally {
      delete process.env.VTR_WF_RATE_LIMIT;
    }
  });
});

describe('in-process emulator environment', () => {
  it('needs no key, keeps state in its file, and close() stops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-client-'));
    try {
      const env: EmulatorEnvironment = {
        name: 'local',
        kind: 'emulator',
        user_id: 'local',
        app_id: 'local',
        state: join(dir, 'emulator.json'),
        models: {},
      };
      const saved = process.env[PAT_ENV];
      delete process.env[PAT_ENV];
      const first = await connect(env);
      await first.postWorkflows([workflow('kept', { metadata: { a: [1, { b: null }] } })]);
      await first.close();
      process.env[PAT_ENV] = saved;

      const second = await connect(env, { knownModels: [{ id: 'custom-model', version: 'v9' }] });
      try {
        expect(await second.getWorkflow('kept')).toMatchObject({
          metadata: { a: [1, { b: null }] },
        });
        expect(await second.getModelVersion({ id: 'custom-model' }, 'v9')).not.toBeNull();
        expect(second.warnings).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
