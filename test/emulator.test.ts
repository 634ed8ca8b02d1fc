/**
 * The emulator, in process, driven over loopback gRPC by a client built from
 * the OFFICIAL Clarifai protos: what the API does for the calls vtr-wf makes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import { officialClient, type Message, type OfficialClient } from './helpers/official-client.js';

const [detector, cropper, recognizer] = VTR_MODELS as unknown as [
  (typeof VTR_MODELS)[number],
  (typeof VTR_MODELS)[number],
  (typeof VTR_MODELS)[number],
];

const CUSTOM_MODEL = {
  id: 'my-ocr-model',
  version: 'v2-custom',
  user_id: 'acme',
  app_id: 'models',
};

let emulator: RunningEmulator;
let client: OfficialClient;
let appCounter = 0;

/** A fresh app per test keeps tests independent on one emulator. */
function freshApp(): { user_id: string; app_id: string } {
  appCounter += 1;
  return { user_id: 'tester', app_id: `app-${appCounter}` };
}

function model(m: { id: string; version?: string }) {
  return { id: m.id, ...(m.version !== undefined ? { model_version: { id: m.version } } : {}) };
}

/** The VTR workflow: detector → cropper → recognizer, written inputs-first. */
function vtrWorkflow(id: string, extra: Message = {}): Message {
  return {
    id,
    nodes: [
      { id: 'detect-concept', model: model(detector) },
      { id: 'image-crop', model: model(cropper), node_inputs: [{ node_id: 'detect-concept' }] },
      { id: 'image-to-text', model: model(recognizer), node_inputs: [{ node_id: 'image-crop' }] },
    ],
    ...extra,
  };
}

function oneNode(id: string, extra: Message = {}): Message {
  return { id, nodes: [{ id: 'only', model: model(detector) }], ...extra };
}

/** A Struct as the official client decodes it (`oneofs: true` adds each Value's `kind`). */
function withKinds(struct: Message): Message {
  const value = (v: Message): Message => {
    const kind = Object.keys(v)[0] as string;
    if (kind === 'structValue') return { structValue: withKinds(v.structValue), kind };
    if (kind === 'listValue') return { listValue: { values: v.listValue.values.map(value) }, kind };
    return { ...v, kind };
  };
  return {
    fields: Object.fromEntries(
      Object.entries(struct.fields).map(([k, v]) => [k, value(v as Message)]),
    ),
  };
}

async function post(app: Message, workflows: Message[]): Promise<Message> {
  return client.call('PostWorkflows', { user_app_id: app, workflows });
}

async function get(app: Message, id: string): Promise<Message> {
  return client.call('GetWorkflow', { user_app_id: app, workflow_id: id });
}

async function list(app: Message, extra: Message = {}): Promise<Message> {
  return client.call('ListWorkflows', { user_app_id: app, ...extra });
}

async function ids(app: Message): Promise<string[]> {
  const all: string[] = [];
  for (let page = 1; page <= 100; page++) {
    const r = await list(app, { page, per_page: 1000 });
    all.push(...r.workflows.map((w: Message) => w.id));
    if (r.workflows.length < 1000) break;
  }
  return all.sort();
}

beforeAll(async () => {
  emulator = await startEmulator({ knownModels: [CUSTOM_MODEL] });
  client = officialClient(emulator.address);
});

afterAll(async () => {
  client?.close();
  await emulator?.close();
});

