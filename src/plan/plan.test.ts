import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiWorkflow } from '../model/api-types.js';
import type { JsonObject } from '../json.js';
import {
  canonicalWorkflowArb,
  node,
  serverFill,
  shuffled,
  vtrWorkflow,
} from './fake-server.test-support.js';
import { specHash } from './fingerprint.js';
import { normaliseLive } from './normalise.js';
import { plan } from './plan.js';
import { toApiWorkflow } from './to-api.js';
import type { CanonicalWorkflow, DesiredState, LiveState, PlanOptions } from './types.js';

const PROJECT = 'acme-ocr';

function desiredOf(workflows: CanonicalWorkflow[]): DesiredState {
  return {
    environment: 'staging',
    user_id: 'acme',
    app_id: 'vtr',
    project: PROJECT,
    workflows: workflows.map((workflow, i) => ({
      workflow,
      spec_hash: specHash(workflow),
      source: { file: `workflows/${workflow.id}.yaml`, document: i % 2 },
    })),
  };
}

/** What the server holds after vtr-wf wrote `w` (reordered, server fields filled). */
function applied(
  w: CanonicalWorkflow,
  project = PROJECT,
  metadata: JsonObject = {},
  seed = 3,
): ApiWorkflow {
  return serverFill(toApiWorkflow(w, metadata, { project, spec_hash: specHash(w) }), seed);
}

/** A workflow someone made by hand: no mark. */
function handMade(w: CanonicalWorkflow, metadata: JsonObject = {}): ApiWorkflow {
  const api = serverFill(toApiWorkflow(w, {}, { project: 'x', spec_hash: 'x' }));
  api.metadata = metadata;
  return api;
}

function liveOf(apis: ApiWorkflow[], apiCalls = 1): LiveState {
  return { workflows: apis.map(normaliseLive), api_calls: apiCalls };
}

function opts(o: Partial<PlanOptions> = {}): PlanOptions {
  return { prune: false, ids: [], allow_empty: false, adopt: [], ...o };
}

const simple = (id: string, version = '1'): CanonicalWorkflow => ({
  id,
  description: '',
  notes: '',
  nodes: [node('a', version), node('b', '1', ['a'])],
});

