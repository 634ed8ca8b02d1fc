import { describe, expect, it } from 'vitest';
import { ModelCatalog } from './models.js';
import type { NodeDraft } from './state-types.js';
import { checkId, checkWorkflowShape, resolveModels } from './validate-request.js';
import { VTR_MODELS } from '../vtr-models.js';

const detector = VTR_MODELS[0] as (typeof VTR_MODELS)[number];

function node(id: string, inputs: string[] = [], modelId = detector.id, version = ''): NodeDraft {
  return {
    id,
    model: { id: modelId, version_id: version },
    node_inputs: inputs,
    suppress_output: false,
    output_info_override: null,
  };
}

describe('checkId', () => {
  it.each(['a', 'A1', 'a-b_c', 'visual-text-recognition', 'x'.repeat(48)])('accepts %s', (id) => {
    expect(checkId('workflow', id)).toBeNull();
  });
  it.each(['', '-a', 'a-', 'a--b', 'a_-b', 'a b', 'a.b', 'ü', 'x'.repeat(49)])(
    'rejects %j with 22104',
    (id) => {
      expect(checkId('workflow', id)?.code).toBe(22104);
    },
  );
});

describe('checkWorkflowShape', () => {
  it('accepts a DAG in any order', () => {
    expect(
      checkWorkflowShape({ id: 'w', nodes: [node('c', ['b']), node('a'), node('b', ['a'])] }),
    ).toBeNull();
  });

  it('reports the cycle path in data-flow order', () => {
    const s = checkWorkflowShape({
      id: 'w',
      nodes: [node('a', ['c']), node('b', ['a']), node('c', ['b'])],
    });
    expect(s).toMatchObject({ code: 22107 });
    expect(s?.details).toContain('cycle a -> b -> c -> a');
  });

  it('argument errors (22104) come before graph errors (22107)', () => {
    const s = checkWorkflowShape({ id: 'w', nodes: [node('a', ['a']), node('')] });
    expect(s?.code).toBe(22104);
  });

  it('accepts node ids the workflow id rule refuses (dots, spaces): the API does not validate them as ids', () => {
    expect(
      checkWorkflowShape({ id: 'w', nodes: [node('general-v1.5-concept'), node('a b')] }),
    ).toBeNull();
  });

  it('a node without a model id is 22104', () => {
    expect(checkWorkflowShape({ id: 'w', nodes: [node('a', [], '')] })?.code).toBe(22104);
  });
});

describe('resolveModels', () => {
  const catalog = new ModelCatalog([
    { id: 'mine', version: 'v1' },
    { id: 'mine', version: 'v2' },
  ]);

  it('resolves an empty version to the latest, and keeps a pinned one', () => {
    const r = resolveModels(
      'w',
      [node('a'), node('b', [], 'mine', 'v1'), node('c', [], 'mine')],
      catalog,
    );
    expect(r.ok && r.nodes.map((n) => n.model.version_id)).toEqual([detector.version, 'v1', 'v2']);
  });

  it('21200 names the unknown model or version', () => {
    const unknownModel = resolveModels('w', [node('a', [], 'ghost', 'v')], catalog);
    expect(!unknownModel.ok && unknownModel.status).toMatchObject({ code: 21200 });
    expect(!unknownModel.ok && unknownModel.status.details).toContain("model 'ghost'");
    const unknownVersion = resolveModels('w', [node('a', [], 'mine', 'v9')], catalog);
    expect(!unknownVersion.ok && unknownVersion.status.details).toContain("model version 'v9'");
  });
});
