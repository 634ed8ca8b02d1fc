import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
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
      params: { min_value: 0.5 },
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
        '    params: { min_value: 0.5 }',
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
