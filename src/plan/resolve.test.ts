import { describe, expect, it } from 'vitest';
import type { Config, LoadedSpec } from '../spec/types.js';
import { specHash } from './fingerprint.js';
import { resolveDesired } from './resolve.js';

const config: Config = {
  file: '/repo/vtr-wf.yaml',
  dir: '/repo',
  project: 'acme-ocr',
  workflows: '/repo/workflows',
  models: {
    detector: { id: 'det', version: 'd1', role: 'detector' },
    recognizer: { id: 'rec', version: 'r1', role: 'recognizer' },
    unpinned: { id: 'unp' },
  },
  environments: {
    local: {
      name: 'local',
      kind: 'emulator',
      user_id: 'local',
      app_id: 'local',
      state: '/s',
      models: {},
    },
    staging: {
      name: 'staging',
      kind: 'remote',
      endpoint: 'api.clarifai.com:443',
      user_id: 'acme',
      app_id: 'vtr-staging',
      pat_env: 'CLARIFAI_PAT',
      tls: 'auto',
      models: {
        recognizer: { version: 'r2' },
        unpinned: { version: 'u1', user_id: 'acme', app_id: 'models' },
      },
    },
  },
};

const spec = (s: LoadedSpec['spec'], file = 'workflows/a.yaml', document = 0): LoadedSpec => ({
  spec: s,
  source: { file, document },
});

const vtr = spec({
  id: 'vtr',
  description: 'Read text',
  nodes: [
    { id: 'read', model: 'recognizer', inputs: ['crop', 'detect'], params: { min_value: 0.5 } },
    { id: 'detect', model: 'detector', inputs: [] },
    {
      id: 'crop',
      model: { id: 'crp', version: 'c1', role: 'cropper' },
      inputs: ['detect'],
      suppress_output: true,
    },
  ],
});

describe('resolveDesired', () => {
  it('lays the environment overrides over the catalog and canonicalises', () => {
    const { desired, diagnostics } = resolveDesired({ config, specs: [vtr] }, 'staging');
    expect(diagnostics).toEqual([]);
    expect(desired).toMatchObject({
      environment: 'staging',
      user_id: 'acme',
      app_id: 'vtr-staging',
      project: 'acme-ocr',
    });
    const [entry] = desired.workflows;
    expect(entry?.workflow).toEqual({
      id: 'vtr',
      description: 'Read text',
      notes: '',
      nodes: [
        {
          id: 'crop',
          model: { id: 'crp', version: 'c1' },
          inputs: ['detect'],
          suppress_output: true,
          params: {},
        },
        {
          id: 'detect',
          model: { id: 'det', version: 'd1' },
          inputs: [],
          suppress_output: false,
          params: {},
        },
        {
          id: 'read',
          model: { id: 'rec', version: 'r2' },
          inputs: ['crop', 'detect'],
          suppress_output: false,
          params: { min_value: 0.5 },
        },
      ],
    });
    expect(entry?.spec_hash).toBe(specHash(entry!.workflow));
    expect(entry?.source).toEqual({ file: 'workflows/a.yaml', document: 0 });
  });

  it('uses the catalog alone where an environment has no override', () => {
    const { desired } = resolveDesired({ config, specs: [vtr] }, 'local');
    expect(desired.workflows[0]?.workflow.nodes.find((n) => n.id === 'read')?.model).toEqual({
      id: 'rec',
      version: 'r1',
    });
  });

  it('keeps a model owner only where one is given', () => {
    const s = spec({ id: 'u', nodes: [{ id: 'n', model: 'unpinned', inputs: [] }] });
    const { desired } = resolveDesired({ config, specs: [s] }, 'staging');
    expect(desired.workflows[0]?.workflow.nodes[0]?.model).toEqual({
      id: 'unp',
      version: 'u1',
      user_id: 'acme',
      app_id: 'models',
    });
  });

  it('reports an unknown environment with the nearest name', () => {
    const { desired, diagnostics } = resolveDesired({ config, specs: [vtr] }, 'stagin');
    expect(desired.workflows).toEqual([]);
    expect(diagnostics).toMatchObject([
      { code: 'unknown-environment', severity: 'error', suggestion: 'did you mean `staging`?' },
    ]);
    expect(diagnostics[0]?.message).toContain('local, staging');
  });

  it('reports unknown aliases and missing versions where the spec names them', () => {
    const broken = spec(
      {
        id: 'broken',
        nodes: [
          { id: 'ok', model: 'detector', inputs: [] },
          { id: 'typo', model: 'detectr', inputs: [] },
          { id: 'nopin', model: 'unpinned', inputs: [] },
          { id: 'inline', model: { id: 'x' }, inputs: [] },
        ],
      },
      'workflows/b.yaml',
      2,
    );
    const { desired, diagnostics } = resolveDesired({ config, specs: [broken, vtr] }, 'local');
    expect(desired.workflows.map((w) => w.workflow.id)).toEqual(['vtr']);
    expect(diagnostics).toMatchObject([
      {
        code: 'unknown-model',
        file: 'workflows/b.yaml',
        document: 2,
        pointer: '/nodes/1/model',
        suggestion: 'did you mean `detector`?',
      },
      { code: 'missing-version', file: 'workflows/b.yaml', document: 2, pointer: '/nodes/2/model' },
      { code: 'missing-version', file: 'workflows/b.yaml', document: 2, pointer: '/nodes/3/model' },
    ]);
    expect(diagnostics[1]?.message).toContain('environment `local`');
  });
});
