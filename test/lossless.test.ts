/**
 * Issue 12 — real Clarifai workflows, losslessly: the CLI and the official
 * client against the emulator over real gRPC on loopback. Each test works in
 * its own app of one shared emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { VTR_MODELS } from '../src/vtr-models.js';
import { makeProject, runCli, specYaml, vtrNodes } from './helpers/cli.js';
import { officialClient, type Message, type OfficialClient } from './helpers/official-client.js';

/** A public model of clarifai/main the specs name with and without its owner. */
const PUBLIC_MODEL = {
  id: 'general-image-recognition',
  version: 'aa7f35c01e0642fda5cf400f543e7c40',
};

let emulator: RunningEmulator;
let client: OfficialClient;
let appCounter = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    // What `namedModels` hands over for two specs naming the model with and without an owner.
    knownModels: [{ ...PUBLIC_MODEL }, { ...PUBLIC_MODEL, user_id: 'clarifai', app_id: 'main' }],
  });
  client = officialClient(emulator.address);
});
afterAll(async () => {
  client?.close();
  await emulator?.close();
});

async function project(specs: Record<string, string>) {
  const appId = `lossless${++appCounter}`;
  const dir = await makeProject({ endpoint: emulator.address, appId, specs });
  const cli = (...args: string[]) => runCli(args, { cwd: dir });
  return { dir, appId, cli };
}

