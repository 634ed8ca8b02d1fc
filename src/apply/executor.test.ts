import { describe, expect, it } from 'vitest';
import { FakeClarifai } from '../../test/helpers/fake-clarifai.js';
import type { CanonicalWorkflow, PlanChange } from '../plan/types.js';
import { executeChanges } from './executor.js';
import { buildReport } from './report.js';
import { verifyApplied } from './verify.js';
import { changeToApiWorkflow } from '../plan/to-api.js';

const PROJECT = 'p';

function workflow(id: string, model = 'm1', version = 'v1'): CanonicalWorkflow {
  return {
    id,
    description: '',
    notes: '',
    nodes: [
      { id: 'a', model: { id: model, version }, inputs: [], suppress_output: false, params: {} },
      {
        id: 'b',
        model: { id: 'm2', version: 'v1' },
        inputs: ['a'],
        suppress_output: false,
        params: {},
      },
    ],
  };
}
const create = (id: string, model?: string): PlanChange => ({
  action: 'create',
  id,
  workflow: workflow(id, model),
  metadata: {},
});
const update = (id: string, version = 'v2'): PlanChange => ({
  action: 'update',
  id,
  workflow: workflow(id, 'm1', version),
  metadata: { other: 1 },
});
const del = (id: string): PlanChange => ({ action: 'delete', id });
const ids = (n: number, prefix = 'w') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

async function seed(api: FakeClarifai, changes: PlanChange[]) {
  await api.postWorkflows(changes.map((c) => changeToApiWorkflow(c, PROJECT)));
  api.calls.length = 0;
}

