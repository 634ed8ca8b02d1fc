import { describe, expect, it } from 'vitest';
import type { Config, WorkflowSpec } from '../spec/types.js';
import { buildWorkflowGraph } from './diagram.js';

const config: Pick<Config, 'models' | 'environments'> = {
  models: {
    'text-detector': { id: 'det', version: 'v1', role: 'detector' },
    cropper: { id: 'crop', version: 'c1', role: 'cropper' },
    'text-recognizer': { id: 'rec', version: 'r1', role: 'recognizer' },
  },
  environments: {
    prod: {
      name: 'prod',
      kind: 'emulator',
      user_id: 'local',
      app_id: 'prod',
      state: '/tmp/state.json',
      models: { 'text-recognizer': { version: 'r2' } },
    },
  },
};

// Listed out of order on purpose: nodes may be declared in any order.
const vtr: WorkflowSpec = {
  id: 'visual-text-recognition',
  description: 'Detect, crop and read',
  nodes: [
    { id: 'image-to-text', model: 'text-recognizer', inputs: ['image-crop'] },
    { id: 'image-crop', model: 'cropper', inputs: ['detect-concept'] },
    { id: 'detect-concept', model: 'text-detector', inputs: [] },
  ],
};

describe('buildWorkflowGraph', () => {
  it('labels nodes with alias and role, orders them topologically, edges from inputs', () => {
    const graph = buildWorkflowGraph(vtr, config, null);
    expect(graph).toEqual({
      id: 'visual-text-recognition',
      description: 'Detect, crop and read',
      nodes: [
        {
          id: 'detect-concept',
          model: 'text-detector',
          alias: 'text-detector',
          model_id: 'det',
          version: 'v1',
          role: 'detector',
        },
        {
          id: 'image-crop',
          model: 'cropper',
          alias: 'cropper',
          model_id: 'crop',
          version: 'c1',
          role: 'cropper',
        },
        {
          id: 'image-to-text',
          model: 'text-recognizer',
          alias: 'text-recognizer',
          model_id: 'rec',
          version: 'r1',
          role: 'recognizer',
        },
      ],
      edges: [
        { from: 'detect-concept', to: 'image-crop' },
        { from: 'image-crop', to: 'image-to-text' },
      ],
    });
  });

  it("takes the environment's override", () => {
    const graph = buildWorkflowGraph(vtr, config, 'prod');
    expect(graph.nodes.find((n) => n.id === 'image-to-text')?.version).toBe('r2');
  });

  it('names an inline model by its id, with the role it declares', () => {
    const spec: WorkflowSpec = {
      id: 'inline',
      nodes: [{ id: 'a', model: { id: 'm-1', version: 'v', role: 'detector' }, inputs: [] }],
    };
    expect(buildWorkflowGraph(spec, config, null).nodes).toEqual([
      { id: 'a', model: 'm-1', model_id: 'm-1', version: 'v', role: 'detector' },
    ]);
  });

  it('fans in and out, one edge per distinct input', () => {
    const spec: WorkflowSpec = {
      id: 'fan',
      nodes: [
        { id: 'join', model: 'cropper', inputs: ['left', 'right', 'left'] },
        { id: 'right', model: 'text-detector', inputs: ['root'] },
        { id: 'left', model: 'text-detector', inputs: ['root'] },
        { id: 'root', model: 'text-detector', inputs: [] },
      ],
    };
    const graph = buildWorkflowGraph(spec, config, null);
    expect(graph.nodes.map((n) => n.id)).toEqual(['root', 'right', 'left', 'join']);
    expect(graph.edges).toEqual([
      { from: 'root', to: 'right' },
      { from: 'root', to: 'left' },
      { from: 'right', to: 'join' },
      { from: 'left', to: 'join' },
    ]);
  });

  it('never loops on a cycle (validate rejects it, but the renderer must not hang)', () => {
    const spec: WorkflowSpec = {
      id: 'cycle',
      nodes: [
        { id: 'a', model: 'cropper', inputs: ['b'] },
        { id: 'b', model: 'cropper', inputs: ['a'] },
        { id: 'c', model: 'unknown-alias', inputs: [] },
      ],
    };
    const graph = buildWorkflowGraph(spec, config, null);
    expect(graph.nodes.map((n) => n.id)).toEqual(['c', 'a', 'b']);
    expect(graph.nodes[0]).toEqual({ id: 'c', model: 'unknown-alias', alias: 'unknown-alias' });
  });
});

describe('buildWorkflowGraph and renames', () => {
  it("carries the spec's previous_ids, and none when it has none", () => {
    expect(
      buildWorkflowGraph({ ...vtr, previous_ids: ['old-vtr'] }, config, null).previous_ids,
    ).toEqual(['old-vtr']);
    expect(buildWorkflowGraph(vtr, config, null)).not.toHaveProperty('previous_ids');
  });
});
