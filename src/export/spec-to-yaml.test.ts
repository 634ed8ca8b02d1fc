import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import type { JsonValue } from '../json.js';
import type { WorkflowSpec } from '../spec/types.js';
import { specsToYamlStream, specToYaml } from './spec-to-yaml.js';

const SPEC: WorkflowSpec = {
  id: 'visual-text-recognition',
  description: 'Detect, crop and read text in images',
  nodes: [
    { id: 'detect-concept', model: 'text-detector', inputs: [] },
    { id: 'image-crop', model: 'cropper', inputs: ['detect-concept'] },
    {
      id: 'image-to-text',
      model: {
        id: '9fe78b4150a52794f86f237770141b33',
        version: '12345',
        user_id: 'acme',
        app_id: 'ocr',
      },
      inputs: ['image-crop'],
      suppress_output: true,
      params: { min_value: 0.5, k: [1, 'two'] },
    },
  ],
};

describe('specToYaml', () => {
  it('writes the documented layout', () => {
    expect(specToYaml(SPEC, 'yaml-language-server: $schema=../schemas/workflow.schema.json')).toBe(
      [
        '# yaml-language-server: $schema=../schemas/workflow.schema.json',
        'id: visual-text-recognition',
        'description: Detect, crop and read text in images',
        'nodes:',
        '  - id: detect-concept',
        '    model: text-detector',
        '  - id: image-crop',
        '    model: cropper',
        '    inputs: [detect-concept]',
        '  - id: image-to-text',
        '    model: { id: "9fe78b4150a52794f86f237770141b33", version: "12345", user_id: acme, app_id: ocr }',
        '    inputs: [image-crop]',
        '    suppress_output: true',
        '    params: { min_value: 0.5, k: [1, two] }',
        '',
      ].join('\n'),
    );
  });

  it('round-trips through a YAML parser, strings staying strings', () => {
    const tricky: WorkflowSpec = {
      id: 'w',
      notes: 'line one\nline two: with a colon\n',
      nodes: [
        {
          id: 'true',
          model: { id: '1e5', version: '0x1F' },
          inputs: [],
          params: { model: { id: 'nested' }, long: 'x'.repeat(80), list: [1, 'two', null] },
        },
      ],
    };
    expect(parse(specToYaml(tricky))).toEqual({
      ...tricky,
      nodes: [{ ...tricky.nodes[0], inputs: undefined }],
    });
    expect(parse(specToYaml(tricky)).nodes[0]).not.toHaveProperty('inputs');
  });

  it('joins several specs into one multi-document stream with the header once', () => {
    const text = specsToYamlStream([SPEC, { ...SPEC, id: 'second' }], 'header');
    const docs = parseAllDocuments(text);
    expect(Array.isArray(docs) && docs.map((d) => d.toJS().id)).toEqual([
      'visual-text-recognition',
      'second',
    ]);
    expect(text.match(/# header/g)).toHaveLength(1);
    expect(text.startsWith('# header\n')).toBe(true);
  });
});

describe('specToYaml (property)', () => {
  // Strings YAML would happily read as something else, mixed with ordinary ones.
  const tricky = fc.oneof(
    fc.constantFrom(
      '0123',
      '1e5',
      'true',
      'no',
      'null',
      '~',
      '0x1F',
      '.inf',
      '- a',
      'a: b',
      '#x',
      "it's",
      '"q"',
    ),
    fc.string({ minLength: 1, maxLength: 12 }),
  );
  const id = fc.stringMatching(/^[0-9A-Za-z]{1,8}([-_][0-9A-Za-z]{1,4})?$/);
  // JSON values as a spec holds them: JSON has no negative zero (a spec's -0 is 0 everywhere:
  // the YAML writer, the plan's comparison, the cache), so fast-check's -0 is read as 0.
  const json: fc.Arbitrary<JsonValue> = fc
    .jsonValue({ maxDepth: 2 })
    .map((v) => JSON.parse(JSON.stringify(v)) as JsonValue);
  const node = fc.record({
    id,
    model: fc.oneof(
      id,
      fc.record(
        { id: tricky, version: tricky, user_id: tricky, app_id: tricky },
        { requiredKeys: ['id', 'version'] },
      ),
    ),
    inputs: fc.array(id, { maxLength: 3 }),
    suppress_output: fc.option(fc.boolean(), { nil: undefined }),
    params: fc.option(fc.dictionary(tricky, json, { maxKeys: 3 }), { nil: undefined }),
  });
  const spec = fc.record({
    id,
    description: fc.option(tricky, { nil: undefined }),
    notes: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    nodes: fc.array(node, { minLength: 1, maxLength: 4 }),
  });

  it('parses back to the same spec, every id and version still a string', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const back = parse(specToYaml(s as WorkflowSpec));
        const expected = JSON.parse(
          JSON.stringify({
            id: s.id,
            ...(s.description ? { description: s.description } : {}),
            ...(s.notes ? { notes: s.notes } : {}),
            nodes: s.nodes.map((n) => ({
              id: n.id,
              model: n.model,
              ...(n.inputs.length ? { inputs: n.inputs } : {}),
              ...(n.suppress_output !== undefined ? { suppress_output: n.suppress_output } : {}),
              ...(n.params && Object.keys(n.params).length ? { params: n.params } : {}),
            })),
          }),
        );
        expect(back).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
