import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelRef } from '../spec/types.js';
import { VTR_MODELS } from '../vtr-models.js';
import { sdkYamlToSpecs } from './sdk-to-spec.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/import/${name}`, import.meta.url), 'utf8');

const CATALOG: Record<string, ModelRef> = Object.fromEntries(
  VTR_MODELS.map((m) => [m.alias, { id: m.id, version: m.version, role: m.role }]),
);

describe('sdkYamlToSpecs', () => {
  it('turns catalog models into aliases, but keeps an owner the catalog entry does not name', () => {
    const result = sdkYamlToSpecs(fixture('vtr-declared-order.yml'), 'a.yml', {
      catalog: CATALOG,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.workflows.map((w) => w.spec)).toEqual([
      {
        id: 'vtr-sdk-ordered',
        nodes: [
          // `user_id: clarifai, app_id: main` in the source; the alias has no owner: inline.
          {
            id: 'detect-concept',
            model: {
              id: '2419e2eae04d04f820e5cf3aba42d0c7',
              version: '75a5b92a0dec436a891b5ad224ac9170',
              user_id: 'clarifai',
              app_id: 'main',
            },
            inputs: [],
          },
          { id: 'image-crop', model: 'cropper', inputs: ['detect-concept'] },
          { id: 'image-to-text', model: 'text-recognizer', inputs: ['image-crop'] },
        ],
      },
    ]);
    expect(result.workflows[0]?.idAt).toMatchObject({
      line: 4,
      column: 7,
      pointer: '/workflow/id',
    });
  });

  it('accepts nodes in any order and keeps models outside the catalog inline, owner included', () => {
    const result = sdkYamlToSpecs(fixture('vtr-out-of-order.yml'), 'b.yml', { catalog: CATALOG });
    expect(result.diagnostics).toEqual([]);
    const spec = result.workflows[0]?.spec;
    expect(spec?.nodes.map((n) => n.id)).toEqual([
      'image-to-text',
      'image-crop',
      'detect-concept',
      'custom-reader',
    ]);
    expect(spec?.nodes[3]).toEqual({
      id: 'custom-reader',
      model: {
        id: 'acme-ocr-reader',
        version: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
        user_id: 'acme',
        app_id: 'models',
      },
      inputs: ['image-crop'],
    });
  });

  it('without a catalog every model is inline', () => {
    const result = sdkYamlToSpecs(fixture('vtr-declared-order.yml'), 'a.yml');
    expect(result.workflows[0]?.spec.nodes[0]?.model).toEqual({
      id: '2419e2eae04d04f820e5cf3aba42d0c7',
      version: '75a5b92a0dec436a891b5ad224ac9170',
      user_id: 'clarifai',
      app_id: 'main',
    });
  });

  it('reports unpinned versions as errors with their position, and converts nothing of that workflow', () => {
    const result = sdkYamlToSpecs(fixture('unpinned.yml'), 'fixtures/unpinned.yml', {
      catalog: CATALOG,
    });
    expect(result.workflows).toEqual([]);
    const unpinned = result.diagnostics.filter((d) => d.code === 'import-unpinned-version');
    expect(unpinned.map((d) => [d.severity, d.file, d.line, d.column, d.pointer])).toEqual([
      ['error', 'fixtures/unpinned.yml', 12, 11, '/workflow/nodes/1/model'],
      ['error', 'fixtures/unpinned.yml', 22, 11, '/workflow/nodes/2/model'],
    ]);
    expect(unpinned[0]?.message).toContain('would create this model');
    expect(unpinned[1]?.message).toContain('`image-to-text`');
  });

  it('reports fields with no equivalent, with the nearest known key', () => {
    const text = [
      'workflow:',
      '  id: wf',
      '  nodes:',
      '    - id: a',
      '      modle_extra: 1',
      '      model:',
      '        model_id: m',
      '        model_version_id: v',
      '        model_type_id: image-crop',
      '      node_inputs:',
      '        - { node_id: b, extra: 2 }',
      '    - id: b',
      '      model: { model_id: m, model_version_id: v }',
    ].join('\n');
    const result = sdkYamlToSpecs(text, 'x.yml');
    const summary = result.diagnostics.map((d) => [d.code, d.severity, d.line, d.pointer]);
    expect(summary).toEqual([
      // An unknown key is an error: dropping it could change what the workflow means.
      ['import-unmapped-field', 'error', 5, '/workflow/nodes/0/modle_extra'],
      ['import-dropped-field', 'warning', 9, '/workflow/nodes/0/model/model_type_id'],
      ['import-unmapped-field', 'error', 11, '/workflow/nodes/0/node_inputs/0/extra'],
    ]);
    // A document with an error is not converted.
    expect(result.workflows).toEqual([]);
  });

  it('refuses model_version_id together with output_info (the SDK does), instead of making params', () => {
    const text = [
      'workflow:',
      '  id: wf',
      '  nodes:',
      '    - id: a',
      '      model:',
      '        model_id: m',
      '        model_version_id: aa7f35c01e0642fda5cf400f543e7c40',
      '        output_info: { params: { min_value: 0.5 } }',
    ].join('\n');
    const result = sdkYamlToSpecs(text, 'x.yml');
    expect(result.workflows).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column, d.pointer])).toEqual([
      ['import-version-with-output-info', 8, 9, '/workflow/nodes/0/model/output_info'],
    ]);
  });

  it("reads the Node SDK's camelCase keys, detected per file", () => {
    const text = [
      'workflow:',
      '  id: General',
      '  nodes:',
      '    - id: embed',
      '      model: { modelId: general-image-embedding, modelVersionId: BB186755EDA04F9CBB6FE32E816BE104, userId: clarifai, appId: main }',
      '    - id: cluster',
      '      model: { modelId: general-clusterering, modelVersionId: cc2074cff6dc4c02b6f4e1b8606dcb54 }',
      '      nodeInputs: [{ nodeId: embed }]',
    ].join('\n');
    const result = sdkYamlToSpecs(text, 'n.yml');
    expect(result.diagnostics).toEqual([]);
    expect(result.dialect).toBe('node');
    expect(result.workflows[0]?.spec.nodes).toEqual([
      {
        id: 'embed',
        model: {
          id: 'general-image-embedding',
          version: 'bb186755eda04f9cbb6fe32e816be104',
          user_id: 'clarifai',
          app_id: 'main',
        },
        inputs: [],
      },
      {
        id: 'cluster',
        model: { id: 'general-clusterering', version: 'cc2074cff6dc4c02b6f4e1b8606dcb54' },
        inputs: ['embed'],
      },
    ]);
    // Messages speak the file's dialect.
    const typo = sdkYamlToSpecs(text.replace('nodeInputs', 'nodeInput'), 'n.yml');
    expect(typo.diagnostics[0]).toMatchObject({
      code: 'import-unmapped-field',
      suggestion: 'did you mean `nodeInputs`?',
    });
  });

  it('refuses a file mixing the two dialects, at the first key of the minority', () => {
    const text = [
      'workflow:',
      '  id: wf',
      '  nodes:',
      '    - id: a',
      '      model: { model_id: m, model_version_id: aa7f35c01e0642fda5cf400f543e7c40 }',
      '    - id: b',
      '      model: { model_id: m, modelVersionId: aa7f35c01e0642fda5cf400f543e7c40 }',
      '      node_inputs: [{ node_id: a }]',
    ].join('\n');
    const result = sdkYamlToSpecs(text, 'm.yml');
    expect(result.workflows).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column, d.pointer])).toEqual([
      ['import-mixed-dialect', 7, 29, '/workflow/nodes/1/model/modelVersionId'],
    ]);
    // Param names are the user's own: a camelCase param is not the Node SDK's.
    const params = sdkYamlToSpecs(
      'workflow:\n  id: wf\n  nodes:\n    - id: a\n      model: { model_id: m }\n      node_inputs: []\n',
      'p.yml',
      { latest: new Map([['//m', 'aa7f35c01e0642fda5cf400f543e7c40']]) },
    );
    expect(params.diagnostics).toEqual([]);
  });

  it("runs validate's checks on the spec it would write, placed in the SDK file", () => {
    const text = [
      'workflow:',
      '  id: wf',
      '  nodes:',
      '    - id: a',
      '      model: { model_id: m, model_version_id: aa7f35c01e0642fda5cf400f543e7c40 }',
      '      node_inputs: [{ node_id: b }]',
      '    - id: b',
      '      model: { model_id: m, model_version_id: aa7f35c01e0642fda5cf400f543e7c40 }',
      '      node_inputs: [{ node_id: a }]',
      '    - id: c',
      '      model: { model_id: m, model_version_id: aa7f35c01e0642fda5cf400f543e7c40 }',
      '      node_inputs: [{ node_id: c }]',
    ].join('\n');
    const result = sdkYamlToSpecs(text, 'c.yml');
    expect(result.workflows).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.pointer])).toEqual([
      ['cycle', 'c.yml', 6, 32, '/workflow/nodes/0/node_inputs/0/node_id'],
      ['self-input', 'c.yml', 12, 32, '/workflow/nodes/2/node_inputs/0/node_id'],
    ]);
  });

  it('pins an unpinned model to the version `latest` gives, and says so; refuses one it lacks', () => {
    const text = [
      'workflow:',
      '  id: wf',
      '  nodes:',
      '    - id: a',
      '      model: { model_id: m, user_id: clarifai, app_id: main }',
      '    - id: b',
      '      model:',
      '        model_id: gone',
      '      node_inputs: [{ node_id: a }]',
    ].join('\n');
    const plain = sdkYamlToSpecs(text, 'u.yml');
    expect(plain.unpinned).toEqual([
      { id: 'm', user_id: 'clarifai', app_id: 'main' },
      { id: 'gone' },
    ]);
    expect(plain.diagnostics.map((d) => d.code)).toEqual([
      'import-unpinned-version',
      'import-unpinned-version',
    ]);
    const latest = new Map([
      ['clarifai/main/m', 'aa7f35c01e0642fda5cf400f543e7c40'],
      ['//gone', null],
    ]);
    const resolved = sdkYamlToSpecs(text, 'u.yml', { latest, latestFrom: 'local' });
    expect(resolved.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['import-unresolved-version', 8, 9],
    ]);
    expect(resolved.diagnostics[0]?.message).toContain('in `local`');
    const ok = sdkYamlToSpecs(
      text.replace(
        'model_id: gone',
        'model_id: m\n        user_id: clarifai\n        app_id: main',
      ),
      'u.yml',
      { latest },
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.chosen.map((c) => [c.workflow, c.node, c.model, c.version, c.line])).toEqual([
      ['wf', 'a', 'm', 'aa7f35c01e0642fda5cf400f543e7c40', 5],
      ['wf', 'b', 'm', 'aa7f35c01e0642fda5cf400f543e7c40', 8],
    ]);
  });

  it("reads the Python SDK's Workflow.export() output (no `workflow:` wrapper) and lower-cases version ids like the SDK", () => {
    const text =
      'id: exported\nnodes:\n  - id: general-v1.5-concept\n    model: { model_id: m, model_version_id: AA7F35C01E0642FDA5CF400F543E7C40 }\n';
    const result = sdkYamlToSpecs(text, 'x.yml');
    expect(result.diagnostics).toEqual([]);
    expect(result.workflows[0]?.spec.id).toBe('exported');
    expect(result.workflows[0]?.spec.nodes[0]).toMatchObject({
      id: 'general-v1.5-concept',
      model: { id: 'm', version: 'aa7f35c01e0642fda5cf400f543e7c40' },
    });
  });

  // What the SDKs' export code writes (clarifai-python workflows/export.py,
  // clarifai-nodejs src/workflows/export.ts): both dump the GetWorkflow
  // *response* cleaned to a few keys, so the `workflow:` wrapper stays. The
  // Python SDK's first version dumped with PyYAML's default_flow_style=True
  // (flow style, sorted keys, wrapped at 80 columns); the Node SDK dumps with
  // js-yaml and renames `nodesList`/`nodeInputsList` to `nodes`/`nodeInputs`.
  it("reads the Python SDK's first export format: flow style, sorted keys, lines wrapped mid-mapping", () => {
    const text = [
      '{workflow: {id: General, nodes: [{id: general-v1.5-concept, model: {app_id: main, model_id: general-image-recognition,',
      '          model_version_id: aa7f35c01e0642fda5cf400f543e7c40, user_id: clarifai}}, {id: general-v1.5-cluster,',
      '        model: {app_id: main, model_id: general-clusterering, user_id: clarifai}, node_inputs: [{node_id: general-v1.5-concept}]}]}}',
      '',
    ].join('\n');
    const pinned = sdkYamlToSpecs(
      text.replace(
        'model_id: general-clusterering,',
        'model_id: general-clusterering, model_version_id: cc2074cff6dc4c02b6f4e1b8606dcb54,',
      ),
      'export.yml',
    );
    expect(pinned.diagnostics).toEqual([]);
    expect(pinned.workflows[0]?.spec.nodes).toEqual([
      {
        id: 'general-v1.5-concept',
        model: {
          id: 'general-image-recognition',
          version: 'aa7f35c01e0642fda5cf400f543e7c40',
          user_id: 'clarifai',
          app_id: 'main',
        },
        inputs: [],
      },
      {
        id: 'general-v1.5-cluster',
        model: {
          id: 'general-clusterering',
          version: 'cc2074cff6dc4c02b6f4e1b8606dcb54',
          user_id: 'clarifai',
          app_id: 'main',
        },
        inputs: ['general-v1.5-concept'],
      },
    ]);
    // Positions inside flow collections that span lines point at the node's model.
    const unpinned = sdkYamlToSpecs(text, 'export.yml');
    expect(unpinned.diagnostics.map((d) => [d.code, d.line, d.column, d.pointer])).toEqual([
      ['import-unpinned-version', 3, 16, '/workflow/nodes/1/model'],
    ]);
  });

  it("reads the Node SDK's export format (js-yaml block style, camelCase, owner only off clarifai/main)", () => {
    const text = [
      'workflow:',
      '  id: General',
      '  nodes:',
      '    - id: general-v1.5-embed',
      '      model:',
      '        modelId: general-image-embedding',
      '        modelVersionId: bb186755eda04f9cbb6fe32e816be104',
      '    - id: reader',
      '      model:',
      '        modelId: acme-reader',
      '        modelVersionId: 0123456789abcdef0123456789abcdef',
      '        appId: ocr',
      '        userId: acme',
      '      nodeInputs:',
      '        - nodeId: general-v1.5-embed',
      '',
    ].join('\n');
    const result = sdkYamlToSpecs(text, 'export.yml');
    expect(result.diagnostics).toEqual([]);
    expect(result.workflows[0]?.spec.nodes).toEqual([
      {
        id: 'general-v1.5-embed',
        model: { id: 'general-image-embedding', version: 'bb186755eda04f9cbb6fe32e816be104' },
        inputs: [],
      },
      {
        id: 'reader',
        model: {
          id: 'acme-reader',
          version: '0123456789abcdef0123456789abcdef',
          user_id: 'acme',
          app_id: 'ocr',
        },
        inputs: ['general-v1.5-embed'],
      },
    ]);
  });

  it('reads an unquoted numeric id as the text written, with a warning', () => {
    const text =
      'workflow:\n  id: wf\n  nodes:\n    - id: a\n      model: { model_id: m, model_version_id: 0123 }\n';
    const result = sdkYamlToSpecs(text, 'x.yml');
    expect(result.workflows[0]?.spec.nodes[0]?.model).toEqual({ id: 'm', version: '0123' });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['import-not-a-string', 'warning', 5, 47],
    ]);
  });

  it('reports dangling inputs, duplicate nodes, bad ids, YAML errors and foreign files', () => {
    const graph = [
      'workflow:',
      '  id: bad/id',
      '  nodes:',
      '    - id: a',
      '      model: { model_id: m, model_version_id: v }',
      '      node_inputs: [{ node_id: bb }]',
      '    - id: b',
      '      model: { model_id: m, model_version_id: v }',
      '    - id: b',
      '      model: { model_id: m, model_version_id: v }',
    ].join('\n');
    const result = sdkYamlToSpecs(graph, 'g.yml');
    expect(result.workflows).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.suggestion])).toEqual([
      ['import-invalid-id', 2, undefined],
      ['import-unknown-input', 6, 'did you mean `b`?'],
      ['import-duplicate-node', 9, undefined],
    ]);
    expect(sdkYamlToSpecs('workflow: [\n', 'y.yml').diagnostics[0]?.code).toBe(
      'import-yaml-syntax',
    );
    // Without the `workflow:` wrapper it is read as the Python SDK's Workflow.export() output.
    expect(sdkYamlToSpecs('id: x\nnodes: []\n', 'z.yml').diagnostics[0]?.code).toBe(
      'import-no-nodes',
    );
    expect(sdkYamlToSpecs('foo: 1\n', 'f.yml').diagnostics[0]?.code).toBe(
      'import-not-sdk-workflow',
    );
    expect(sdkYamlToSpecs('', 'e.yml').diagnostics[0]?.code).toBe('import-no-workflow');
  });

  it('maps output_info data.concepts and output_config onto the node (with a resolved version)', () => {
    const text = [
      'workflow:',
      '  id: wf',
      '  nodes:',
      '    - id: a',
      '      model:',
      '        model_id: m',
      '        output_info:',
      '          params: { min_value: 0.5 }',
      '          data:',
      '            concepts:',
      '              - { id: text, value: 1, name: Text }',
      '              - { id: logo, value: 0 }',
      '          output_config: { max_concepts: 5 }',
    ].join('\n');
    const latest = new Map([['//m', 'aa7f35c01e0642fda5cf400f543e7c40']]);
    const result = sdkYamlToSpecs(text, 'c.yml', { latest });
    expect(result.workflows[0]?.spec.nodes[0]).toEqual({
      id: 'a',
      model: { id: 'm', version: 'aa7f35c01e0642fda5cf400f543e7c40' },
      inputs: [],
      params: { min_value: 0.5 },
      concepts: [
        { id: 'text', value: 1 },
        { id: 'logo', value: 0 },
      ],
      output_config: { max_concepts: 5 },
    });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['import-dropped-field', 'warning', 11],
      ['output-config-ignored', 'warning', 13],
    ]);
    // A concept without a value, or an output_config key the API lacks: validate's schema, placed here.
    const bad = sdkYamlToSpecs(
      text.replace('{ id: logo, value: 0 }', '{ id: logo }').replace('max_concepts', 'max_concept'),
      'c.yml',
      { latest },
    );
    expect(bad.workflows).toEqual([]);
    expect(
      bad.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.pointer]),
    ).toEqual([
      [12, '/workflow/nodes/0/model/output_info/data/concepts/1'],
      [13, '/workflow/nodes/0/model/output_info/output_config/max_concept'],
    ]);
  });

  it('points a foreign file at what makes it foreign, and says when it is already a spec', () => {
    const foreign = sdkYamlToSpecs('# x\nid: wf\nsteps: []\n', 'f.yml').diagnostics;
    expect(foreign.map((d) => [d.code, d.line, d.column, d.suggestion])).toEqual([
      ['import-not-sdk-workflow', 3, 1, undefined],
    ]);
    const spec = sdkYamlToSpecs(
      'id: wf\nnodes:\n  - id: a\n    model: text-detector\n  - id: b\n    model: { id: m, version: v }\n    inputs: [a]\n',
      's.yml',
    ).diagnostics;
    expect(spec.map((d) => [d.code, d.line, d.column])).toEqual([
      ['import-not-sdk-workflow', 4, 12],
    ]);
    expect(spec[0]?.message).toContain('already a vtr-wf spec');
  });

  it('matches the catalog only when named owners agree', () => {
    const catalog = { mine: { id: 'm', version: 'v', user_id: 'me', app_id: 'app' } };
    const other =
      'workflow:\n  id: wf\n  nodes:\n    - id: a\n      model: { model_id: m, model_version_id: v, user_id: you, app_id: app }\n';
    expect(sdkYamlToSpecs(other, 'x.yml', { catalog }).workflows[0]?.spec.nodes[0]?.model).toEqual({
      id: 'm',
      version: 'v',
      user_id: 'you',
      app_id: 'app',
    });
    const same = other.replace('you', 'me');
    expect(sdkYamlToSpecs(same, 'x.yml', { catalog }).workflows[0]?.spec.nodes[0]?.model).toBe(
      'mine',
    );
  });
});
