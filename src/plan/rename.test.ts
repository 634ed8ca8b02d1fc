import { describe, expect, it } from 'vitest';
import type { ApiWorkflow } from '../clarifai/types.js';
import { serverFill, vtrWorkflow } from './fake-server.test-support.js';
import { specHash } from './fingerprint.js';
import { normaliseLive } from './normalise.js';
import { plan } from './plan.js';
import { toApiWorkflow } from './to-api.js';
import type { CanonicalWorkflow, DesiredState, LiveState, Mark, PlanOptions } from './types.js';

const PROJECT = 'acme-ocr';

function desiredOf(
  specs: { workflow: CanonicalWorkflow; previous_ids?: string[] }[],
): DesiredState {
  return {
    environment: 'staging',
    user_id: 'acme',
    app_id: 'vtr',
    project: PROJECT,
    workflows: specs.map(({ workflow, previous_ids }) => ({
      workflow,
      spec_hash: specHash(workflow),
      source: { file: `workflows/${workflow.id}.yaml`, document: 0 },
      ...(previous_ids ? { previous_ids } : {}),
    })),
  };
}

function live(w: CanonicalWorkflow, mark: Partial<Mark> | null = {}): ApiWorkflow {
  const api = serverFill(
    toApiWorkflow(w, {}, { project: PROJECT, spec_hash: specHash(w), ...(mark ?? {}) }),
    3,
  );
  if (mark === null) api.metadata = {};
  api.version = { id: `version-of-${w.id}` };
  return api;
}

function liveOf(apis: ApiWorkflow[]): LiveState {
  return { workflows: apis.map(normaliseLive), api_calls: 1 };
}

function opts(o: Partial<PlanOptions> = {}): PlanOptions {
  return { prune: false, ids: [], allow_empty: false, adopt: [], ...o };
}

describe('plan: renames (previous_ids)', () => {
  const renamed = vtrWorkflow('new-vtr');
  const old = { ...renamed, id: 'old-vtr' };

  it('plans one rename, not a delete and a create; summary key rename; fingerprints both ids', () => {
    const { plan: p, diagnostics } = plan(
      desiredOf([{ workflow: renamed, previous_ids: ['old-vtr'] }]),
      liveOf([live(old)]),
      opts({ prune: true }),
    );
    expect(diagnostics).toEqual([]);
    expect(p.changes.map((c) => [c.action, c.id, c.from])).toEqual([
      ['rename', 'new-vtr', 'old-vtr'],
    ]);
    expect(p.changes[0]?.diffs).toBeUndefined();
    expect(p.summary).toEqual({ create: 0, update: 0, delete: 0, rename: 1, unchanged: 0 });
    expect(Object.keys(p.fingerprints)).toEqual(['new-vtr', 'old-vtr']);
    expect(p.fingerprints['new-vtr']).toBeNull();
    expect(p.versions).toEqual({ 'old-vtr': 'version-of-old-vtr' });
  });

  it('a rename carries the content diffs; renames sort after deletions and before creations', () => {
    const changed = { ...renamed, description: 'changed' };
    const gone = vtrWorkflow('a-gone');
    const created = vtrWorkflow('a-new');
    const { plan: p } = plan(
      desiredOf([{ workflow: changed, previous_ids: ['old-vtr'] }, { workflow: created }]),
      liveOf([live(old), live(gone)]),
      opts({ prune: true }),
    );
    expect(p.changes.map((c) => [c.action, c.id])).toEqual([
      ['delete', 'a-gone'],
      ['rename', 'new-vtr'],
      ['create', 'a-new'],
    ]);
    expect(p.changes[1]?.diffs).toEqual([
      { path: '/description', before: old.description, after: 'changed' },
    ]);
  });

  it('both ids live: an error that explains the choice, and no change', () => {
    const { plan: p, diagnostics } = plan(
      desiredOf([{ workflow: renamed, previous_ids: ['old-vtr'] }]),
      liveOf([live(old), live(renamed)]),
      opts(),
    );
    expect(p.changes).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['rename-conflict']);
    expect(diagnostics[0]?.message).toMatch(/both `old-vtr`.*and `new-vtr` exist/);
    expect(diagnostics[0]?.message).toMatch(/--prune/);
  });

  it('never renames an unmarked workflow without --adopt; with --adopt OLD it renames and marks', () => {
    const without = plan(
      desiredOf([{ workflow: renamed, previous_ids: ['old-vtr'] }]),
      liveOf([live(old, null)]),
      opts(),
    );
    expect(without.plan.changes).toEqual([]);
    expect(without.diagnostics.map((d) => d.code)).toEqual(['rename-unmanaged']);
    expect(without.diagnostics[0]?.message).toContain('--adopt old-vtr');

    const adopted = plan(
      desiredOf([{ workflow: renamed, previous_ids: ['old-vtr'] }]),
      liveOf([live(old, null)]),
      opts({ adopt: ['old-vtr'] }),
    );
    expect(adopted.diagnostics).toEqual([]);
    expect(adopted.plan.changes[0]).toMatchObject({
      action: 'rename',
      id: 'new-vtr',
      from: 'old-vtr',
      adopt: true,
    });
    expect(adopted.plan.changes[0]?.diffs?.map((d) => d.path)).toEqual(['/metadata/vtr-wf']);
  });

  it("never renames another project's workflow", () => {
    const { plan: p, diagnostics } = plan(
      desiredOf([{ workflow: renamed, previous_ids: ['old-vtr'] }]),
      liveOf([live(old, { project: 'other' })]),
      opts(),
    );
    expect(p.changes).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['foreign-conflict']);
  });

  it('a plan limited to ids includes the rename by either id', () => {
    for (const id of ['old-vtr', 'new-vtr']) {
      const { plan: p } = plan(
        desiredOf([{ workflow: renamed, previous_ids: ['old-vtr'] }]),
        liveOf([live(old)]),
        opts({ ids: [id] }),
      );
      expect(p.changes.map((c) => c.action)).toEqual(['rename']);
    }
  });

  it('warns that applying the specs undoes a rollback; records the revision', () => {
    const rolledBack = { ...renamed, description: 'older' };
    const { plan: p, diagnostics } = plan(
      desiredOf([{ workflow: renamed }]),
      liveOf([live(rolledBack, { rolled_back_from: 'abc' })]),
      opts({ revision: 'deadbeef' }),
    );
    expect(p.changes.map((c) => c.action)).toEqual(['update']);
    expect(p.revision).toBe('deadbeef');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['undoes-rollback', 'warning']]);
  });

  it('a revision in the mark is no change: plan after apply stays empty', () => {
    const { plan: p } = plan(
      desiredOf([{ workflow: renamed }]),
      liveOf([live(renamed, { revision: 'r1' })]),
      opts({ revision: 'r2' }),
    );
    expect(p.changes).toEqual([]);
    expect(p.summary.unchanged).toBe(1);
  });
});