describe('node ids follow the API, not the workflow id rule', { timeout: 60_000 }, () => {
  it("validates, applies and plans clean a node id with dots (Clarifai's own `general-v1.5-concept`)", async () => {
    const nodes = vtrNodes();
    nodes[0]!.id = 'general-v1.5-concept';
    nodes[1]!.inputs = ['general-v1.5-concept'];
    const { cli } = await project({ 'general.yaml': specYaml('general', nodes) });
    const validate = await cli('validate');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const apply = await cli('apply', '-e', 'test', '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it('the emulator accepts a dotted node id from the official client, and still refuses a dotted workflow id', async () => {
    const [detector] = VTR_MODELS;
    const node = (id: string) => ({
      id,
      model: { id: detector!.id, model_version: { id: detector!.version } },
    });
    const user_app_id = { user_id: 'u', app_id: 'dots' };
    const ok = await client.call('PostWorkflows', {
      user_app_id,
      workflows: [{ id: 'knn', nodes: [node('face-v1.3-embed')] }],
    });
    expect(ok.status.code).toBe(10000);
    expect(ok.workflows[0].nodes[0].id).toBe('face-v1.3-embed');
    const bad = await client.call('PostWorkflows', {
      user_app_id,
      workflows: [{ id: 'bad.id', nodes: [node('a')] }],
    });
    expect(bad.status.code).toBe(22104);
  });
});

describe('a model named with and without its owner', { timeout: 60_000 }, () => {
  it('converges: apply, then plan shows no changes, and the live owner is the real one', async () => {
    const owned = { ...PUBLIC_MODEL, user_id: 'clarifai', app_id: 'main' };
    const { cli, appId } = await project({
      'a.yaml': specYaml('with-owner', [{ id: 'concepts', model: owned }]),
      'b.yaml': specYaml('without-owner', [{ id: 'concepts', model: { ...PUBLIC_MODEL } }]),
    });
    const apply = await cli('apply', '-e', 'test', '--auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stderr).not.toMatch(/does not match|mismatch/i);
    const plan = await cli('plan', '-e', 'test', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    for (const id of ['with-owner', 'without-owner']) {
      const got = await client.call('GetWorkflow', {
        user_app_id: { user_id: 'tester', app_id: appId },
        workflow_id: id,
      });
      expect(got.workflow.nodes[0].model).toMatchObject({ user_id: 'clarifai', app_id: 'main' });
    }
  });

  it('keys models by owner: another owner of the same id is unknown (21200)', async () => {
    const res = await client.call('PostWorkflows', {
      user_app_id: { user_id: 'u', app_id: 'owners' },
      workflows: [
        {
          id: 'w',
          nodes: [
            {
              id: 'n',
              model: {
                id: PUBLIC_MODEL.id,
                user_id: 'someone',
                app_id: 'else',
                model_version: { id: PUBLIC_MODEL.version },
              },
            },
          ],
        },
      ],
    });
    expect(res.status.code).toBe(21200);
  });
});

describe('a write never drops a live field the plan does not show', { timeout: 60_000 }, () => {
  /** Everything a real workflow can carry that vtr-wf does not write from a spec. */
  const richWorkflow = (id: string) => {
    const [detector, cropper] = VTR_MODELS;
    return {
      id,
      description: 'made elsewhere',
      visibility: { gettable: 50 },
      use_cases: ['ocr'],
      check_consents: ['consent-a'],
      image: { url: 'https://example.com/icon.png' },
      // Structs as the official stub takes them: protobufjs' Value is camelCase (a plain
      // object or a snake_case `number_value` would be dropped by the stub: nulls, testing nothing).
      metadata: { fields: { team: { stringValue: 'ocr' } } },
      nodes: [
        {
          id: 'detect',
          model: { id: detector!.id, model_version: { id: detector!.version } },
          output_info_override: {
            output_config: { max_concepts: 5, min_value: 0.25 },
            data: { concepts: [{ id: 'text', value: 1 }] },
            fields_map: { fields: { text: { stringValue: 'raw' } } },
            message: 'kept',
            params: { fields: { min_value: { numberValue: 0.5 }, mode: { stringValue: 'fast' } } },
          },
        },
        {
          id: 'crop',
          model: { id: cropper!.id, model_version: { id: cropper!.version } },
          node_inputs: [{ node_id: 'detect' }],
        },
      ],
    };
  };
  /** The live workflow minus what the server changes on every write (and the mark we add). */
  const comparable = (wf: Record<string, unknown>) => {
    const {
      modified_at: _m,
      version: _v,
      metadata,
      ...rest
    } = wf as {
      modified_at: unknown;
      version: unknown;
      metadata: { fields: Record<string, unknown> };
    };
    const fields = { ...(metadata?.fields ?? {}) };
    delete fields['vtr-wf'];
    return { ...rest, metadata: fields };
  };

  it('apply --adopt adds the mark and nothing else; a later update keeps every other field', async () => {
    const { cli, appId, dir } = await project({});
    const user_app_id = { user_id: 'tester', app_id: appId };
    const posted = await client.call('PostWorkflows', {
      user_app_id,
      workflows: [richWorkflow('rich')],
    });
    expect(posted.status.code).toBe(10000);
    const before = (await client.call('GetWorkflow', { user_app_id, workflow_id: 'rich' }))
      .workflow as Record<string, unknown>;

    // The values really arrived (not nulls the stub made of a mis-spelt Struct).
    const detectNode = (before.nodes as Message[]).find((n) => n.id === 'detect')!;
    expect(detectNode.output_info_override.params.fields.mode.stringValue).toBe('fast');
    expect(detectNode.output_info_override.params.fields.min_value.numberValue).toBe(0.5);
    expect(detectNode.output_info_override.fields_map.fields.text.stringValue).toBe('raw');
    expect((before.metadata as Message).fields.team.stringValue).toBe('ocr');

    const exported = await cli('export', '-e', 'test', 'rich', '--out', 'workflows');
    expect(exported.code, exported.stderr).toBe(0);
    const adopt = await cli('apply', '-e', 'test', '--adopt', 'rich', '--auto-approve');
    expect(adopt.code, adopt.stdout + adopt.stderr).toBe(0);
    const adopted = (await client.call('GetWorkflow', { user_app_id, workflow_id: 'rich' }))
      .workflow as Record<string, unknown>;
    expect(comparable(adopted)).toEqual(comparable(before));

    // A planned change to one field (the description) leaves every other field as it was.
    const { readFile, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const file = join(dir, 'workflows', 'rich.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('made elsewhere', 'changed here'));
    const update = await cli('apply', '-e', 'test', '--auto-approve');
    expect(update.code, update.stdout + update.stderr).toBe(0);
    const updated = (await client.call('GetWorkflow', { user_app_id, workflow_id: 'rich' }))
      .workflow as Record<string, unknown>;
    expect(comparable(updated)).toEqual({ ...comparable(before), description: 'changed here' });
  });
});

describe('emulator gaps against the official client', { timeout: 30_000 }, () => {
  it('DeleteWorkflow (singular, as the docs use it) deletes one workflow; a missing one is 22102', async () => {
    const [detector] = VTR_MODELS;
    const user_app_id = { user_id: 'u', app_id: 'singular-delete' };
    const posted = await client.call('PostWorkflows', {
      user_app_id,
      workflows: [
        {
          id: 'doomed',
          nodes: [
            { id: 'n', model: { id: detector!.id, model_version: { id: detector!.version } } },
          ],
        },
      ],
    });
    expect(posted.status.code).toBe(10000);
    const deleted = await client.call('DeleteWorkflow', { user_app_id, workflow_id: 'doomed' });
    expect(deleted.status.code).toBe(10000);
    const gone = await client.call('GetWorkflow', { user_app_id, workflow_id: 'doomed' });
    expect(gone.status.code).toBe(22102);
    const again = await client.call('DeleteWorkflow', { user_app_id, workflow_id: 'doomed' });
    expect(again.status.code).toBe(22102);
  });
});
