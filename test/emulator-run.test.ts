/**
 * The emulator runs workflows for real (PostWorkflowResults over loopback
 * gRPC, driven by a client built from the OFFICIAL protos): the VTR graph
 * reads the committed example image; miswired graphs read wrong text; nodes it
 * cannot run say so while the others run; URLs, unknown workflows and missing
 * model packages are clear statuses. Real model runs are kept to a handful.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { ModelsUnavailableError } from '../src/run/models/load.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import { officialClient, type Message, type OfficialClient } from './helpers/official-client.js';

const [detector, cropper, recognizer] = VTR_MODELS as unknown as [
  (typeof VTR_MODELS)[number],
  (typeof VTR_MODELS)[number],
  (typeof VTR_MODELS)[number],
];
const ROLELESS = { id: 'general-image-recognition', version: 'aa7f35c01e0642fda5cf400f543e7c40' };
const IMAGE = readFileSync(new URL('../workflows/images/sold-sign.png', import.meta.url));
const app = { user_id: 'tester', app_id: 'runs' };

let emulator: RunningEmulator;
let client: OfficialClient;

const model = (m: { id: string; version: string }) => ({
  id: m.id,
  model_version: { id: m.version },
});
const node = (
  id: string,
  m: { id: string; version: string },
  inputs: string[] = [],
  extra = {},
) => ({
  id,
  model: model(m),
  node_inputs: inputs.map((node_id) => ({ node_id })),
  ...extra,
});

async function post(workflow: Message): Promise<void> {
  const response = await client.call('PostWorkflows', { user_app_id: app, workflows: [workflow] });
  expect(response.status.code).toBe(10000);
}

function run(workflowId: string, inputs: Message[], extra: Message = {}): Promise<Message> {
  return client.call(
    'PostWorkflowResults',
    { user_app_id: app, workflow_id: workflowId, inputs, ...extra },
    { deadlineMs: 60_000 },
  );
}

const imageInput = (id = 'sign') => ({ id, data: { image: { base64: IMAGE } } });
const texts = (output: Message): string[] =>
  (output.data?.regions ?? []).map((r: Message) => r.data?.text?.raw ?? '');

beforeAll(async () => {
  emulator = await startEmulator({ knownModels: [ROLELESS] });
  client = officialClient(emulator.address);
  await post({
    id: 'vtr',
    nodes: [
      node('image-to-text', recognizer, ['image-crop']),
      node('image-crop', cropper, ['detect-concept']),
      node('detect-concept', detector),
    ],
  });
}, 30_000);
afterAll(async () => {
  client.close();
  await emulator.close();
});

describe('PostWorkflowResults in the emulator', () => {
  it('runs detector → cropper → recognizer in dependency order and reads the image', async () => {
    const response = await run('vtr', [imageInput()]);
    expect(response.status.code).toBe(10000);
    expect(response.workflow.id).toBe('vtr');
    const [result] = response.results;
    expect(result.status.code).toBe(10000);
    expect(result.input.id).toBe('sign');
    // Outputs in the workflow's (stored) node order, each naming its model and version.
    const byNode = Object.fromEntries(result.outputs.map((o: Message) => [o.id, o]));
    expect(Object.keys(byNode).sort()).toEqual(['detect-concept', 'image-crop', 'image-to-text']);
    const detected = byNode['detect-concept'];
    expect(detected.model.id).toBe(detector.id);
    expect(detected.model.model_version.id).toBe(detector.version);
    expect(detected.data.regions).toHaveLength(2);
    for (const region of detected.data.regions) {
      const b = region.region_info.bounding_box;
      expect(b.top_row).toBeGreaterThanOrEqual(0);
      expect(b.bottom_row).toBeLessThanOrEqual(1);
      expect(b.top_row).toBeLessThan(b.bottom_row);
      expect(b.left_col).toBeLessThan(b.right_col);
      expect(region.value).toBeGreaterThan(0.5);
    }
    expect(byNode['image-crop'].data.regions).toHaveLength(2);
    expect(texts(byNode['image-to-text']).sort()).toEqual(['HOUSE FOR SALE', 'SOLD']);
  }, 60_000);

  it('a recognizer that reads the detector reads the whole image as one line (a wiring mistake shows as wrong text); suppress_output and roleless nodes are honoured', async () => {
    await post({
      id: 'miswired',
      nodes: [
        node('detect-concept', detector, [], { suppress_output: true }),
        node('image-to-text', recognizer, ['detect-concept']),
        node('classify', ROLELESS),
      ],
    });
    const response = await run('miswired', [imageInput()]);
    const [result] = response.results;
    expect(result.status.code).toBe(10000);
    const ids = result.outputs.map((o: Message) => o.id);
    expect(ids).not.toContain('detect-concept'); // suppressed: ran, not returned
    const read = result.outputs.find((o: Message) => o.id === 'image-to-text');
    expect(read.status.code).toBe(10000);
    expect(read.data.regions).toEqual([]);
    expect(typeof read.data.text.raw).toBe('string');
    expect(read.data.text.raw).not.toBe('HOUSE FOR SALE SOLD');
    const roleless = result.outputs.find((o: Message) => o.id === 'classify');
    expect(roleless.status.code).toBe(10020);
    expect(roleless.status.description).toMatch(/cannot run model general-image-recognition.*role/);
  }, 60_000);

  it('says clearly that it cannot fetch URLs, and that a workflow does not exist', async () => {
    const response = await run('vtr', [
      { id: 'remote', data: { image: { url: 'https://example.com/sign.png' } } },
    ]);
    expect(response.status.code).toBe(10020);
    expect(response.results[0].status.code).toBe(30002);
    expect(response.results[0].status.description).toMatch(/cannot fetch URLs/);

    const missing = await run('no-such-workflow', [imageInput()]);
    expect(missing.status.code).toBe(22102);
    const tooMany = await run(
      'vtr',
      Array.from({ length: 33 }, (_, i) => imageInput(`i${i}`)),
    );
    expect(tooMany.status.code).toBe(11102);
    expect(tooMany.status.details).toMatch(/at most 32/);
  });

  it('runs a stored workflow version given by version_id', async () => {
    const before = await client.call('GetWorkflow', { user_app_id: app, workflow_id: 'miswired' });
    const oldVersion = before.workflow.version.id;
    await client.call('PatchWorkflows', {
      user_app_id: app,
      action: 'overwrite',
      workflows: [{ id: 'miswired', nodes: [node('classify', ROLELESS)] }],
    });
    // Only the roleless node in the latest version; the old version still has the recognizer.
    const latest = await run('miswired', [
      { id: 'x', data: { image: { url: 'https://e.com/x' } } },
    ]);
    expect(latest.workflow.nodes.map((n: Message) => n.id)).toEqual(['classify']);
    const old = await run('miswired', [{ id: 'x', data: { image: { url: 'https://e.com/x' } } }], {
      version_id: oldVersion,
    });
    expect(old.workflow.nodes.map((n: Message) => n.id).sort()).toEqual([
      'classify',
      'detect-concept',
      'image-to-text',
    ]);
    const unknown = await run('miswired', [imageInput()], { version_id: 'nope' });
    expect(unknown.status.code).toBe(22102);
  });
});

describe('without the model packages', () => {
  it('names the npm install command on each input', async () => {
    const bare = await startEmulator({
      textModels: {
        reader: () =>
          Promise.reject(new ModelsUnavailableError('onnxruntime-node', 'not installed')),
        decode: () => Promise.reject(new ModelsUnavailableError('sharp', 'not installed')),
      },
    });
    const c = officialClient(bare.address);
    try {
      await c.call('PostWorkflows', {
        user_app_id: app,
        workflows: [{ id: 'vtr', nodes: [node('detect-concept', detector)] }],
      });
      const response = await c.call('PostWorkflowResults', {
        user_app_id: app,
        workflow_id: 'vtr',
        inputs: [imageInput()],
      });
      expect(response.results[0].status.code).toBe(10020);
      expect(response.results[0].status.description).toMatch(
        /npm install --save-dev .*onnxruntime-node/,
      );
    } finally {
      c.close();
      await bare.close();
    }
  });
});
