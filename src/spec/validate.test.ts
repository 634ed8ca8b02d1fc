import { describe, expect, it } from 'vitest';
import type { UnplacedDiagnostic } from '../diagnostic.js';
import { buildConfig } from './build-config.js';
import type { LoadedSpec, NodeSpec, WorkflowSpec } from './types.js';
import { validate } from './validate.js';

const CATALOG = {
  models: {
    'text-detector': { id: 'det', version: '1', role: 'detector' },
    cropper: { id: 'crop', version: '2', role: 'cropper' },
    'text-recognizer': { id: 'rec', version: '3', role: 'recognizer' },
  },
  environments: { local: { emulator: true } },
};

const config = (over: Record<string, unknown> = {}) =>
  buildConfig('/p/vtr-wf.yaml', '/p', { ...CATALOG, ...over } as never);

const node = (id: string, model: NodeSpec['model'], inputs: string[] = []): NodeSpec => ({
  id,
  model,
  inputs,
});
const VTR: WorkflowSpec = {
  id: 'visual-text-recognition',
  nodes: [
    node('detect-concept', 'text-detector'),
    node('image-crop', 'cropper', ['detect-concept']),
    node('image-to-text', 'text-recognizer', ['image-crop']),
  ],
};
const loaded = (spec: WorkflowSpec, file = 'w.yaml', document = 0): LoadedSpec => ({
  spec,
  source: { file, document },
});
const codes = (ds: UnplacedDiagnostic[]) => ds.map((d) => `${d.code} ${d.pointer}`);

