/**
 * Issue 12 items 6/7 — where the emulator used to differ from the API, driven
 * with the OFFICIAL client (clarifai-nodejs-grpc's protos) over loopback.
 * Each choice is written into the README's emulator section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import { officialClient, type Message, type OfficialClient } from './helpers/official-client.js';

let emulator: RunningEmulator;
let client: OfficialClient;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = officialClient(emulator.address);
});
afterAll(async () => {
  client?.close();
  await emulator?.close();
});

const freshApp = () => ({ user_id: 'u', app_id: `gaps${++appCounter}` });

function workflow(id: string, extra: Message = {}): Message {
  const [detector] = VTR_MODELS;
  return {
    id,
    nodes: [{ id: 'n', model: { id: detector!.id, model_version: { id: detector!.version } } }],
    ...extra,
  };
}

async function post(user_app_id: Message, workflows: Message[]): Promise<void> {
  const res = await client.call('PostWorkflows', { user_app_id, workflows });
  expect(res.status.code, res.status.description).toBe(10000);
}

describe('ListWorkflows honours its filter fields', { timeout: 30_000 }, () => {
  let user_app_id: Message;
  beforeAll(async () => {
    user_app_id = freshApp();
    await post(user_app_id, [
      workflow('general-text', { description: 'Reads signs', notes: 'for the satisfied clients' }),
      workflow('general-faces', { description: 'Finds faces' }),
      workflow('ocr-receipts', { description: 'Receipts and invoices', notes: 'general purpose' }),
      workflow('shared-one', { visibility: { gettable: 50 } }),
    ]);
  });
  const ids = async (request: Message) => {
    const res = await client.call('ListWorkflows', { user_app_id, ...request });
    expect(res.status.code, res.status.description).toBe(10000);
    return (res.workflows as Message[]).map((w) => w.id as string).sort();
  };

  it('search: every keyword prefix-matches a word of the id, description or notes', async () => {
    expect(await ids({ search: 'general' })).toEqual([
      'general-faces',
      'general-text',
      'ocr-receipts',
    ]);
    expect(await ids({ search: 'satisf' })).toEqual(['general-text']);
    expect(await ids({ search: 'GENERAL faces' })).toEqual(['general-faces']);
    expect(await ids({ search: 'nothing-like-it' })).toEqual([]);
  });

  it('query and search_term (deprecated) search the same way', async () => {
    expect(await ids({ query: 'receipts' })).toEqual(['ocr-receipts']);
    expect(await ids({ search_term: 'faces' })).toEqual(['general-faces']);
  });

  it('id (deprecated): the exact id, or a wildcard pattern like "gen*"', async () => {
    expect(await ids({ id: 'general-text' })).toEqual(['general-text']);
    expect(await ids({ id: 'gen*' })).toEqual(['general-faces', 'general-text']);
    expect(await ids({ id: '*-one' })).toEqual(['shared-one']);
    expect(await ids({ id: 'general' })).toEqual([]);
  });

  it('visibility: only workflows with that visibility', async () => {
    expect(await ids({ visibility: { gettable: 50 } })).toEqual(['shared-one']);
  });

  it('featured_only, starred_only and bookmark: the emulator has none such', async () => {
    expect(await ids({ featured_only: true })).toEqual([]);
    expect(await ids({ starred_only: true })).toEqual([]);
    expect(await ids({ bookmark: true })).toEqual([]);
  });

  it('sort_by_id sorts by id; sort_by_relevance puts id matches first', async () => {
    const res = await client.call('ListWorkflows', {
      user_app_id,
      sort_by_id: true,
      sort_ascending: true,
    });
    expect((res.workflows as Message[]).map((w) => w.id)).toEqual([
      'general-faces',
      'general-text',
      'ocr-receipts',
      'shared-one',
    ]);
    const relevant = await client.call('ListWorkflows', {
      user_app_id,
      search: 'general',
      sort_by_relevance: true,
    });
    expect((relevant.workflows as Message[]).map((w) => w.id).at(-1)).toBe('ocr-receipts');
  });

  it('sort_by_relevance without search is refused (the proto: only with a search)', async () => {
    const res = await client.call('ListWorkflows', { user_app_id, sort_by_relevance: true });
    expect(res.status.code).toBe(11102);
    expect(res.status.description + res.status.details).toMatch(/search/);
  });
});

describe('DeleteWorkflows with an existing and a missing id', { timeout: 30_000 }, () => {
  it('is all-or-nothing: 22102 naming every missing id, and nothing is deleted', async () => {
    const user_app_id = freshApp();
    await post(user_app_id, [workflow('kept')]);
    const res = await client.call('DeleteWorkflows', {
      user_app_id,
      ids: ['kept', 'gone-a', 'gone-b'],
    });
    expect(res.status.code).toBe(22102);
    expect(res.status.details).toContain("'gone-a'");
    expect(res.status.details).toContain("'gone-b'");
    const still = await client.call('GetWorkflow', { user_app_id, workflow_id: 'kept' });
    expect(still.status.code).toBe(10000);
  });
});

describe('PatchWorkflows without action', { timeout: 30_000 }, () => {
  it('is refused with 22104 saying the action is required, and changes nothing', async () => {
    const user_app_id = freshApp();
    await post(user_app_id, [workflow('w', { description: 'before' })]);
    const res = await client.call('PatchWorkflows', {
      user_app_id,
      workflows: [workflow('w', { description: 'after' })],
    });
    expect(res.status.code).toBe(22104);
    expect(res.status.details).toMatch(/action is required/);
    const got = await client.call('GetWorkflow', { user_app_id, workflow_id: 'w' });
    expect(got.workflow.description).toBe('before');
  });
});

describe('Struct values sent by the official client arrive intact', { timeout: 30_000 }, () => {
  /** google.protobuf.Struct as the official stub encodes it (protobufjs' camelCase Value). */
  const struct = {
    fields: {
      team: { stringValue: 'ocr' },
      empty: { stringValue: '' },
      nested: { structValue: { fields: { owner: { stringValue: 'ana' } } } },
      tags: { listValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } },
      n: { numberValue: 2 },
      off: { boolValue: false },
    },
  };
  const expected = {
    team: 'ocr',
    empty: '',
    nested: { owner: 'ana' },
    tags: ['a', 'b'],
    n: 2,
    off: false,
  };
  /** A Struct as the official client decodes it, back to plain JSON. */
  const plain = (s: Message | null | undefined): unknown => {
    const value = (v: Message): unknown => {
      switch (v.kind) {
        case 'stringValue':
          return v.stringValue;
        case 'numberValue':
          return v.numberValue;
        case 'boolValue':
          return v.boolValue;
        case 'structValue':
          return plain(v.structValue);
        case 'listValue':
          return (v.listValue.values as Message[]).map(value);
        default:
          return null;
      }
    };
    return Object.fromEntries(
      Object.entries((s?.fields ?? {}) as Record<string, Message>).map(([k, v]) => [k, value(v)]),
    );
  };

  it('in workflow metadata and node params, stored and read back by every read', async () => {
    const user_app_id = freshApp();
    const [detector] = VTR_MODELS;
    const sent = {
      id: 'structs',
      metadata: struct,
      nodes: [
        {
          id: 'n',
          model: { id: detector!.id, model_version: { id: detector!.version } },
          output_info_override: {
            params: struct,
            fields_map: struct,
            data: { metadata: struct, concepts: [{ id: 'c', value: 1, metadata: struct }] },
            output_config: { hyper_params: struct, model_metadata: struct },
          },
        },
      ],
    };
    const posted = await client.call('PostWorkflows', { user_app_id, workflows: [sent] });
    expect(posted.status.code).toBe(10000);

    // What the emulator stored.
    const stored = emulator.store.getWorkflow(user_app_id as never, 'structs');
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    expect(stored.value.metadata).toEqual(expected);
    expect(stored.value.nodes[0]!.output_info_override?.params).toEqual(expected);
    expect(stored.value.nodes[0]!.output_info_override?.fields_map).toEqual(expected);
    expect(stored.value.nodes[0]!.output_info_override).toMatchObject({
      data: { metadata: expected, concepts: [{ id: 'c', metadata: expected }] },
      output_config: { hyper_params: expected, model_metadata: expected },
    });

    // What each read hands back to the official client.
    const reads: Message[] = [
      posted.workflows[0],
      (await client.call('GetWorkflow', { user_app_id, workflow_id: 'structs' })).workflow,
      (await client.call('ListWorkflows', { user_app_id })).workflows[0],
    ];
    const versions = await client.call('ListWorkflowVersions', {
      user_app_id,
      workflow_id: 'structs',
    });
    const version = versions.workflow_versions[0] as Message;
    const oneVersion = await client.call('GetWorkflowVersion', {
      user_app_id,
      workflow_id: 'structs',
      workflow_version_id: version.id,
    });
    for (const wf of [...reads, version, oneVersion.workflow_version]) {
      expect(plain(wf.metadata)).toEqual(expected);
      const info = wf.nodes[0].output_info_override;
      expect(plain(info.params)).toEqual(expected);
      expect(plain(info.fields_map)).toEqual(expected);
      expect(plain(info.data.metadata)).toEqual(expected);
      expect(plain(info.data.concepts[0].metadata)).toEqual(expected);
      expect(plain(info.output_config.hyper_params)).toEqual(expected);
      expect(plain(info.output_config.model_metadata)).toEqual(expected);
    }

    // And a merge patch keeps the strings too.
    const patched = await client.call('PatchWorkflows', {
      user_app_id,
      action: 'merge',
      workflows: [{ id: 'structs', metadata: { fields: { extra: { stringValue: 'x' } } } }],
    });
    expect(patched.status.code).toBe(10000);
    expect(plain(patched.workflows[0].metadata)).toEqual({ ...expected, extra: 'x' });
  });

  it('snake_case `string_value` is dropped by the official stub itself, before the wire (a null, as the API would store)', async () => {
    // protobufjs' google.protobuf.Value is camelCase even with keepCase: the stub
    // encodes { string_value } as an empty Value. The emulator sees exactly what the
    // API would: no member set, which both read as null. Send `stringValue`.
    const user_app_id = freshApp();
    const posted = await client.call('PostWorkflows', {
      user_app_id,
      workflows: [workflow('snake', { metadata: { fields: { team: { string_value: 'ocr' } } } })],
    });
    expect(posted.status.code).toBe(10000);
    const stored = emulator.store.getWorkflow(user_app_id as never, 'snake');
    expect(stored.ok && stored.value.metadata).toEqual({ team: null });
  });
});
