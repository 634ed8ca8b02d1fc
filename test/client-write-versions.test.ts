// Write calls whose answer the caller reads only for version ids (apply's executor):
// the answer is decoded for each workflow's id and version id alone, and those are
// the ones a full read of the same workflows gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../src/clarifai/client.js';
import { loadClarifaiPackage } from '../src/clarifai/proto.js';
import { DEFAULT_RETRY_POLICY } from '../src/clarifai/retry.js';
import type { ApiWorkflow } from '../src/clarifai/types.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';

let emulator: RunningEmulator;
let api: ClarifaiClient;
const model = VTR_MODELS[0]!;
const workflow = (id: string, description = ''): ApiWorkflow => ({
  id,
  description,
  metadata: { k: 'v' },
  nodes: [{ id: 'a', model: { id: model.id, model_version: { id: model.version } } }],
});

beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0, knownModels: [...VTR_MODELS] });
  api = new ClarifaiClient({
    target: emulator.address,
    credentials: loadClarifaiPackage().grpc.credentials.createInsecure(),
    userApp: { user_id: 'tester', app_id: 'versions' },
    ratePerSecond: 0,
    concurrency: 4,
    deadlineMs: 10_000,
    listDeadlineMs: 10_000,
    retry: DEFAULT_RETRY_POLICY,
  });
});

afterAll(async () => {
  api.close();
  await emulator.close();
});

describe('write answers read for versions only', () => {
  it('carry each workflow’s id and version id, as a full read has them, and nothing else', async () => {
    const created = await api.postWorkflows([workflow('one'), workflow('two')], {
      only: 'versions',
    });
    const full = await api.listWorkflows();
    expect(created).toEqual(full.map((w) => ({ id: w.id, version: { id: w.version?.id } })));
    expect(created.every((w) => typeof w.version?.id === 'string' && w.version.id !== '')).toBe(
      true,
    );

    const patched = await api.patchWorkflows([workflow('one', 'edited')], 'overwrite', {
      only: 'versions',
    });
    const one = await api.getWorkflow('one');
    expect(one?.description).toBe('edited');
    expect(patched).toEqual([{ id: 'one', version: { id: one?.version?.id } }]);
    expect(patched[0]?.version?.id).not.toBe(created[0]?.version?.id);
  });

  it('are whole workflows otherwise', async () => {
    const [written] = await api.patchWorkflows([workflow('two', 'again')], 'overwrite');
    expect(written).toMatchObject({ id: 'two', description: 'again', metadata: { k: 'v' } });
    expect(written?.nodes).toHaveLength(1);
  });
});