describe('create and get', () => {
  it('creates a workflow and fills in what the API fills in', async () => {
    const app = freshApp();
    const before = Date.now();
    const r = await post(app, [
      vtrWorkflow('visual-text-recognition', { description: 'Read text' }),
    ]);
    expect(r.status.code).toBe(10000);
    expect(r.status.description).toBe('Ok');
    expect(r.status.req_id).not.toBe('');
    const [wf] = r.workflows;
    expect(wf.id).toBe('visual-text-recognition');
    expect(wf.user_id).toBe('tester');
    expect(wf.app_id).toBe(app.app_id);
    expect(wf.description).toBe('Read text');
    expect(wf.visibility).toEqual({ gettable: 10 });
    const created = Number(wf.created_at.seconds) * 1000;
    expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(wf.modified_at).toEqual(wf.created_at);
    expect(wf.version.id).toMatch(/^[0-9a-f]{32}$/);
    expect(wf.version.workflow_id).toBe('visual-text-recognition');
    expect(wf.version.user_id).toBe('tester');
    expect(wf.version.app_id).toBe(app.app_id);

    const node = wf.nodes.find((n: Message) => n.id === 'image-to-text');
    expect(node.model).toMatchObject({
      id: recognizer.id,
      name: recognizer.name,
      model_type_id: recognizer.model_type_id,
      user_id: 'clarifai',
      app_id: 'main',
    });
    expect(node.model.created_at.seconds).toMatch(/^\d+$/);
    expect(node.model.model_version).toMatchObject({
      id: recognizer.version,
      status: { code: 21100, description: 'Model is trained and ready' },
      user_id: 'clarifai',
      app_id: 'main',
    });
    expect(node.model.model_version.created_at.seconds).toMatch(/^\d+$/);
    expect(node.node_inputs).toEqual([{ node_id: 'image-crop' }]);

    const got = await get(app, 'visual-text-recognition');
    expect(got.status.code).toBe(10000);
    expect(got.workflow).toEqual(wf);
  });

  it('returns nodes in a deterministic order different from the request', async () => {
    const app = freshApp();
    const r = await post(app, [vtrWorkflow('order')]);
    const order = r.workflows[0].nodes.map((n: Message) => n.id);
    expect(order).not.toEqual(['detect-concept', 'image-crop', 'image-to-text']);
    expect([...order].sort()).toEqual(['detect-concept', 'image-crop', 'image-to-text']);
    const again = await get(app, 'order');
    expect(again.workflow.nodes.map((n: Message) => n.id)).toEqual(order);
  });

  it('resolves a missing model version to the latest one', async () => {
    const app = freshApp();
    const wf = vtrWorkflow('latest');
    wf.nodes[0].model = { id: detector.id };
    const r = await post(app, [wf]);
    expect(r.status.code).toBe(10000);
    const node = r.workflows[0].nodes.find((n: Message) => n.id === 'detect-concept');
    expect(node.model.model_version.id).toBe(detector.version);
  });

  it('keeps an older version when one is pinned', async () => {
    const app = freshApp();
    const versions = await client.call('ListModelVersions', {
      user_app_id: app,
      model_id: detector.id,
    });
    expect(versions.status.code).toBe(10000);
    expect(versions.model_versions[0].id).toBe(detector.version);
    const older = versions.model_versions[1].id as string;
    expect(older).not.toBe(detector.version);
    const r = await post(app, [
      oneNode('pinned-older', {
        nodes: [{ id: 'n', model: model({ id: detector.id, version: older }) }],
      }),
    ]);
    expect(r.workflows[0].nodes[0].model.model_version.id).toBe(older);
  });

  it('keeps a metadata Struct exactly: nested structs, lists, bools, numbers, strings, null', async () => {
    const app = freshApp();
    const metadata = {
      fields: {
        'vtr-wf': {
          structValue: {
            fields: {
              project: { stringValue: 'acme-ocr' },
              spec_hash: { stringValue: 'sha256:abc' },
            },
          },
        },
        list: {
          listValue: {
            values: [
              { numberValue: 1.5 },
              { boolValue: false },
              { nullValue: 0 },
              { stringValue: '' },
              { structValue: { fields: { deep: { listValue: { values: [] } } } } },
            ],
          },
        },
        yes: { boolValue: true },
        zero: { numberValue: 0 },
        negative: { numberValue: -123456.789 },
        nothing: { nullValue: 0 },
        empty: { structValue: { fields: {} } },
        unicode: { stringValue: 'Grüße, 世界 ✓' },
      },
    };
    const r = await post(app, [oneNode('meta', { metadata })]);
    expect(r.status.code).toBe(10000);
    const expected = withKinds(metadata); // what the official client decodes: each Value names its kind
    expect(r.workflows[0].metadata).toEqual(expected);
    const got = await get(app, 'meta');
    expect(got.workflow.metadata).toEqual(expected);
    expect(got.workflow.metadata.fields.list.listValue.values.map((v: Message) => v.kind)).toEqual([
      'numberValue',
      'boolValue',
      'nullValue',
      'stringValue',
      'structValue',
    ]);
    expect(got.workflow.metadata.fields.unicode.stringValue).toBe('Grüße, 世界 ✓');
    expect(got.workflow.metadata.fields.negative.numberValue).toBe(-123456.789);
  });

  it('keeps node params (output_info_override.params) and suppress_output', async () => {
    const app = freshApp();
    const wf = vtrWorkflow('params');
    wf.nodes[2].output_info_override = {
      params: { fields: { min_value: { numberValue: 0.5 }, lang: { stringValue: 'en' } } },
    };
    wf.nodes[1].suppress_output = true;
    await post(app, [wf]);
    const got = await get(app, 'params');
    const byId = Object.fromEntries(got.workflow.nodes.map((n: Message) => [n.id, n]));
    expect(byId['image-to-text'].output_info_override.params.fields.min_value.numberValue).toBe(
      0.5,
    );
    expect(byId['image-to-text'].output_info_override.params.fields.lang.stringValue).toBe('en');
    expect(byId['image-crop'].suppress_output).toBe(true);
    expect(byId['detect-concept'].output_info_override).toBeNull();
  });

  it('serves every (user_id, app_id) as its own app', async () => {
    const a = freshApp();
    const b = { user_id: 'someone-else', app_id: a.app_id };
    await post(a, [oneNode('shared-id')]);
    expect((await get(b, 'shared-id')).status.code).toBe(22102);
    expect((await post(b, [oneNode('shared-id')])).status.code).toBe(10000);
    expect(await ids(a)).toEqual(['shared-id']);
    expect(await ids(b)).toEqual(['shared-id']);
  });

  it('finds a project model by id, whoever the request names as owner', async () => {
    const app = freshApp();
    const r = await post(app, [
      oneNode('custom', {
        nodes: [{ id: 'n', model: { ...model(CUSTOM_MODEL), user_id: 'acme' } }],
      }),
    ]);
    expect(r.status.code).toBe(10000);
    expect(r.workflows[0].nodes[0].model).toMatchObject({
      id: CUSTOM_MODEL.id,
      user_id: 'acme',
      app_id: 'models',
    });
  });
});

