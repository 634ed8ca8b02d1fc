import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stableStringify, type JsonObject, type JsonValue } from '../json.js';
import { workflowToYaml, workflowYamlLines } from './canonical-yaml.js';
import { canonicalWorkflowArb, node, vtrWorkflow } from './fake-server.test-support.js';
import type { CanonicalWorkflow } from './types.js';

describe('workflowToYaml', () => {
  it('renders spec shape with defaults omitted', () => {
    expect(workflowToYaml(vtrWorkflow())).toBe(
      [
        'id: visual-text-recognition',
        'description: Detect, crop and read text in images',
        'nodes:',
        '  - id: detect-concept',
        '    model:',
        '      id: 2419e2eae04d04f820e5cf3aba42d0c7',
        '      version: 75a5b92a0dec436a891b5ad224ac9170',
        '  - id: image-crop',
        '    model:',
        '      id: ce3f5832af7a4e56ae310d696cbbefd8',
        '      version: a78efb13f7774433aa2fd4864f41f0e6',
        '    inputs: [detect-concept]',
        '  - id: image-to-text',
        '    model:',
        '      id: 9fe78b4150a52794f86f237770141b33',
        '      version: d94413e582f341f68884cac72dbd2c7b',
        '    inputs: [image-crop]',
        '',
      ].join('\n'),
    );
  });

  it('quotes strings YAML would read as numbers, and round-trips', () => {
    const w = {
      id: 'w',
      description: '',
      notes: 'line one\nline two',
      nodes: [
        node('a', '1234', ['b', 'c'], {
          suppress_output: true,
          params: { min_value: 0.5, 'odd/key': [1, 'x'] },
          model: { id: '1e5', version: '1234', user_id: 'acme' },
        }),
      ],
    };
    const text = workflowToYaml(w);
    expect(text).toContain('version: "1234"');
    expect(text).toContain('inputs: [b, c]');
    expect(parse(text)).toEqual({
      id: 'w',
      notes: 'line one\nline two',
      nodes: [
        {
          id: 'a',
          model: { id: '1e5', version: '1234', user_id: 'acme' },
          inputs: ['b', 'c'],
          suppress_output: true,
          params: { min_value: 0.5, 'odd/key': [1, 'x'] },
        },
      ],
    });
  });
});

describe('workflowToYaml (every field)', () => {
  it('writes nested blocks, literals in sequences, concepts and output_config', () => {
    const workflow: CanonicalWorkflow = {
      id: 'rich',
      description: 'two\nlines\n',
      notes: '',
      visibility: 'org',
      use_cases: ['ocr', 'a, b'],
      check_consents: ['x'],
      metadata: {
        team: 'ocr',
        tags: [{ name: 'a', on: true }, [], {}, ['n', 'l1\nl2']],
        empty: {},
        '1e5': null,
      },
      image: { url: 'https://x/y.png' },
      nodes: [
        node('read', '0123', [], {
          model: { id: 'm', version: '0123', user_id: 'acme', app_id: 'main' },
          suppress_output: true,
          params: { min: 0.5, 'odd/key': [1, 'x'] },
          concepts: [{ id: 'text', value: 0.25 }],
          output_config: { max_concepts: 3, select_concepts: [{ id: 'a' }] },
        }),
      ],
    };
    const lines = workflowYamlLines(workflow);
    expect(lines.join('\n') + '\n').toBe(workflowToYaml(workflow));
    expect(lines).toEqual([
      'id: rich',
      'description: |',
      '  two',
      '  lines',
      'visibility: org',
      'use_cases: [ocr, "a, b"]',
      'check_consents: [x]',
      'metadata:',
      '  team: ocr',
      '  tags:',
      '    - name: a',
      '      "on": true',
      '    - []',
      '    - {}',
      '    - - "n"',
      '      - |-',
      '        l1',
      '        l2',
      '  empty: {}',
      '  "1e5": null',
      'image:',
      '  url: "https://x/y.png"',
      'nodes:',
      '  - id: read',
      '    model:',
      '      id: m',
      '      version: "0123"',
      '      user_id: acme',
      '      app_id: main',
      '    suppress_output: true',
      '    params:',
      '      min: 0.5',
      '      odd/key:',
      '        - 1',
      '        - x',
      '    concepts:',
      '      - id: text',
      '        value: 0.25',
      '    output_config:',
      '      max_concepts: 3',
      '      select_concepts:',
      '        - id: a',
    ]);
  });
});

describe('workflowToYaml (property)', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(
      'true',
      'No',
      '~',
      '1e5',
      '0x1F',
      '1:20',
      '- x',
      'a: b',
      'a #b',
      ' lead',
      'trail ',
      '',
      'null',
    ),
    fc.stringMatching(/^[a-z0-9 \n,.-]{0,16}$/),
  );
  const json = fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(text, tie('value'), { maxKeys: 3 }),
    ),
  }));

  it('parses back to exactly the workflow, whatever the strings and params', () => {
    fc.assert(
      fc.property(
        canonicalWorkflowArb,
        text,
        text,
        fc.dictionary(text, json.value, { maxKeys: 4 }),
        (w, description, notes, params) => {
          const workflow = { ...w, description, notes };
          workflow.nodes[0]!.params = params as JsonObject;
          // The line diff takes these lines as they are: none may hold a line break.
          expect(workflowYamlLines(workflow).some((l) => l.includes('\n'))).toBe(false);
          const back = parse(workflowToYaml(workflow)) as Record<string, unknown>;
          const expected: Record<string, unknown> = { id: workflow.id };
          if (description !== '') expected.description = description;
          if (notes !== '') expected.notes = notes;
          expected.nodes = workflow.nodes.map((n) => ({
            id: n.id,
            model: n.model,
            ...(n.inputs.length ? { inputs: n.inputs } : {}),
            ...(n.suppress_output ? { suppress_output: true } : {}),
            ...(Object.keys(n.params).length ? { params: n.params } : {}),
          }));
          expect(stableStringify(back)).toBe(stableStringify(expected));
        },
      ),
      { numRuns: 300 },
    );
  });
});
