import { describe, expect, it } from 'vitest';
import { FakeClarifai } from '../../test/helpers/fake-clarifai.js';
import type { Config } from '../spec/types.js';
import { acquireLease, LeaseHeldError, leaseId, removeLease } from './lease.js';

const config: Pick<Config, 'project' | 'models' | 'environments'> = {
  project: 'acme ocr/../x',
  models: { det: { id: 'm1', version: 'v1' }, rec: { id: 'm2', version: 'v1' } },
  environments: {
    prod: {
      name: 'prod',
      kind: 'emulator',
      user_id: 'u',
      app_id: 'a',
      state: '/tmp/x',
      models: { det: { version: 'v9' } },
    },
  },
};

describe('leaseId', () => {
  it('is vtr-wf-lock-<project> in the id alphabet, at most 48 characters', () => {
    expect(leaseId('acme-ocr')).toBe('vtr-wf-lock-acme-ocr');
    expect(leaseId('acme ocr/../x')).toBe('vtr-wf-lock-acme-ocr-x');
    expect(leaseId('')).toBe('vtr-wf-lock-default');
    const long = leaseId('a'.repeat(35) + '-' + 'b'.repeat(10));
    expect(long.length).toBeLessThanOrEqual(48);
    expect(long).toMatch(/^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$/);
    expect(leaseId('x'.repeat(35) + '---yy')).toMatch(/[0-9A-Za-z]$/);
  });
});

describe('acquireLease', () => {
  it('creates the lock workflow with the first catalog model as the environment pins it', async () => {
    const api = new FakeClarifai();
    const lease = await acquireLease(api, { config, envName: 'prod', holder: 'me@host pid 1' });
    const lock = api.store.get(leaseId(config.project));
    expect(lock?.nodes[0]?.model).toMatchObject({ id: 'm1', model_version: { id: 'v9' } });
    expect(lock?.metadata?.['vtr-wf-lock']).toEqual({
      holder: 'me@host pid 1',
      expires_at: lease.info.expires_at,
    });
    expect(await lease.release()).toBeNull();
    expect(api.store.size).toBe(0);
  });

  it('releases only once the read it was told to wait for settles (it stays held meanwhile)', async () => {
    const api = new FakeClarifai();
    const lease = await acquireLease(api, { config, envName: 'prod', holder: 'me@host pid 1' });
    let readDone = () => undefined as void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    const releasing = lease.release(read);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.store.has(leaseId(config.project))).toBe(true);
    readDone();
    expect(await releasing).toBeNull();
    expect(api.store.size).toBe(0);
  });

  it('refuses while another run holds it, naming the holder and expiry', async () => {
    const api = new FakeClarifai();
    await acquireLease(api, { config, envName: 'prod', holder: 'alice@ci pid 7' });
    const second = acquireLease(api, { config, envName: 'prod', holder: 'bob@laptop pid 9' });
    await expect(second).rejects.toBeInstanceOf(LeaseHeldError);
    await expect(second).rejects.toThrow(/alice@ci pid 7 \(until \d{4}-.*vtr-wf unlock -e prod/);
  });

  it('suggests unlock once the lease has expired', async () => {
    const api = new FakeClarifai();
    await acquireLease(api, { config, envName: 'prod', holder: 'alice@ci pid 7', ttlMs: -1000 });
    await expect(acquireLease(api, { config, envName: 'prod', holder: 'bob' })).rejects.toThrow(
      /expired at .*vtr-wf unlock -e prod/,
    );
  });

  it('takes a lease whose create landed though its answer was lost; otherwise says it may land', async () => {
    const api = new FakeClarifai();
    api.failNext('PostWorkflows', {
      kind: 'transport',
      codeName: 'DEADLINE_EXCEEDED',
      applied: true,
    });
    const lease = await acquireLease(api, { config, envName: 'prod', holder: 'alice' });
    expect(await lease.release()).toBeNull();
    expect(api.store.size).toBe(0);

    api.failNext('PostWorkflows', {
      kind: 'transport',
      codeName: 'DEADLINE_EXCEEDED',
      applied: false,
    });
    await expect(acquireLease(api, { config, envName: 'prod', holder: 'alice' })).rejects.toThrow(
      /no workflow was written, but the lease itself may still land: .*held by alice, remove it with `vtr-wf unlock -e prod`/,
    );
    api.failNext('PostWorkflows', { kind: 'status', code: 21200 });
    await expect(acquireLease(api, { config, envName: 'prod', holder: 'alice' })).rejects.toThrow(
      /\(21200: .*\); nothing was written/,
    );
  });

  it('does not remove a lease someone else took over', async () => {
    const api = new FakeClarifai();
    const mine = await acquireLease(api, { config, envName: 'prod', holder: 'alice' });
    const force = { envName: 'prod', force: true };
    expect(await removeLease(api, config.project, force)).toMatchObject({ holder: 'alice' });
    await acquireLease(api, { config, envName: 'prod', holder: 'bob' });
    expect(await mine.release()).toMatch(/now held by bob/);
    expect(api.store.has(leaseId(config.project))).toBe(true);
    expect(await removeLease(api, config.project, force)).toMatchObject({ holder: 'bob' });
    expect(await removeLease(api, config.project, force)).toBeNull();
  });

  it('unlock refuses an unexpired or live holder without force, and says who holds it', async () => {
    const api = new FakeClarifai();
    await acquireLease(api, { config, envName: 'prod', holder: 'alice@elsewhere pid 1' });
    await expect(removeLease(api, config.project, { envName: 'prod' })).rejects.toThrow(
      /held by alice@elsewhere pid 1 and is not stale \(until .*\); nothing was removed.*--force/,
    );
    expect(api.store.has(leaseId(config.project))).toBe(true);
    // The same lease once expired is stale.
    const later = new Date(Date.now() + 31 * 60 * 1000);
    expect(await removeLease(api, config.project, { envName: 'prod', now: later })).toMatchObject({
      holder: 'alice@elsewhere pid 1',
    });

    // This very process holds it: alive, so refused even past its expiry.
    await acquireLease(api, { config, envName: 'prod', ttlMs: -1000 });
    await expect(removeLease(api, config.project, { envName: 'prod' })).rejects.toThrow(
      /still running on this host/,
    );
  });

  it('check() says when the lease stopped being ours', async () => {
    const api = new FakeClarifai();
    const mine = await acquireLease(api, { config, envName: 'prod', holder: 'alice' });
    expect(await mine.check()).toBeNull();
    await removeLease(api, config.project, { envName: 'prod', force: true });
    expect(await mine.check()).toMatch(/was removed while this run held it/);
    await acquireLease(api, { config, envName: 'prod', holder: 'bob' });
    expect(await mine.check()).toMatch(/now held by bob/);
  });
});