describe('validate (pure core)', () => {
  it('passes the VTR workflow', () => {
    expect(validate({ config: config(), specs: [loaded(VTR)] })).toEqual([]);
  });

  it("suggests detect-concept for the docs' general-concept bug", () => {
    const spec = structuredClone(VTR);
    spec.nodes[1]!.inputs = ['general-concept'];
    const [d, ...rest] = validate({ config: config(), specs: [loaded(spec)] });
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: 'unknown-input',
      pointer: '/nodes/1/inputs/0',
      suggestion: 'did you mean `detect-concept`?',
      file: 'w.yaml',
    });
  });

  it('checks ids', () => {
    const spec = {
      id: 'Bad Id',
      nodes: [node('a--b', 'text-detector'), node('x'.repeat(49), 'text-detector')],
    };
    // Node ids are not validated as ids by the API: only workflow ids are.
    expect(codes(validate({ config: config(), specs: [loaded(spec)] }))).toEqual([
      'invalid-id /id',
    ]);
    const long = { id: 'w'.repeat(33), nodes: [node('a', 'text-detector')] };
    expect(validate({ config: config(), specs: [loaded(long)] })).toMatchObject([
      { code: 'id-long', severity: 'warning' },
    ]);
    const lock = { id: 'vtr-wf-lock-x', nodes: [node('a', 'text-detector')] };
    expect(codes(validate({ config: config(), specs: [loaded(lock)] }))).toEqual([
      'reserved-id /id',
    ]);
  });

  it('checks node counts and node ids', () => {
    expect(codes(validate({ config: config(), specs: [loaded({ id: 'e', nodes: [] })] }))).toEqual([
      'no-nodes /nodes',
    ]);
    const many = {
      id: 'm',
      nodes: Array.from({ length: 21 }, (_, i) => node(`n${i}`, 'text-detector')),
    };
    expect(codes(validate({ config: config(), specs: [loaded(many)] }))).toEqual([
      'too-many-nodes /nodes',
    ]);
    const twins = { id: 't', nodes: [node('a', 'text-detector'), node('a', 'text-detector')] };
    expect(codes(validate({ config: config(), specs: [loaded(twins)] }))).toEqual([
      'duplicate-node-id /nodes/1/id',
    ]);
  });

  it('checks the graph', () => {
    const spec = {
      id: 'g',
      nodes: [node('a', 'text-detector', ['a', 'b', 'b']), node('b', 'text-detector', ['a'])],
    };
    expect(codes(validate({ config: config(), specs: [loaded(spec)] }))).toEqual([
      'self-input /nodes/0/inputs/0',
      'duplicate-input /nodes/0/inputs/2',
      'cycle /nodes/0/inputs/1',
    ]);
  });

  it('reports duplicate workflow ids at every occurrence', () => {
    const ds = validate({
      config: config(),
      specs: [loaded(VTR, 'a.yaml'), loaded(VTR, 'b.yaml', 2)],
    });
    expect(ds.map((d) => [d.code, d.file, d.document])).toEqual([
      ['duplicate-workflow-id', 'a.yaml', 0],
      ['duplicate-workflow-id', 'b.yaml', 2],
    ]);
    expect(ds[0]!.message).toContain('b.yaml (document 3)');
    expect(ds[1]!.message).toContain('a.yaml');
  });

  it('checks aliases and pins, naming environments', () => {
    const cfg = config({
      models: { ...CATALOG.models, 'text-recognizer': { id: 'rec' } },
      environments: {
        local: { emulator: true },
        prod: { user_id: 'u', app_id: 'a', models: { 'text-recognizer': { version: '9' } } },
      },
    });
    const spec = {
      ...VTR,
      nodes: [...VTR.nodes, node('extra', 'text-detectr'), node('inline', { id: 'x' })],
    };
    const ds = validate({ config: cfg, specs: [loaded(spec)], configFile: 'vtr-wf.yaml' });
    expect(codes(ds)).toEqual([
      'unknown-model /nodes/3/model',
      'missing-version /nodes/4/model',
      'missing-version /models/text-recognizer',
    ]);
    expect(ds[0]!.suggestion).toBe('did you mean `text-detector`?');
    expect(ds[2]!.message).toContain('environment `local`');
    expect(ds[2]!.message).not.toContain('prod');
    expect(ds[2]!.file).toBe('vtr-wf.yaml');
  });

  it('skips alias checks without a catalog', () => {
    const spec = { id: 'x', nodes: [node('a', 'nowhere')] };
    expect(
      validate({ config: config({ models: {} }), specs: [loaded(spec)], catalogKnown: false }),
    ).toEqual([]);
  });

  it('checks cropper roles, per environment too', () => {
    const twoInputs = {
      id: 'c',
      nodes: [
        node('d', 'text-detector'),
        node('e', 'text-detector'),
        node('c', 'cropper', ['d', 'e']),
      ],
    };
    expect(codes(validate({ config: config(), specs: [loaded(twoInputs)] }))).toEqual([
      'cropper-inputs /nodes/2/inputs',
    ]);
    const wrongRole = {
      id: 'c',
      nodes: [node('r', 'text-recognizer'), node('c', 'cropper', ['r'])],
    };
    expect(codes(validate({ config: config(), specs: [loaded(wrongRole)] }))).toEqual([
      'cropper-input-role /nodes/1/inputs/0',
    ]);
    // An override that turns the input into a recognizer in one environment only.
    const cfg = config({
      environments: {
        odd: { emulator: true, models: { 'text-detector': { role: 'recognizer' } } },
      },
    });
    const [d] = validate({ config: cfg, specs: [loaded(VTR)] });
    expect(d).toMatchObject({ code: 'cropper-input-role' });
    expect(d!.message).toContain('environment `odd`');
  });

  it('checks the config', () => {
    const cfg = config({
      environments: {
        a: { emulator: true, models: { 'text-recogniser': { version: '1' } } },
        b: { user_id: 'u', app_id: 'x', endpoint: 'https://api.clarifai.com' },
        c: { user_id: 'u', app_id: 'x', endpoint: 'api.example.com:443', tls: false },
        d: { user_id: 'u', app_id: 'x', endpoint: 'localhost:50051', tls: false },
      },
    });
    const ds = validate({ config: cfg, specs: [], configFile: 'vtr-wf.yaml' });
    expect(codes(ds)).toEqual([
      'unknown-override /environments/a/models/text-recogniser',
      'invalid-endpoint /environments/b/endpoint',
      'insecure-tls /environments/c/tls',
    ]);
    expect(ds[0]!.suggestion).toBe('did you mean `text-recognizer`?');
  });
});
