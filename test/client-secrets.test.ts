/**
 * The PAT never leaves the process: not in errors (message, stack, fields,
 * JSON), not in --verbose lines — also when the server echoes it back. A
 * missing or rejected key gives an error that names the variable instead.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectedApi } from '../src/clarifai/connect.js';
import { AuthError } from '../src/clarifai/errors.js';
import type { ApiWorkflow } from '../src/clarifai/types.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import type { RemoteEnvironment } from '../src/spec/types.js';
import { VTR_MODELS } from '../src/vtr-models.js';

const PAT_ENV = 'VTR_WF_SECRETS_TEST_PAT';
// Unique enough that any occurrence anywhere can only be a leak.
const KEY = `pat-${Date.now().toString(36)}-e1c0d3b2a9f8e7d6c5b4a3`;
const WRONG_KEY = `wrong-${Date.now().toString(36)}-0a1b2c3d4e5f6a7b8c9d`;

const model = VTR_MODELS[0]!;
const wf = (id: string): ApiWorkflow => ({
  id,
  nodes: [{ id: 'n', model: { id: model.id, model_version: { id: model.version } } }],
});

let emulator: RunningEmulator;
const open: ConnectedApi[] = [];
const lines: string[] = [];

function env(): RemoteEnvironment {
  return {
    name: 'secret-env',
    kind: 'remote',
    endpoint: emulator.address,
    user_id: 'u',
    app_id: 'secrets',
    pat_env: PAT_ENV,
    tls: 'auto',
    models: {},
  };
}

async function client(): Promise<ConnectedApi> {
  const api = await connect(env(), {
    ratePerSecond: 0,
    verbose: true,
    log: (line) => lines.push(line),
    retry: {
      baseDelayMs: 1,
      maxDelayMs: 5,
      throttleBaseDelayMs: 2,
      throttleMaxDelayMs: 10,
      maxAttempts: 3,
    },
    deadlineMs: 2000,
  });
  open.push(api);
  return api;
}

/** Every way an error can be shown or stored. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [e.message, String(e), String(e.stack), JSON.stringify(e), inspect(e, { depth: 10 })];
}

function expectNoKey(texts: string[], key = KEY): void {
  for (const text of texts) expect(text).not.toContain(key);
}

beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0, requireKey: KEY });
});

afterEach(async () => {
  emulator.faults.clear();
  await Promise.all(open.splice(0).map((api) => api.close()));
  delete process.env[PAT_ENV];
});

afterAll(async () => {
  await emulator.close();
});

describe('the key stays secret', () => {
  it('appears in no error, log line or JSON, also when the server echoes it back', async () => {
    process.env[PAT_ENV] = KEY;
    const api = await client();
    await api.postWorkflows([wf('a')]);
    const errors: unknown[] = [];
    for (const rpc of [
      'ListWorkflows',
      'GetWorkflow',
      'PostWorkflows',
      'PatchWorkflows',
      'DeleteWorkflows',
    ]) {
      emulator.faults.failNext(rpc, 1, 'ECHO_KEY');
    }
    // The server answers with the key inside its description: prove the fault really echoes it.
    errors.push(await api.listWorkflows().catch((e: unknown) => e));
    errors.push(await api.getWorkflow('a').catch((e: unknown) => e));
    errors.push(await api.postWorkflows([wf('b')]).catch((e: unknown) => e));
    errors.push(await api.patchWorkflows([wf('a')], 'overwrite').catch((e: unknown) => e));
    errors.push(await api.deleteWorkflows(['a']).catch((e: unknown) => e));
    emulator.faults.failNext('GetWorkflow', 5, 'UNAVAILABLE');
    errors.push(await api.getWorkflow('a').catch((e: unknown) => e));
    emulator.faults.failNext('PostWorkflows', 1, {
      status: 22107,
      description: `echo: Key ${KEY}`,
    });
    errors.push(await api.postWorkflows([wf('c')]).catch((e: unknown) => e));

    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect(errors.filter((e) => e instanceof AuthError)).toHaveLength(5);
    for (const e of errors) expectNoKey(renderings(e));
    expect(errors.some((e) => JSON.stringify(e).includes('[REDACTED]'))).toBe(true);

    expect(lines.length).toBeGreaterThan(5);
    expect(
      lines.some((l) => /ListWorkflows attempt 1: CONN_KEY_INVALID 11008 \d+ ms/.test(l)),
    ).toBe(true);
    expectNoKey(lines);
  });

  it('a wrong key is rejected with an error naming the variable (and not the key)', async () => {
    process.env[PAT_ENV] = WRONG_KEY;
    const api = await client();
    const error = await api.listWorkflows().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({
      variable: PAT_ENV,
      reason: 'rejected',
      code: 11008,
      userFacing: true,
    });
    expect((error as Error).message).toMatch(
      new RegExp(`^the key in ${PAT_ENV} was rejected \\(CONN_KEY_INVALID 11008\\)`),
    );
    // Rejections are not retried: one call.
    expect(emulator.faults.calls.ListWorkflows).toBe(1);
    expectNoKey(renderings(error), WRONG_KEY);
    expectNoKey(lines, WRONG_KEY);
  });

  it('a missing key fails before any call, naming the variable', async () => {
    delete process.env[PAT_ENV];
    const error = await connect(env()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ variable: PAT_ENV, reason: 'missing' });
    expect((error as Error).message).toContain(PAT_ENV);
    expect((error as Error).message).toContain('secret-env');
    expect(emulator.faults.calls).toEqual({});

    process.env[PAT_ENV] = '   ';
    await expect(connect(env())).rejects.toMatchObject({ variable: PAT_ENV, reason: 'missing' });
  });

  it('a key that is only whitespace-padded still works (and is trimmed)', async () => {
    process.env[PAT_ENV] = `  ${KEY}\n`;
    const api = await client();
    await expect(api.listWorkflows()).resolves.toBeInstanceOf(Array);
  });
});