describe('list', () => {
  let app: Message;
  const COUNT = 300;

  beforeAll(async () => {
    app = freshApp();
    for (let start = 0; start < COUNT; start += 100) {
      const batch = Array.from({ length: 100 }, (_, i) =>
        oneNode(`wf-${String(start + i).padStart(3, '0')}`),
      );
      const r = await post(app, batch);
      expect(r.status.code).toBe(10000);
      // Distinct modified_at per batch: "newest first" is observable.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });

  it('pages with the default per_page of 128, newest modified_at first, ties by id', async () => {
    const pages: string[][] = [];
    for (let page = 1; page <= 4; page++) {
      const r = await list(app, { page });
      expect(r.status.code).toBe(10000);
      pages.push(r.workflows.map((w: Message) => w.id));
    }
    expect(pages.map((p) => p.length)).toEqual([128, 128, 44, 0]);
    const all = pages.flat();
    expect(new Set(all).size).toBe(COUNT);
    // Last batch (wf-200..wf-299) first, each batch by ascending id.
    expect(all.slice(0, 3)).toEqual(['wf-200', 'wf-201', 'wf-202']);
    expect(all.slice(100, 102)).toEqual(['wf-100', 'wf-101']);
    expect(all.at(-1)).toBe('wf-099');
    const page0 = await list(app, { page: 0 });
    expect(page0.workflows.map((w: Message) => w.id)).toEqual(pages[0]);
  });

  it('returns up to 1000 a page and clamps larger per_page values', async () => {
    const r = await list(app, { per_page: 1000 });
    expect(r.workflows).toHaveLength(COUNT);
    const huge = await list(app, { per_page: 5000 });
    expect(huge.workflows).toHaveLength(COUNT);
    const small = await list(app, { per_page: 7, page: 3 });
    expect(small.workflows.map((w: Message) => w.id)).toEqual(
      r.workflows.slice(14, 21).map((w: Message) => w.id),
    );
  });

  it('clamps per_page to 1000 when there are more', async () => {
    const big = freshApp();
    for (let start = 0; start < 1100; start += 275) {
      const batch = Array.from({ length: 275 }, (_, i) => oneNode(`w${start + i}`));
      expect((await post(big, batch)).status.code).toBe(10000);
    }
    expect((await list(big, { per_page: 5000 })).workflows).toHaveLength(1000);
    expect((await list(big, { per_page: 1000, page: 2 })).workflows).toHaveLength(100);
  });

  it('moves a patched workflow to the front', async () => {
    const r = await client.call('PatchWorkflows', {
      user_app_id: app,
      action: 'merge',
      workflows: [{ id: 'wf-050', description: 'touched' }],
    });
    expect(r.status.code).toBe(10000);
    const first = await list(app, { per_page: 1 });
    expect(first.workflows.map((w: Message) => w.id)).toEqual(['wf-050']);
  });
});

describe('patch', () => {
  it('overwrite replaces nodes, description and notes, and metadata when sent', async () => {
    const app = freshApp();
    await post(app, [
      vtrWorkflow('ow', {
        description: 'old',
        notes: 'old notes',
        metadata: { fields: { keep: { stringValue: 'me' } } },
      }),
    ]);
    const before = (await get(app, 'ow')).workflow;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const r = await client.call('PatchWorkflows', {
      user_app_id: app,
      action: 'overwrite',
      workflows: [
        {
          id: 'ow',
          description: 'new',
          nodes: [
            { id: 'detect-concept', model: model(detector) },
            {
              id: 'image-crop',
              model: model(cropper),
              node_inputs: [{ node_id: 'detect-concept' }],
            },
          ],
        },
      ],
    });
    expect(r.status.code).toBe(10000);
    const wf = r.workflows[0];
    expect(wf.nodes.map((n: Message) => n.id).sort()).toEqual(['detect-concept', 'image-crop']);
    expect(wf.description).toBe('new');
    expect(wf.notes).toBe('');
    expect(wf.metadata.fields.keep.stringValue).toBe('me');
    expect(wf.created_at).toEqual(before.created_at);
    expect(Number(wf.modified_at.seconds) * 1e9 + wf.modified_at.nanos).toBeGreaterThan(
      Number(before.modified_at.seconds) * 1e9 + before.modified_at.nanos,
    );
    expect(wf.version.id).not.toBe(before.version.id);

    const meta = await client.call('PatchWorkflows', {
      user_app_id: app,
      action: 'overwrite',
      workflows: [{ id: 'ow', metadata: { fields: { other: { numberValue: 1 } } } }],
    });
    expect(Object.keys(meta.workflows[0].metadata.fields)).toEqual(['other']);
    expect(meta.workflows[0].nodes).toHaveLength(2);
  });

  it('merge upserts nodes by id and merges metadata keys', async () => {
    const app = freshApp();
    await post(app, [
      vtrWorkflow('mg', {
        description: 'kept',
        metadata: {
          fields: {
            a: { stringValue: '1' },
            nested: { structValue: { fields: { x: { numberValue: 1 } } } },
          },
        },
      }),
    ]);
    const r = await client.call('PatchWorkflows', {
      user_app_id: app,
      action: 'merge',
      workflows: [
        {
          id: 'mg',
          nodes: [
            {
              id: 'image-to-text',
              model: model(recognizer),
              node_inputs: [{ node_id: 'image-crop' }],
              suppress_output: true,
            },
            { id: 'extra', model: model(detector) },
          ],
          metadata: {
            fields: {
              b: { boolValue: true },
              nested: { structValue: { fields: { y: { numberValue: 2 } } } },
            },
          },
        },
      ],
    });
    expect(r.status.code).toBe(10000);
    const wf = r.workflows[0];
    const byId = Object.fromEntries(wf.nodes.map((n: Message) => [n.id, n]));
    expect(Object.keys(byId).sort()).toEqual([
      'detect-concept',
      'extra',
      'image-crop',
      'image-to-text',
    ]);
    expect(byId['image-to-text'].suppress_output).toBe(true);
    expect(wf.description).toBe('kept');
    expect(Object.keys(wf.metadata.fields).sort()).toEqual(['a', 'b', 'nested']);
    expect(Object.keys(wf.metadata.fields.nested.structValue.fields).sort()).toEqual(['x', 'y']);
  });

  it('rejects an unknown action, and patching a missing workflow', async () => {
    const app = freshApp();
    await post(app, [oneNode('p')]);
    const bad = await client.call('PatchWorkflows', {
      user_app_id: app,
      action: 'replace',
      workflows: [{ id: 'p' }],
    });
    expect(bad.status.code).toBe(22104);
    expect(bad.status.details).toContain("'replace'");
    const missing = await client.call('PatchWorkflows', {
      user_app_id: app,
      action: 'overwrite',
      workflows: [oneNode('p', { description: 'x' }), oneNode('ghost')],
    });
    expect(missing.status.code).toBe(22102);
    expect(missing.status.description).toBe('Workflow does not exist');
    expect(missing.status.details).toContain('ghost');
    // All or nothing: 'p' was not changed either.
    expect((await get(app, 'p')).workflow.description).toBe('');
  });

  it('validates the patched result (a merge that makes a cycle is 22107)', async () => {
    const app = freshApp();
    await post(app, [vtrWorkflow('cyc')]);
    const r = await client.call('PatchWorkflows', {
      user_app_id: app,
      action: 'merge',
      workflows: [
        {
          id: 'cyc',
          nodes: [
            {
              id: 'detect-concept',
              model: model(detector),
              node_inputs: [{ node_id: 'image-to-text' }],
            },
          ],
        },
      ],
    });
    expect(r.status.code).toBe(22107);
    expect(r.status.details).toContain('cycle');
  });
});

describe('delete', () => {
  it('deletes by ids; a missing id deletes nothing', async () => {
    const app = freshApp();
    await post(app, [oneNode('a'), oneNode('b'), oneNode('c')]);
    const missing = await client.call('DeleteWorkflows', { user_app_id: app, ids: ['a', 'nope'] });
    expect(missing.status.code).toBe(22102);
    expect(missing.status.details).toContain('nope');
    expect(await ids(app)).toEqual(['a', 'b', 'c']);
    const r = await client.call('DeleteWorkflows', { user_app_id: app, ids: ['a', 'b'] });
    expect(r.status.code).toBe(10000);
    expect(await ids(app)).toEqual(['c']);
    expect((await get(app, 'a')).status.code).toBe(22102);
  });

  it('deletes everything with delete_all', async () => {
    const app = freshApp();
    await post(app, [oneNode('a'), oneNode('b')]);
    const r = await client.call('DeleteWorkflows', { user_app_id: app, delete_all: true });
    expect(r.status.code).toBe(10000);
    expect(await ids(app)).toEqual([]);
  });
});

describe('errors', () => {
  it('22102 for a missing workflow, with a realistic description and details', async () => {
    const r = await get(freshApp(), 'missing');
    expect(r.status).toMatchObject({ code: 22102, description: 'Workflow does not exist' });
    expect(r.status.details).toContain("'missing'");
    expect(r.status.req_id).not.toBe('');
    expect(r.workflow).toBeNull();
  });

  it('22100 when the id exists, or twice in one request — and nothing is written', async () => {
    const app = freshApp();
    await post(app, [oneNode('dup')]);
    const exists = await post(app, [oneNode('fresh'), oneNode('dup')]);
    expect(exists.status.code).toBe(22100);
    expect(exists.status.details).toContain("'dup'");
    expect(exists.workflows).toEqual([]);
    const twice = await post(app, [oneNode('twice'), oneNode('twice')]);
    expect(twice.status.code).toBe(22100);
    expect(await ids(app)).toEqual(['dup']);
  });

  it.each([
    [
      'a dangling input',
      [{ id: 'a', model: model(detector), node_inputs: [{ node_id: 'ghost' }] }],
      'ghost',
    ],
    ['a self input', [{ id: 'a', model: model(detector), node_inputs: [{ node_id: 'a' }] }], "'a'"],
    [
      'duplicate node ids',
      [
        { id: 'a', model: model(detector) },
        { id: 'a', model: model(cropper) },
      ],
      "duplicate node id 'a'",
    ],
    [
      'a cycle',
      [
        { id: 'a', model: model(detector), node_inputs: [{ node_id: 'c' }] },
        { id: 'b', model: model(cropper), node_inputs: [{ node_id: 'a' }] },
        { id: 'c', model: model(recognizer), node_inputs: [{ node_id: 'b' }] },
      ],
      'cycle a -> b -> c -> a',
    ],
  ])('22107 for %s', async (_what, nodes, culprit) => {
    const app = freshApp();
    const r = await post(app, [oneNode('ok'), { id: 'bad', nodes }]);
    expect(r.status.code).toBe(22107);
    expect(r.status.description).toBe('Invalid workflow graph');
    expect(r.status.details).toContain(culprit);
    expect(await ids(app)).toEqual([]);
  });

  it("rejects the docs' request that wires the cropper to general-concept with 22107", async () => {
    // Clarifai's docs example: the crop node reads a node id that is not in the workflow.
    const r = await post(freshApp(), [
      {
        id: 'visual-text-recognition-id',
        nodes: [
          { id: 'detect-concept', model: model(detector) },
          {
            id: 'image-crop',
            model: model(cropper),
            node_inputs: [{ node_id: 'general-concept' }],
          },
          {
            id: 'image-to-text',
            model: model(recognizer),
            node_inputs: [{ node_id: 'image-crop' }],
          },
        ],
      },
    ]);
    expect(r.status.code).toBe(22107);
    expect(r.status.details).toContain('general-concept');
  });

  it.each([
    ['an invalid workflow id', oneNode('bad id!'), 'bad id!'],
    ['a workflow id over 48 characters', oneNode('a'.repeat(49)), '49 characters'],
    ['a leading dash', oneNode('-x'), '-x'],
    ['a double separator', oneNode('a--b'), 'a--b'],
    ['no nodes', { id: 'empty' }, 'no nodes'],
    [
      'more than 20 nodes',
      {
        id: 'big',
        nodes: Array.from({ length: 21 }, (_, i) => ({ id: `n${i}`, model: model(detector) })),
      },
      '21 nodes',
    ],
    [
      'an empty node id (any other node id is accepted: the API does not validate node ids as ids)',
      { id: 'w', nodes: [{ id: '', model: model(detector) }] },
      'node id is required',
    ],
  ])('22104 for %s', async (_what, workflow, culprit) => {
    const r = await post(freshApp(), [workflow]);
    expect(r.status.code).toBe(22104);
    expect(r.status.details).toContain(culprit);
  });

  it('accepts 48 characters and 20 nodes', async () => {
    const r = await post(freshApp(), [
      oneNode('a'.repeat(48)),
      {
        id: 'twenty',
        nodes: Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, model: model(detector) })),
      },
    ]);
    expect(r.status.code).toBe(10000);
  });

  it('21200 for an unknown model or version', async () => {
    const unknownModel = await post(freshApp(), [
      oneNode('m', { nodes: [{ id: 'n', model: model({ id: 'no-such-model', version: 'v' }) }] }),
    ]);
    expect(unknownModel.status).toMatchObject({ code: 21200, description: 'Model does not exist' });
    expect(unknownModel.status.details).toContain('no-such-model');
    const unknownVersion = await post(freshApp(), [
      oneNode('m', {
        nodes: [
          {
            id: 'n',
            model: model({ id: detector.id, version: 'ffffffffffffffffffffffffffffffff' }),
          },
        ],
      }),
    ]);
    expect(unknownVersion.status.code).toBe(21200);
    expect(unknownVersion.status.details).toContain('ffffffffffffffffffffffffffffffff');
  });
});

