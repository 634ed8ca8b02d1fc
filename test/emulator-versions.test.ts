/**
 * Workflow versions and renames in the emulator, driven by a client built from
 * the OFFICIAL Clarifai protos: ListWorkflowVersions, GetWorkflowVersion,
 * DeleteWorkflowVersions and PatchWorkflowIds answer as the protos say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import { officialClient, type Message, type OfficialClient } from './helpers/official-client.js';

const [detector, cropper] = VTR_MODELS as unknown as [
  (typeof VTR_MODELS)[number],
  (typeof VTR_MODELS)[number],
];

let emulator: RunningEmulator;
let client: OfficialClient;
let appCounter = 0;

function freshApp(): Message {
  appCounter += 1;
  return { user_id: 'tester', app_id: `versions-${appCounter}` };
}

function node(id: string, m: { id: string; version: string }, inputs: string[] = []): Message {
  return {
    id,
    model: { id: m.id, model_version: { id: m.version } },
    node_inputs: inputs.map((node_id) => ({ node_id })),
  };
}

const ONE = [node('detect', detector)];
const TWO = [node('detect', detector), node('crop', cropper, ['detect'])];

beforeAll(async () => {
  emulator = await startEmulator();
  client = officialClient(emulator.address);
});
afterAll(async () => {
  client.close();
  await emulator.close();
});

/** Posts `wf` with ONE, then patches it to TWO: two versions. */
async function twoVersions(app: Message, id = 'wf'): Promise<{ first: string; second: string }> {
  const posted = await client.call('PostWorkflows', {
    user_app_id: app,
    workflows: [{ id, description: 'one', nodes: ONE, metadata: { fields: {} } }],
  });
  expect(posted.status.code).toBe(10000);
  const patched = await client.call('PatchWorkflows', {
    user_app_id: app,
    workflows: [{ id, description: 'two', nodes: TWO }],
    action: 'overwrite',
  });
  expect(patched.status.code).toBe(10000);
  return { first: posted.workflows[0].version.id, second: patched.workflows[0].version.id };
}

describe('emulator workflow versions (official client)', () => {
  it('stores a version per write with that write’s nodes, newest first, ids of 32 hex chars', async () => {
    const app = freshApp();
    const { first, second } = await twoVersions(app);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(first).not.toBe(second);
    const listed = await client.call('ListWorkflowVersions', {
      user_app_id: app,
      workflow_id: 'wf',
    });
    expect(listed.status.code).toBe(10000);
    const versions = listed.workflow_versions as Message[];
    expect(versions.map((v) => v.id)).toEqual([second, first]);
    expect(versions[0]?.workflow_id).toBe('wf');
    expect(versions[0]?.description).toBe('two');
    expect(versions[1]?.description).toBe('one');
    expect((versions[1]?.nodes as Message[]).map((n) => n.id)).toEqual(['detect']);
    expect((versions[0]?.nodes as Message[]).map((n) => n.id).sort()).toEqual(['crop', 'detect']);
    expect(versions[0]?.is_deprecated).toBe(false);
    expect(versions[0]?.created_at.seconds).toMatch(/^\d+$/);
  });

  it('paginates ListWorkflowVersions', async () => {
    const app = freshApp();
    const { first, second } = await twoVersions(app);
    const page = (n: number) =>
      client.call('ListWorkflowVersions', {
        user_app_id: app,
        workflow_id: 'wf',
        page: n,
        per_page: 1,
      });
    expect(((await page(1)).workflow_versions as Message[]).map((v) => v.id)).toEqual([second]);
    expect(((await page(2)).workflow_versions as Message[]).map((v) => v.id)).toEqual([first]);
    expect((await page(3)).workflow_versions).toEqual([]);
  });

  it('GetWorkflowVersion returns one version; an unknown one or workflow is 22102', async () => {
    const app = freshApp();
    const { first } = await twoVersions(app);
    const got = await client.call('GetWorkflowVersion', {
      user_app_id: app,
      workflow_id: 'wf',
      workflow_version_id: first,
    });
    expect(got.status.code).toBe(10000);
    expect(got.workflow_version.id).toBe(first);
    expect(got.workflow_version.description).toBe('one');
    const unknown = await client.call('GetWorkflowVersion', {
      user_app_id: app,
      workflow_id: 'wf',
      workflow_version_id: 'f'.repeat(32),
    });
    expect(unknown.status.code).toBe(22102);
    const noWorkflow = await client.call('ListWorkflowVersions', {
      user_app_id: app,
      workflow_id: 'nope',
    });
    expect(noWorkflow.status.code).toBe(22102);
  });

  it('DeleteWorkflowVersions deletes old versions and refuses the live one', async () => {
    const app = freshApp();
    const { first, second } = await twoVersions(app);
    const live = await client.call('DeleteWorkflowVersions', {
      user_app_id: app,
      workflow_id: 'wf',
      workflow_version_ids: [second],
    });
    expect(live.status.code).toBe(22104);
    expect(live.status.details).toMatch(/latest version/);
    const old = await client.call('DeleteWorkflowVersions', {
      user_app_id: app,
      workflow_id: 'wf',
      workflow_version_ids: [first],
    });
    expect(old.status.code).toBe(10000);
    const listed = await client.call('ListWorkflowVersions', {
      user_app_id: app,
      workflow_id: 'wf',
    });
    expect((listed.workflow_versions as Message[]).map((v) => v.id)).toEqual([second]);
  });

  it('PatchWorkflowIds renames a workflow and keeps its versions', async () => {
    const app = freshApp();
    const { first, second } = await twoVersions(app, 'old-id');
    const renamed = await client.call('PatchWorkflowIds', {
      user_app_id: app,
      ids: [{ id: 'old-id', new_id: 'new-id' }],
      action: 'overwrite',
    });
    expect(renamed.status.code).toBe(10000);
    expect(renamed.workflows[0].id).toBe('new-id');
    expect(renamed.workflows[0].version.id).toBe(second);
    expect(
      (await client.call('GetWorkflow', { user_app_id: app, workflow_id: 'old-id' })).status.code,
    ).toBe(22102);
    const listed = await client.call('ListWorkflowVersions', {
      user_app_id: app,
      workflow_id: 'new-id',
    });
    expect((listed.workflow_versions as Message[]).map((v) => v.id)).toEqual([second, first]);
    expect((listed.workflow_versions as Message[])[0]?.workflow_id).toBe('new-id');
  });

  it('PatchWorkflowIds refuses a taken id, an unknown id and another action', async () => {
    const app = freshApp();
    await twoVersions(app, 'a');
    await twoVersions(app, 'b');
    const call = (ids: Message[], action = 'overwrite') =>
      client.call('PatchWorkflowIds', { user_app_id: app, ids, action });
    expect((await call([{ id: 'a', new_id: 'b' }])).status.code).toBe(22100);
    expect((await call([{ id: 'zz', new_id: 'c' }])).status.code).toBe(22102);
    expect((await call([{ id: 'a', new_id: 'c' }], 'merge')).status.code).toBe(22104);
    expect((await call([{ id: 'a', new_id: 'bad id!' }])).status.code).toBe(22104);
  });
});
