import { describe, expect, it } from 'vitest';
import type { CanonicalNode, LiveWorkflow } from '../plan/types.js';
import type { Config, Environment } from '../spec/types.js';
import { VTR_MODELS } from '../vtr-models.js';
import { dependencyOrder, liveToSpec } from './live-to-spec.js';

const [DETECTOR, CROPPER, RECOGNIZER] = VTR_MODELS as [
  (typeof VTR_MODELS)[0],
  (typeof VTR_MODELS)[0],
  (typeof VTR_MODELS)[0],
];

function env(name: string, models: Environment['models'] = {}): Environment {
  return { name, kind: 'emulator', user_id: 'local', app_id: name, state: '/tmp/x.json', models };
}

const CONFIG: Pick<Config, 'models' | 'environments'> = {
  models: Object.fromEntries(
    VTR_MODELS.map((m) => [m.alias, { id: m.id, version: m.version, role: m.role }]),
  ),
  environments: {
    dev: env('dev', { 'text-recognizer': { version: 'ffff0000ffff0000ffff0000ffff0000' } }),
    prod: env('prod'),
  },
};

function node(
  id: string,
  model: CanonicalNode['model'],
  inputs: string[] = [],
  extra: Partial<CanonicalNode> = {},
): CanonicalNode {
  return { id, model, inputs, suppress_output: false, params: {}, ...extra };
}

function live(nodes: CanonicalNode[], extra: Partial<LiveWorkflow> = {}): LiveWorkflow {
  return {
    workflow: { id: 'vtr', description: '', notes: '', nodes },
    metadata: {},
    mark: null,
    fingerprint: 'f',
    unsupported: [],
    version: null,
    ...extra,
  };
}

const owned = (m: typeof DETECTOR) => ({
  id: m.id,
  version: m.version,
  user_id: m.user_id,
  app_id: m.app_id,
});

describe('liveToSpec', () => {
  it('uses catalog aliases where the effective model matches, in dependency order, defaults left out', () => {
    const workflow = live([
      node('image-crop', owned(CROPPER), ['detect-concept']),
      node('image-to-text', owned(RECOGNIZER), ['image-crop'], { params: { min_value: 0.5 } }),
      node('detect-concept', owned(DETECTOR)),
    ]);
    const { spec, warnings } = liveToSpec(workflow, { config: CONFIG, envName: 'prod' });
    expect(warnings).toEqual([]);
    expect(spec).toEqual({
      id: 'vtr',
      nodes: [
        { id: 'detect-concept', model: 'text-detector', inputs: [] },
        { id: 'image-crop', model: 'cropper', inputs: ['detect-concept'] },
        {
          id: 'image-to-text',
          model: 'text-recognizer',
          inputs: ['image-crop'],
          params: { min_value: 0.5 },
        },
      ],
    });
  });

  it("follows the environment's override: the catalog pin is inline where the env pins another version", () => {
    const workflow = live([node('r', owned(RECOGNIZER))]);
    const dev = liveToSpec(workflow, { config: CONFIG, envName: 'dev' }).spec;
    // The known owner of the VTR model is what the server fills: not repeated.
    expect(dev.nodes[0]?.model).toEqual({ id: RECOGNIZER.id, version: RECOGNIZER.version });
    const bumped = live([
      node('r', { ...owned(RECOGNIZER), version: 'ffff0000ffff0000ffff0000ffff0000' }),
    ]);
    expect(liveToSpec(bumped, { config: CONFIG, envName: 'dev' }).spec.nodes[0]?.model).toBe(
      'text-recognizer',
    );
  });

  it("names an inline model's owner only when it differs from the one the server fills", () => {
    const ownApp = live([
      node('a', { id: 'custom', version: 'v1', user_id: 'local', app_id: 'prod' }),
    ]);
    expect(liveToSpec(ownApp, { config: CONFIG, envName: 'prod' }).spec.nodes[0]?.model).toEqual({
      id: 'custom',
      version: 'v1',
    });
    const foreign = live([
      node('a', { id: 'custom', version: 'v1', user_id: 'acme', app_id: 'models' }),
    ]);
    expect(liveToSpec(foreign, { config: CONFIG, envName: 'prod' }).spec.nodes[0]?.model).toEqual({
      id: 'custom',
      version: 'v1',
      user_id: 'acme',
      app_id: 'models',
    });
    const detectorElsewhere = live([node('a', { ...owned(DETECTOR), user_id: 'mirror' })]);
    expect(
      liveToSpec(detectorElsewhere, { config: CONFIG, envName: 'prod' }).spec.nodes[0]?.model,
    ).toBe('text-detector');
  });

  it('keeps description, notes and suppress_output when set, and warns about unsupported fields', () => {
    const workflow = live([node('a', owned(DETECTOR), [], { suppress_output: true })], {
      workflow: {
        id: 'vtr',
        description: 'd',
        notes: 'n',
        nodes: [node('a', owned(DETECTOR), [], { suppress_output: true })],
      },
      unsupported: ['/visibility', '/nodes/a/output_info_override/fields_map'],
    });
    const { spec, warnings } = liveToSpec(workflow, { config: CONFIG, envName: 'prod' });
    expect(spec).toEqual({
      id: 'vtr',
      description: 'd',
      notes: 'n',
      nodes: [{ id: 'a', model: 'text-detector', inputs: [], suppress_output: true }],
    });
    expect(warnings).toEqual([
      "workflow `vtr`: live field `/visibility` can't be expressed in a spec and is not exported",
      "workflow `vtr`: live field `/nodes/a/output_info_override/fields_map` can't be expressed in a spec and is not exported",
    ]);
  });
});

describe('dependencyOrder', () => {
  const m = { id: 'm', version: 'v' };
  it('puts inputs first, ties by id, and survives cycles and dangling inputs', () => {
    const order = (nodes: CanonicalNode[]) => dependencyOrder(nodes).map((n) => n.id);
    expect(order([node('c', m, ['b']), node('b', m, ['a']), node('a', m), node('z', m)])).toEqual([
      'a',
      'b',
      'c',
      'z',
    ]);
    expect(order([node('x', m, ['y']), node('y', m, ['x']), node('a', m, ['ghost'])])).toEqual([
      'a',
      'x',
      'y',
    ]);
  });
});