describe('models', () => {
  it('GetModel, GetModelVersion and ListModelVersions for known models', async () => {
    const app = { user_id: 'clarifai', app_id: 'main' };
    const m = await client.call('GetModel', { user_app_id: app, model_id: cropper.id });
    expect(m.status.code).toBe(10000);
    expect(m.model).toMatchObject({
      id: cropper.id,
      name: cropper.name,
      model_type_id: 'image-crop',
    });
    expect(m.model.model_version.id).toBe(cropper.version);
    const v = await client.call('GetModelVersion', {
      user_app_id: app,
      model_id: cropper.id,
      version_id: cropper.version,
    });
    expect(v.status.code).toBe(10000);
    expect(v.model_version).toMatchObject({ id: cropper.version, status: { code: 21100 } });
    const custom = await client.call('GetModelVersion', {
      user_app_id: { user_id: 'acme', app_id: 'models' },
      model_id: CUSTOM_MODEL.id,
      version_id: CUSTOM_MODEL.version,
    });
    expect(custom.model_version).toMatchObject({
      id: CUSTOM_MODEL.version,
      user_id: 'acme',
      app_id: 'models',
    });
    const list = await client.call('ListModelVersions', {
      user_app_id: app,
      model_id: CUSTOM_MODEL.id,
    });
    expect(list.model_versions.map((x: Message) => x.id)).toEqual([CUSTOM_MODEL.version]);
  });

  it('ListModelVersions: newest first, per_page 1 + trained_only is the latest (what import --resolve-latest asks); sort_ascending reverses', async () => {
    const app = { user_id: 'clarifai', app_id: 'main' };
    const latest = await client.call('ListModelVersions', {
      user_app_id: app,
      model_id: cropper.id,
      per_page: 1,
      trained_only: true,
    });
    expect(latest.model_versions.map((x: Message) => x.id)).toEqual([cropper.version]);
    expect(latest.model_versions[0].status.code).toBe(21100); // MODEL_TRAINED
    const ascending = await client.call('ListModelVersions', {
      user_app_id: app,
      model_id: cropper.id,
      sort_ascending: true,
    });
    const ids = ascending.model_versions.map((x: Message) => x.id);
    expect(ids).toHaveLength(2);
    expect(ids.at(-1)).toBe(cropper.version);
  });

  it('21200 for unknown models and versions', async () => {
    const app = freshApp();
    expect(
      (await client.call('GetModel', { user_app_id: app, model_id: 'nope' })).status.code,
    ).toBe(21200);
    const v = await client.call('GetModelVersion', {
      user_app_id: app,
      model_id: cropper.id,
      version_id: 'nope',
    });
    expect(v.status.code).toBe(21200);
    expect(v.status.details).toContain('nope');
    expect(
      (await client.call('ListModelVersions', { user_app_id: app, model_id: 'nope' })).status.code,
    ).toBe(21200);
  });
});