describe('executeChanges', () => {
  it('batches 50 workflows a call, per kind', async () => {
    const api = new FakeClarifai();
    await seed(api, [
      ...ids(60, 'u').map((id) => update(id, 'v1')),
      ...ids(10, 'd').map((id) => create(id)),
    ]);
    const changes = [
      ...ids(120).map((id) => create(id)),
      ...ids(60, 'u').map((id) => update(id)),
      ...ids(10, 'd').map(del),
    ];
    const run = await executeChanges(api, changes, { project: PROJECT });
    const report = buildReport(changes, run.outcomes, { api_calls: api.callCount });
    expect(report.summary).toEqual({ planned: 190, applied: 190, failed: 0, not_attempted: 0 });
    const methods = api.calls.map((c) => c.method).sort();
    expect(methods.filter((m) => m === 'PostWorkflows')).toHaveLength(3);
    expect(methods.filter((m) => m === 'PatchWorkflows')).toHaveLength(2);
    expect(methods.filter((m) => m === 'DeleteWorkflows')).toHaveLength(1);
    expect(api.store.get('u0001')?.nodes.find((n) => n.id === 'a')?.model.model_version?.id).toBe(
      'v2',
    );
    expect(api.store.has('d0003')).toBe(false);
  });

  it('retries a batch refused by a permanent error one workflow a call, for an exact report', async () => {
    const api = new FakeClarifai();
    const changes = ids(5).map((id) => create(id, id === 'w0002' ? 'unknown-model' : 'm1'));
    const run = await executeChanges(api, changes, { project: PROJECT });
    const report = buildReport(changes, run.outcomes, { api_calls: api.callCount });
    expect(report.applied.map((a) => a.id)).toEqual(['w0000', 'w0001', 'w0003', 'w0004']);
    expect(report.failed).toEqual([
      {
        id: 'w0002',
        action: 'create',
        code: 21200,
        description: 'Model does not exist: model unknown-model',
      },
    ]);
    // one refused batch + five single calls
    expect(api.writeCalls()).toBe(6);
  });

  it('counts a create that meets its own earlier, lost success (22100) as applied', async () => {
    const api = new FakeClarifai();
    const changes = [create('a1'), create('a2')];
    // The first attempt lands but its answer is lost; the client's retry then sees 22100.
    await api.postWorkflows([changeToApiWorkflow(changes[0] as PlanChange, PROJECT)]);
    const run = await executeChanges(api, changes, { project: PROJECT });
    const report = buildReport(changes, run.outcomes, { api_calls: 0 });
    expect(report.summary.applied).toBe(2);
  });

  it('does not count a different workflow under the same id as applied', async () => {
    const api = new FakeClarifai();
    await api.postWorkflows([changeToApiWorkflow(create('a1', 'm2'), PROJECT)]);
    const changes = [create('a1')];
    const run = await executeChanges(api, changes, { project: PROJECT });
    const report = buildReport(changes, run.outcomes, { api_calls: 0 });
    expect(report.failed).toMatchObject([{ id: 'a1', code: 22100 }]);
  });

  it('counts a delete of an already-gone workflow as applied', async () => {
    const api = new FakeClarifai();
    await seed(api, [create('x1')]);
    const changes = [del('x1'), del('x2')];
    const run = await executeChanges(api, changes, { project: PROJECT });
    expect(buildReport(changes, run.outcomes, { api_calls: 0 }).summary.applied).toBe(2);
  });

  it('stops starting calls after an unanswered one, and the re-read settles it', async () => {
    const api = new FakeClarifai();
    api.failNext('PostWorkflows', { kind: 'transport', codeName: 'UNAVAILABLE', applied: true });
    const changes = ids(150).map((id) => create(id));
    const run = await executeChanges(api, changes, { project: PROJECT, concurrency: 1 });
    let report = buildReport(changes, run.outcomes, { api_calls: 0 });
    expect(report.summary).toEqual({ planned: 150, applied: 0, failed: 50, not_attempted: 100 });
    expect(report.failed[0]?.description).toMatch(/outcome is unknown/);
    const verified = await verifyApplied(api, changes, run.outcomes, PROJECT);
    report = buildReport(changes, verified.outcomes, { api_calls: 0 });
    expect(report.summary).toEqual({ planned: 150, applied: 50, failed: 0, not_attempted: 100 });
  });

  it('keeps a batch refused after a lost attempt "outcome unknown" until the re-read settles it', async () => {
    // The batch's first attempt timed out (it may land later), its retry was refused:
    // a refusal of the singles then proves nothing, and once the run stops, the rest
    // of that batch was attempted all the same.
    const lost = { kind: 'status', code: 98004, afterAmbiguousAttempt: true } as const;
    const api = new FakeClarifai();
    api.failNext(
      'PostWorkflows',
      lost,
      { kind: 'status', code: 98004 },
      { kind: 'status', code: 11005, transient: true },
    );
    const changes = ids(5).map((id) => create(id));
    const run = await executeChanges(api, changes, { project: PROJECT, concurrency: 1 });
    const report = buildReport(changes, run.outcomes, { api_calls: 0 });
    expect(report.summary).toEqual({ planned: 5, applied: 0, failed: 5, not_attempted: 0 });
    for (const f of report.failed) expect(f.description).toMatch(/outcome is unknown/);
    // The lost attempt lands after all; the re-read finds every one as planned.
    await api.postWorkflows(changes.map((c) => changeToApiWorkflow(c, PROJECT)));
    const verified = await verifyApplied(api, changes, run.outcomes, PROJECT);
    expect(buildReport(changes, verified.outcomes, { api_calls: 0 }).summary).toEqual({
      planned: 5,
      applied: 5,
      failed: 0,
      not_attempted: 0,
    });
  });

  it('stops on a key rejection instead of retrying every workflow', async () => {
    const api = new FakeClarifai();
    api.failNext('PostWorkflows', { kind: 'status', code: 11008, description: 'Invalid API key' });
    const changes = ids(120).map((id) => create(id));
    const run = await executeChanges(api, changes, { project: PROJECT, concurrency: 1 });
    const report = buildReport(changes, run.outcomes, { api_calls: 0 });
    expect(report.summary).toEqual({ planned: 120, applied: 0, failed: 50, not_attempted: 70 });
    expect(api.writeCalls()).toBe(1);
  });

  it('lets calls in flight finish after Ctrl-C and starts no new ones', async () => {
    const api = new FakeClarifai();
    const abort = new AbortController();
    let started = 0;
    api.beforeWrite = async () => {
      started++;
      if (started === 2) abort.abort();
      await new Promise((r) => setTimeout(r, 5));
    };
    const changes = ids(500).map((id) => create(id));
    const run = await executeChanges(api, changes, {
      project: PROJECT,
      concurrency: 2,
      signal: abort.signal,
    });
    const report = buildReport(changes, run.outcomes, {
      api_calls: 0,
      interrupted: run.interrupted,
    });
    expect(run.interrupted).toBe(true);
    expect(report.summary).toEqual({ planned: 500, applied: 100, failed: 0, not_attempted: 400 });
    expect(api.store.size).toBe(100);
  });

  it('accounts for every change exactly once under random faults', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const api = new FakeClarifai();
      let state = seed;
      const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let i = 0; i < 20; i++) {
        const r = random();
        const method = r < 0.5 ? 'PostWorkflows' : 'PatchWorkflows';
        if (random() < 0.3) api.failNext(method, { kind: 'status', code: 21200 });
        else if (random() < 0.1)
          api.failNext(method, {
            kind: 'transport',
            codeName: 'DEADLINE_EXCEEDED',
            applied: random() < 0.5,
          });
      }
      await seed_(api);
      const changes = [
        ...ids(120).map((id) => create(id)),
        ...ids(60, 'u').map((id) => update(id)),
      ];
      const run = await executeChanges(api, changes, { project: PROJECT });
      const verified = await verifyApplied(api, changes, run.outcomes, PROJECT);
      const report = buildReport(changes, verified.outcomes, { api_calls: 0 });
      const all = [...report.applied, ...report.failed, ...report.not_attempted]
        .map((c) => c.id)
        .sort();
      expect(all).toEqual(changes.map((c) => c.id).sort());
      for (const a of report.applied) {
        const live = api.store.get(a.id);
        expect(live?.metadata?.['vtr-wf']).toBeDefined();
      }
    }
    async function seed_(api: FakeClarifai) {
      const faults = new Map(api.faults);
      api.faults.clear();
      await seed(
        api,
        ids(60, 'u').map((id) => update(id, 'v1')),
      );
      for (const [k, v] of faults) api.faults.set(k, v);
    }
  });

  it('sends a batch only after beforeWrite resolved for it, and stops at its first failure', async () => {
    const api = new FakeClarifai();
    await seed(
      api,
      ids(150, 'u').map((id) => update(id, 'v1')),
    );
    const changes = ids(150, 'u').map((id) => update(id));
    const ready = new Set<number>();
    let sentUnready = 0;
    const patch = api.patchWorkflows.bind(api);
    api.patchWorkflows = async (workflows, action) => {
      for (const w of workflows)
        if (!ready.has(changes.findIndex((c) => c.id === w.id))) sentUnready += 1;
      return patch(workflows, action);
    };
    let jobs = 0;
    const run = await executeChanges(api, changes, {
      project: PROJECT,
      concurrency: 1,
      beforeWrite: async (indexes) => {
        if (++jobs === 2) throw new Error('disk full');
        for (const i of indexes) ready.add(i);
      },
    });
    expect(sentUnready).toBe(0);
    expect(run.beforeWriteError).toBeInstanceOf(Error);
    const report = buildReport(changes, run.outcomes, { api_calls: 0 });
    expect(report.summary).toMatchObject({ applied: 50, failed: 0, not_attempted: 100 });
  });

  it('shares one lease check among the batches that reach it together, and checks again for later ones', async () => {
    const api = new FakeClarifai();
    await seed(
      api,
      ids(200, 'u').map((id) => update(id, 'v1')),
    );
    const changes = ids(200, 'u').map((id) => update(id));
    let checks = 0;
    let answered = 0;
    /** For each batch sent: how many checks had answered when it went. */
    const sentAfter: number[] = [];
    const patch = api.patchWorkflows.bind(api);
    api.patchWorkflows = async (workflows, action) => {
      sentAfter.push(answered);
      // Held, so the next round of batches needs a check of its own.
      await new Promise((r) => setTimeout(r, 20));
      return patch(workflows, action);
    };
    const run = await executeChanges(api, changes, {
      project: PROJECT,
      concurrency: 2,
      checkLease: async () => {
        checks += 1;
        await new Promise((r) => setTimeout(r, 5));
        answered += 1;
        return null;
      },
    });
    expect(buildReport(changes, run.outcomes, { api_calls: 0 }).summary.applied).toBe(200);
    // Four batches, two at a time: the pair sent together shared a check; the next pair got a new one.
    expect(checks).toBe(2);
    expect(sentAfter).toEqual([1, 1, 2, 2]);
  });
});
