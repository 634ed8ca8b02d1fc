import { describe, expect, it } from 'vitest';
import { ModelCatalog } from './models.js';
import type { NodeDraft, WorkflowDraft } from './state-types.js';
import { EmulatorStore } from './store.js';
import { VTR_MODELS } from '../vtr-models.js';

const detector = VTR_MODELS[0] as (typeof VTR_MODELS)[number];
const app = { user_id: 'u', app_id: 'a' };

function node(id: string, inputs: string[] = []): NodeDraft {
  return {
    id,
    model: { id: detector.id, version_id: '' },
    node_inputs: inputs,
    suppress_output: false,
    output_info_override: null,
  };
}

function draft(id: string, extra: Partial<WorkflowDraft> = {}): WorkflowDraft {
  return {
    id,
    description: '',
    notes: '',
    metadata: null,
    visibility: null,
    use_cases: [],
    check_consents: [],
    image: null,
    nodes: [node('n')],
    ...extra,
  };
}

/** A store whose clock ticks 1 s per write, so ordering is deterministic. */
function store(): EmulatorStore {
  let t = Date.parse('2025-01-01T00:00:00Z');
  return new EmulatorStore(new ModelCatalog(), () => new Date((t += 1000)));
}

describe('EmulatorStore', () => {
  it('fills server fields on post and resolves the latest version', () => {
    const s = store();
    const r = s.postWorkflows(app, [draft('w')]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [wf] = r.value;
    expect(wf).toMatchObject({ id: 'w', visibility: 10, created_at: '2025-01-01T00:00:01.000Z' });
    expect(wf?.modified_at).toBe(wf?.created_at);
    expect(wf?.nodes[0]?.model.version_id).toBe(detector.version);
  });

  it('is all-or-nothing: one bad workflow writes nothing', () => {
    const s = store();
    const r = s.postWorkflows(app, [
      draft('good'),
      draft('bad', { nodes: [node('x', ['ghost'])] }),
    ]);
    expect(!r.ok && r.status.code).toBe(22107);
    expect(s.listWorkflows(app, { page: 1, per_page: 10 })).toEqual([]);
  });

  it('undo reverts a post, a patch and a delete exactly', () => {
    const s = store();
    const posted = s.postWorkflows(app, [draft('a', { description: 'first' })]);
    const snapshot = JSON.stringify(s.snapshot());
    const patched = s.patchWorkflows(app, [draft('a', { description: 'second' })], 'overwrite');
    expect(patched.ok).toBe(true);
    if (patched.ok) patched.undo();
    expect(JSON.stringify(s.snapshot())).toBe(snapshot);
    const deleted = s.deleteWorkflows(app, ['a'], false);
    if (deleted.ok) deleted.undo();
    expect(JSON.stringify(s.snapshot())).toBe(snapshot);
    if (posted.ok) posted.undo();
    expect(s.snapshot().apps).toEqual({});
  });

  it('lists newest modified_at first, ties by id; pages are 1-based and clamped', () => {
    const s = store();
    s.postWorkflows(app, [draft('b'), draft('a')]);
    s.postWorkflows(app, [draft('c')]);
    s.patchWorkflows(app, [draft('b', { description: 'touched' })], 'merge');
    const order = (o: { page: number; per_page: number }) =>
      s.listWorkflows(app, o).map((w) => w.id);
    expect(order({ page: 0, per_page: 0 })).toEqual(['b', 'c', 'a']);
    expect(order({ page: 2, per_page: 2 })).toEqual(['a']);
    expect(order({ page: 3, per_page: 2 })).toEqual([]);
    expect(
      s
        .listWorkflows(app, { page: 1, per_page: 0, sort_by: 'id', sort_ascending: true })
        .map((w) => w.id),
    ).toEqual(['a', 'b', 'c']);
  });

  it('merge keeps unsent description/notes; overwrite replaces them', () => {
    const s = store();
    s.postWorkflows(app, [draft('w', { description: 'd', notes: 'n' })]);
    const merged = s.patchWorkflows(app, [draft('w', { nodes: [] })], 'merge');
    expect(merged.ok && merged.value[0]).toMatchObject({ description: 'd', notes: 'n' });
    const over = s.patchWorkflows(app, [draft('w', { nodes: [] })], 'overwrite');
    expect(over.ok && over.value[0]).toMatchObject({ description: '', notes: '' });
    expect(over.ok && over.value[0]?.nodes.map((n) => n.id)).toEqual(['n']);
  });

  it("'remove' takes the image away only when its url matches", () => {
    const s = store();
    s.postWorkflows(app, [draft('w', { image: { url: 'https://x/y.png' } })]);
    expect(
      s.patchWorkflows(app, [draft('w', { image: { url: 'https://other' } })], 'remove').ok,
    ).toBe(false);
    const r = s.patchWorkflows(app, [draft('w', { image: { url: 'https://x/y.png' } })], 'remove');
    expect(r.ok && r.value[0]?.image).toBeNull();
  });

  it('delete needs ids or delete_all', () => {
    const s = store();
    const r = s.deleteWorkflows(app, [], false);
    expect(!r.ok && r.status.code).toBe(22104);
  });

  it('restore(snapshot()) gives back the same state', () => {
    const s = store();
    s.postWorkflows(app, [draft('w', { metadata: { a: [1, { b: null }] } })]);
    const copy = store();
    copy.restore(JSON.parse(JSON.stringify(s.snapshot())));
    expect(copy.snapshot()).toEqual(s.snapshot());
    expect(copy.getWorkflow(app, 'w')).toMatchObject({
      ok: true,
      value: { metadata: { a: [1, { b: null }] } },
    });
  });
});