describe('authentication', () => {
  const KEY = 'emulator-test-key-0123456789abcdef';
  let secured: RunningEmulator;
  let securedClient: OfficialClient;

  beforeAll(async () => {
    secured = await startEmulator({ requireKey: KEY });
    securedClient = officialClient(secured.address);
  });

  afterAll(async () => {
    securedClient?.close();
    await secured?.close();
  });

  it('answers 11008 for a wrong key and 11009 for none, and serves the right one', async () => {
    const app = freshApp();
    const wrong = await securedClient.call(
      'ListWorkflows',
      { user_app_id: app },
      { key: 'wrong-key' },
    );
    expect(wrong.status.code).toBe(11008);
    expect(JSON.stringify(wrong)).not.toContain(KEY);
    const none = await securedClient.call('ListWorkflows', { user_app_id: app });
    expect(none.status.code).toBe(11009);
    const writeWithWrongKey = await securedClient.call(
      'PostWorkflows',
      { user_app_id: app, workflows: [oneNode('x')] },
      { key: `${KEY}x` },
    );
    expect(writeWithWrongKey.status.code).toBe(11008);
    const right = await securedClient.call('ListWorkflows', { user_app_id: app }, { key: KEY });
    expect(right.status.code).toBe(10000);
    expect(right.workflows).toEqual([]);
  });

  it('needs no key unless one is required', async () => {
    const r = await client.call('ListWorkflows', { user_app_id: freshApp() }, { key: 'anything' });
    expect(r.status.code).toBe(10000);
  });
});
