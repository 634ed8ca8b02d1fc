import { describe, expect, it } from 'vitest';
import { diffWorkflows, liveAsCompared } from './diff.js';
import { node, vtrWorkflow } from './fake-server.test-support.js';
import type { CanonicalWorkflow } from './types.js';

const workflow = (nodes: CanonicalWorkflow['nodes'], extra: Partial<CanonicalWorkflow> = {}) => ({
  id: 'w',
  description: '',
  notes: '',
  nodes,
  ...extra,
});

describe('diffWorkflows', () => {
  it('finds nothing between equal workflows', () => {
    expect(diffWorkflows(vtrWorkflow(), vtrWorkflow())).toEqual([]);
  });

  it('names the node and both versions on a version bump', () => {
    expect(diffWorkflows(vtrWorkflow(undefined, 'new-version'), vtrWorkflow())).toEqual([
      {
        path: '/nodes/image-to-text/model/version',
        before: 'd94413e582f341f68884cac72dbd2c7b',
        after: 'new-version',
      },
    ]);
  });

  it('shows added and removed nodes whole, and changed inputs', () => {
    const live = workflow([node('a', '1'), node('b', '1', ['a']), node('old', '1')]);
    const desired = workflow([node('a', '1'), node('b', '1', ['a', 'c']), node('c', '1', ['a'])]);
    expect(diffWorkflows(desired, live)).toEqual([
      { path: '/nodes/b/inputs', before: ['a'], after: ['a', 'c'] },
      {
        path: '/nodes/c',
        before: null,
        after: {
          id: 'c',
          model: { id: 'model-c', version: '1' },
          inputs: ['a'],
          suppress_output: false,
          params: {},
        },
      },
      {
        path: '/nodes/old',
        before: {
          id: 'old',
          model: { id: 'model-old', version: '1' },
          inputs: [],
          suppress_output: false,
          params: {},
        },
        after: null,
      },
    ]);
  });

  it('diffs description, notes, suppress_output and model id', () => {
    const live = workflow([node('a', '1')]);
    const desired = workflow(
      [node('a', '1', [], { suppress_output: true, model: { id: 'x', version: '1' } })],
      {
        description: 'd',
        notes: 'n',
      },
    );
    expect(diffWorkflows(desired, live).map((d) => [d.path, d.before, d.after])).toEqual([
      ['/description', '', 'd'],
      ['/nodes/a/model/id', 'model-a', 'x'],
      ['/nodes/a/suppress_output', false, true],
      ['/notes', '', 'n'],
    ]);
  });

  it('ignores a live model owner unless the desired side names one', () => {
    const live = workflow([
      node('a', '1', [], { model: { id: 'm', version: '1', user_id: 'clarifai', app_id: 'main' } }),
    ]);
    expect(
      diffWorkflows(workflow([node('a', '1', [], { model: { id: 'm', version: '1' } })]), live),
    ).toEqual([]);
    const owned = workflow([
      node('a', '1', [], { model: { id: 'm', version: '1', user_id: 'acme' } }),
    ]);
    expect(diffWorkflows(owned, live)).toEqual([
      { path: '/nodes/a/model/user_id', before: 'clarifai', after: 'acme' },
    ]);
  });

  it('diffs params key by key, escaping pointers', () => {
    const live = workflow([
      node('a', '1', [], { params: { min_value: 0.5, 'a/b': 1, nested: { x: 1, y: 2 } } }),
    ]);
    const desired = workflow([
      node('a', '1', [], { params: { min_value: 0.7, 'a~b': 2, nested: { x: 1, y: 3 } } }),
    ]);
    expect(diffWorkflows(desired, live)).toEqual([
      // Ordered by the unescaped key: `a/b` before `a~b`.
      { path: '/nodes/a/params/a~1b', before: 1, after: null },
      { path: '/nodes/a/params/a~0b', before: null, after: 2 },
      { path: '/nodes/a/params/min_value', before: 0.5, after: 0.7 },
      { path: '/nodes/a/params/nested/y', before: 2, after: 3 },
    ]);
  });

  it('shows the whole params object when absent and null would read the same', () => {
    const live = workflow([node('a', '1', [], { params: { k: null } })]);
    const desired = workflow([node('a', '1')]);
    expect(diffWorkflows(desired, live)).toEqual([
      { path: '/nodes/a/params', before: { k: null }, after: {} },
    ]);
  });

  it('sorts node paths segment by segment', () => {
    const live = workflow([node('a', '1'), node('a-b', '1')]);
    const desired = workflow([node('a', '2'), node('a-b', '2')]);
    expect(diffWorkflows(desired, live).map((d) => d.path)).toEqual([
      '/nodes/a/model/version',
      '/nodes/a-b/model/version',
    ]);
  });
});

describe('liveAsCompared', () => {
  it('drops model owners the desired side does not name', () => {
    const live = workflow([
      node('a', '1', [], { model: { id: 'm', version: '1', user_id: 'clarifai', app_id: 'main' } }),
      node('b', '1', [], { model: { id: 'm', version: '1', user_id: 'clarifai', app_id: 'main' } }),
    ]);
    const desired = workflow([
      node('a', '1', [], { model: { id: 'm', version: '1', user_id: 'clarifai' } }),
      node('b', '1', [], { model: { id: 'm', version: '1' } }),
    ]);
    expect(liveAsCompared(desired, live).nodes.map((n) => n.model)).toEqual([
      { id: 'm', version: '1', user_id: 'clarifai' },
      { id: 'm', version: '1' },
    ]);
  });
});
