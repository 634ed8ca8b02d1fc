/**
 * The emulator's fault injection, seen from a client built from the official
 * protos: each kind of fault, latency, call counts, and clear().
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { officialClient, type OfficialClient } from './helpers/official-client.js';

const app = { user_id: 'tester', app_id: 'faults' };
let emulator: RunningEmulator;
let client: OfficialClient;

const list = (options: { key?: string; deadlineMs?: number } = {}) =>
  client.call('ListWorkflows', { user_app_id: app }, options);

beforeAll(async () => {
  emulator = await startEmulator();
  client = officialClient(emulator.address);
});

afterEach(() => emulator.faults.clear());

afterAll(async () => {
  client?.close();
  await emulator?.close();
});

describe('faults', () => {
  it('UNAVAILABLE fails the next N calls of the method with that gRPC code, then recovers', async () => {
    emulator.faults.failNext('ListWorkflows', 2, 'UNAVAILABLE');
    await expect(list()).rejects.toMatchObject({ code: grpcStatus.UNAVAILABLE });
    // Another method is not affected.
    expect(
      (await client.call('GetWorkflow', { user_app_id: app, workflow_id: 'x' })).status.code,
    ).toBe(22102);
    await expect(list()).rejects.toMatchObject({ code: grpcStatus.UNAVAILABLE });
    expect((await list()).status.code).toBe(10000);
    expect(emulator.faults.calls).toMatchObject({ ListWorkflows: 3, GetWorkflow: 1 });
  });

  it('RESOURCE_EXHAUSTED is a gRPC error that is not a message-size error', async () => {
    emulator.faults.failNext('*', 1, 'RESOURCE_EXHAUSTED');
    const error = await list().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: grpcStatus.RESOURCE_EXHAUSTED });
    expect(String((error as Error).message)).not.toMatch(/larger than max/i);
    expect((await list()).status.code).toBe(10000);
  });

  it('CONN_THROTTLED answers gRPC OK with status 11005 in the body', async () => {
    emulator.faults.failNext('ListWorkflows', 1, 'CONN_THROTTLED');
    const r = await list();
    expect(r.status.code).toBe(11005);
    expect(r.status.description).toBe('Making too many requests');
  });

  it('a given status code and description', async () => {
    emulator.faults.failNext('PostWorkflows', 1, {
      status: 40031,
      description: 'Server unavailable',
    });
    const r = await client.call('PostWorkflows', { user_app_id: app, workflows: [] });
    expect(r.status).toMatchObject({ code: 40031, description: 'Server unavailable' });
  });

  it('HANG never answers: the client deadline ends the call', async () => {
    emulator.faults.failNext('GetWorkflow', 1, 'HANG');
    const started = Date.now();
    await expect(
      client.call('GetWorkflow', { user_app_id: app, workflow_id: 'x' }, { deadlineMs: 300 }),
    ).rejects.toMatchObject({ code: grpcStatus.DEADLINE_EXCEEDED });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(
      (await client.call('GetWorkflow', { user_app_id: app, workflow_id: 'x' })).status.code,
    ).toBe(22102);
  });

  it('ECHO_KEY echoes the authorization header it received in the description', async () => {
    emulator.faults.failNext('ListWorkflows', 1, 'ECHO_KEY');
    const r = await list({ key: 'secret-pat-to-be-redacted-0123456789' });
    expect(r.status.code).not.toBe(10000);
    expect(r.status.description).toContain('Key secret-pat-to-be-redacted-0123456789');
  });

  it("'*' matches any method; earlier faults are used up first", async () => {
    emulator.faults.failNext('*', 1, 'CONN_THROTTLED');
    emulator.faults.failNext('ListWorkflows', 1, 'UNAVAILABLE');
    expect(
      (await client.call('GetWorkflow', { user_app_id: app, workflow_id: 'x' })).status.code,
    ).toBe(11005);
    await expect(list()).rejects.toMatchObject({ code: grpcStatus.UNAVAILABLE });
    expect((await list()).status.code).toBe(10000);
  });

  it('latency delays every call; clear() removes latency and faults and resets counts', async () => {
    emulator.faults.setLatency(200);
    const started = Date.now();
    expect((await list()).status.code).toBe(10000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    emulator.faults.failNext('ListWorkflows', 5, 'UNAVAILABLE');
    expect(emulator.faults.calls.ListWorkflows).toBe(1);
    emulator.faults.clear();
    expect(emulator.faults.calls).toEqual({});
    expect((await list()).status.code).toBe(10000);
    expect(emulator.faults.calls).toEqual({ ListWorkflows: 1 });
  });

  it('close() ends a hung call instead of waiting for it', async () => {
    const own = await startEmulator();
    const ownClient = officialClient(own.address);
    try {
      own.faults.failNext('ListWorkflows', 1, 'HANG');
      const hung = ownClient
        .call('ListWorkflows', { user_app_id: app }, { deadlineMs: 20_000 })
        .catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await hung).toMatchObject({ code: grpcStatus.UNAVAILABLE });
    } finally {
      ownClient.close();
    }
  });
});