describe('plan', () => {
  it('shows no changes right after apply, though the server reordered and filled fields', () => {
    const w = vtrWorkflow();
    const { plan: p, diagnostics } = plan(desiredOf([w]), liveOf([applied(w)], 4), opts());
    expect(diagnostics).toEqual([]);
    expect(p).toEqual({
      format_version: 2,
      environment: 'staging',
      user_id: 'acme',
      app_id: 'vtr',
      project: PROJECT,
      summary: { create: 0, update: 0, delete: 0, rename: 0, unchanged: 1 },
      changes: [],
      unmanaged: [],
      foreign: [],
      fingerprints: {},
      versions: { [w.id]: expect.any(String) },
      api_calls: 4,
    });
  });

  it('creates what is not live, with a null fingerprint', () => {
    const w = vtrWorkflow();
    const { plan: p } = plan(desiredOf([w]), liveOf([]), opts());
    expect(p.summary).toEqual({ create: 1, update: 0, delete: 0, rename: 0, unchanged: 0 });
    expect(p.changes).toEqual([{ action: 'create', id: w.id, workflow: w, metadata: {} }]);
    expect(p.fingerprints).toEqual({ [w.id]: null });
  });

  it('shows an out-of-band version bump naming the node and both versions', () => {
    const spec = vtrWorkflow();
    const live = applied(vtrWorkflow(undefined, 'bumped-by-hand'), PROJECT, { team: 'ocr' });
    const { plan: p } = plan(desiredOf([spec]), liveOf([live]), opts());
    expect(p.summary.update).toBe(1);
    const [change] = p.changes;
    expect(change).toMatchObject({
      action: 'update',
      id: spec.id,
      diffs: [
        {
          path: '/nodes/image-to-text/model/version',
          before: 'bumped-by-hand',
          after: 'd94413e582f341f68884cac72dbd2c7b',
        },
      ],
      workflow: spec,
      metadata: {
        team: 'ocr',
        'vtr-wf': {
          project: PROJECT,
          spec_hash: specHash(vtrWorkflow(undefined, 'bumped-by-hand')),
        },
      },
    });
    // The before side leaves out the owner the server filled: the spec names none.
    expect(change?.before).toEqual(vtrWorkflow(undefined, 'bumped-by-hand'));
    expect(p.fingerprints).toEqual({ [spec.id]: normaliseLive(live).fingerprint });
  });

  it('hashes a fingerprint only when it is read, and reads like a plain value', () => {
    const spec = vtrWorkflow();
    const api = applied(vtrWorkflow(undefined, 'bumped-by-hand'));
    const normalised = normaliseLive(api);
    let hashed = 0;
    const counted = Object.defineProperty({ ...normalised }, 'fingerprint', {
      get: () => {
        hashed++;
        return normalised.fingerprint;
      },
    });
    const { plan: p } = plan(desiredOf([spec]), { workflows: [counted], api_calls: 1 }, opts());
    expect(hashed).toBe(0);
    // What a saved plan and --format json hold: the value itself.
    expect(JSON.parse(JSON.stringify(p.fingerprints))).toEqual({
      [spec.id]: normalised.fingerprint,
    });
    expect(structuredClone(p.fingerprints)).toEqual({ [spec.id]: normalised.fingerprint });
    expect(hashed).toBeGreaterThan(0);
    // Assigned (a test making a plan stale), it is a plain value.
    p.fingerprints[spec.id] = 'edited';
    expect({ ...p.fingerprints }).toEqual({ [spec.id]: 'edited' });
  });

  it('removes a node dropped from the spec, and diffs inputs and params', () => {
    const live = simple('w');
    live.nodes.push(node('c', '1', ['a']));
    const spec: CanonicalWorkflow = {
      ...simple('w'),
      nodes: [node('a', '1', [], { params: { min_value: 0.9 } }), node('b', '1', [])],
    };
    const { plan: p } = plan(desiredOf([spec]), liveOf([applied(live)]), opts());
    expect(p.changes[0]?.diffs?.map((d) => d.path)).toEqual([
      '/nodes/a/params/min_value',
      '/nodes/b/inputs',
      '/nodes/c',
    ]);
    expect(p.changes[0]?.diffs?.[2]?.after).toBeNull();
  });

  it('never touches a hand-made workflow; a spec with its id is unmanaged-conflict', () => {
    const spec = simple('hand');
    const { plan: p, diagnostics } = plan(
      desiredOf([spec]),
      liveOf([handMade(spec, { owner: 'bob' }), handMade(simple('other'))]),
      opts({ prune: true }),
    );
    expect(p.changes).toEqual([]);
    expect(p.unmanaged).toEqual(['hand']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'unmanaged-conflict',
      severity: 'error',
      file: 'workflows/hand.yaml',
      pointer: '/id',
    });
    expect(diagnostics[0]?.message).toContain(
      'vtr-wf export -e staging hand --out workflows/ then vtr-wf apply -e staging --adopt hand',
    );
  });

  it("refuses a spec whose id another project's mark claims, and never prunes it", () => {
    const theirs = simple('theirs');
    const { plan: p, diagnostics } = plan(
      desiredOf([theirs]),
      liveOf([applied(theirs, 'other-project'), applied(simple('also-theirs'), 'other-project')]),
      opts({ prune: true }),
    );
    expect(p.changes).toEqual([]);
    expect(p.foreign).toEqual(['theirs']);
    expect(diagnostics.map((d) => d.code)).toEqual(['foreign-conflict']);
    expect(diagnostics[0]?.message).toContain('`other-project`');
  });

  it('deletes managed workflows no spec declares only with --prune, deletions first', () => {
    const desired = desiredOf([simple('b-new'), simple('z-kept', '2')]);
    const live = liveOf([
      applied(simple('a-gone')),
      applied(simple('y-gone')),
      applied(simple('z-kept')),
    ]);
    expect(plan(desired, live, opts()).plan.changes.map((c) => [c.action, c.id])).toEqual([
      ['create', 'b-new'],
      ['update', 'z-kept'],
    ]);
    const { plan: p } = plan(desired, live, opts({ prune: true }));
    expect(p.changes.map((c) => [c.action, c.id])).toEqual([
      ['delete', 'a-gone'],
      ['delete', 'y-gone'],
      ['create', 'b-new'],
      ['update', 'z-kept'],
    ]);
    expect(p.summary).toEqual({ create: 1, update: 1, delete: 2, rename: 0, unchanged: 0 });
    expect(p.changes[0]?.before?.id).toBe('a-gone');
    expect(Object.keys(p.fingerprints)).toEqual(['a-gone', 'b-new', 'y-gone', 'z-kept']);
    expect(p.fingerprints['b-new']).toBeNull();
    expect(p.fingerprints['a-gone']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses --prune with no specs at all unless --allow-empty', () => {
    const live = liveOf([applied(simple('a'))]);
    const refused = plan(desiredOf([]), live, opts({ prune: true }));
    expect(refused.plan.changes).toEqual([]);
    expect(refused.diagnostics.map((d) => d.code)).toEqual(['prune-empty']);
    const allowed = plan(desiredOf([]), live, opts({ prune: true, allow_empty: true }));
    expect(allowed.diagnostics).toEqual([]);
    expect(allowed.plan.changes.map((c) => c.action)).toEqual(['delete']);
  });

  it('limits everything to the given ids; an id that is neither spec nor live is unknown-id', () => {
    const desired = desiredOf([simple('a', '2'), simple('b', '2'), simple('new')]);
    const live = liveOf([applied(simple('a')), applied(simple('b')), applied(simple('gone'))]);
    const { plan: p, diagnostics } = plan(
      desired,
      live,
      opts({ ids: ['b', 'gone', 'nope'], prune: true }),
    );
    expect(p.changes.map((c) => [c.action, c.id])).toEqual([
      ['delete', 'gone'],
      ['update', 'b'],
    ]);
    expect(diagnostics.map((d) => [d.code, d.message.includes('`nope`')])).toEqual([
      ['unknown-id', true],
    ]);
  });

  it('never shows lock workflows, not even to --prune or an id filter', () => {
    const lock = applied(simple('vtr-wf-lock-acme-ocr'));
    const { plan: p, diagnostics } = plan(
      desiredOf([]),
      liveOf([lock]),
      opts({ prune: true, allow_empty: true }),
    );
    expect(p.changes).toEqual([]);
    expect(diagnostics).toEqual([]);
    const filtered = plan(desiredOf([]), liveOf([lock]), opts({ ids: ['vtr-wf-lock-acme-ocr'] }));
    expect(filtered.diagnostics.map((d) => d.code)).toEqual(['unknown-id']);
    const reserved = plan(desiredOf([simple('vtr-wf-lock-x')]), liveOf([]), opts());
    expect(reserved.plan.changes).toEqual([]);
    expect(reserved.diagnostics.map((d) => d.code)).toEqual(['reserved-id']);
  });

  it('adopts an unmarked workflow: only the mark changes when content matches', () => {
    const spec = simple('hand');
    const { plan: p, diagnostics } = plan(
      desiredOf([spec]),
      liveOf([handMade(spec, { owner: 'bob' })]),
      opts({ adopt: ['hand'] }),
    );
    expect(diagnostics).toEqual([]);
    expect(p.unmanaged).toEqual([]);
    expect(p.summary.update).toBe(1);
    expect(p.changes).toEqual([
      expect.objectContaining({
        action: 'update',
        id: 'hand',
        adopt: true,
        metadata: { owner: 'bob' },
        diffs: [
          {
            path: '/metadata/vtr-wf',
            before: null,
            after: { project: PROJECT, spec_hash: specHash(spec) },
          },
        ],
      }),
    ]);
  });

  it('adoption also shows content diffs, and reports what cannot be adopted', () => {
    const spec = simple('hand', '2');
    const { plan: p, diagnostics } = plan(
      desiredOf([spec, simple('mine')]),
      liveOf([handMade(simple('hand')), applied(simple('mine'))]),
      opts({ adopt: ['hand', 'mine', 'ghost', 'no-spec'] }),
    );
    expect(p.changes[0]?.diffs?.map((d) => d.path)).toEqual([
      '/metadata/vtr-wf',
      '/nodes/a/model/version',
    ]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['adopt-without-spec', 'error'], // ghost
      ['already-managed', 'warning'], // mine
      ['adopt-without-spec', 'error'], // no-spec
    ]);
    const notLive = plan(desiredOf([simple('ghost')]), liveOf([]), opts({ adopt: ['ghost'] }));
    expect(notLive.diagnostics.map((d) => d.code)).toEqual(['adopt-not-found']);
  });

  it('warns when an update would overwrite live fields vtr-wf does not model', () => {
    const live = applied(simple('w'));
    live.bookmark_origin = { id: 'elsewhere' };
    const { diagnostics } = plan(desiredOf([simple('w', '2')]), liveOf([live]), opts());
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['unsupported-fields', 'warning'],
    ]);
    expect(diagnostics[0]?.message).toContain('/bookmark_origin');
  });

  it('is empty after apply for any workflows, in any live order (property)', () => {
    const workflowsArb = fc.uniqueArray(canonicalWorkflowArb, {
      maxLength: 5,
      selector: (w) => w.id,
    });
    fc.assert(
      fc.property(workflowsArb, fc.nat(), fc.boolean(), (workflows, seed, prune) => {
        const apis = workflows.map((w, i) => applied(w, PROJECT, { keep: i }, seed + i));
        const { plan: p, diagnostics } = plan(
          desiredOf(workflows),
          liveOf(shuffled(apis, seed)),
          opts({ prune, allow_empty: true }),
        );
        expect(diagnostics).toEqual([]);
        expect(p.changes).toEqual([]);
        expect(p.summary.unchanged).toBe(workflows.length);
      }),
    );
  });

  it('does not depend on the order live workflows were read in (property)', () => {
    const workflowsArb = fc.uniqueArray(canonicalWorkflowArb, {
      maxLength: 6,
      selector: (w) => w.id,
    });
    fc.assert(
      fc.property(workflowsArb, workflowsArb, fc.nat(), (specs, lives, seed) => {
        const apis = lives.map((w) => applied(w));
        const a = plan(desiredOf(specs), liveOf(apis), opts({ prune: true }));
        const b = plan(
          desiredOf(shuffled(specs, seed)),
          liveOf(shuffled(apis, seed + 1)),
          opts({ prune: true }),
        );
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
    );
  });
});
