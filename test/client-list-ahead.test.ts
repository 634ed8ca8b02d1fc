// ListWorkflows with a hint of how many workflows to expect: the page after a
// page expected to be full is asked for at the same time, so an app of exactly
// N × per_page workflows costs no extra round trip — and the result is the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../src/clarifai/client.js';
import { loadClarifaiPackage } from '../src/clarifai/proto.js';
import { DEFAULT_RETRY_POLICY } from '../src/clarifai/retry.js';
import type { ApiWorkflow } from '../src/clarifai/types.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';

let emulator: RunningEmulator;
const APP = { user_id: 'tester', app_id: 'ahead' };
const LATENCY_MS = 150;

function client(perPage: number): ClarifaiClient {
  return new ClarifaiClient({
    target: emulator.address,
    credentials: loadClarifaiPackage().grpc.credentials.createInsecure(),
    userApp: APP,
    ratePerSecond: 0,
    concurrency: 4,
    deadlineMs: 10_000,
    listDeadlineMs: 10_000,
    retry: DEFAULT_RETRY_POLICY,
    perPage,
  });
}

const model = VTR_MODELS[0]!;
const workflow = (id: string): ApiWorkflow => ({
  id,
  nodes: [{ id: 'a', model: { id: model.id, model_version: { id: model.version } } }],
});

beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0, knownModels: [...VTR_MODELS] });
  const writer = client(10);
  await writer.postWorkflows(['one', 'two', 'three', 'four'].map(workflow));
  writer.close();
});

afterAll(() => emulator.close());

describe('listWorkflows with an expected count', () => {
  it('reads the same workflows, the full pages and the empty one overlapping', async () => {
    const api = client(2);
    try {
      emulator.faults.setLatency(LATENCY_MS);
      // Half a round trip in, how many pages are being read at once.
      const inFlightMidway = async (list: Promise<ApiWorkflow[]>) => {
        await new Promise((resolve) => setTimeout(resolve, LATENCY_MS / 2));
        const inFlight = api.inFlight;
        return { inFlight, ids: (await list).map((w) => w.id).sort() };
      };
      const without = await inFlightMidway(api.listWorkflows());
      const withHint = await inFlightMidway(api.listWorkflows({ expected: 4 }));
      expect(without.inFlight).toBe(1);
      // All three pages the hint implies (2 full, the empty last) at once: one round trip.
      expect(withHint.inFlight).toBe(3);
      expect(withHint.ids).toEqual(without.ids);
      expect(withHint.ids).toHaveLength(4);
      expect(api.callCount).toBe(6); // 3 pages each way: 2 full, 1 empty
    } finally {
      emulator.faults.setLatency(0);
      api.close();
    }
  });

  it('asks for nothing ahead without a hint, or when the hint fits one page', async () => {
    const api = client(10);
    try {
      await api.listWorkflows();
      await api.listWorkflows({ expected: 4 });
      expect(api.callCount).toBe(2);
    } finally {
      api.close();
    }
  });
});
