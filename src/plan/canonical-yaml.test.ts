import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workflowToYaml } from './canonical-yaml.js';
import { node, vtrWorkflow } from './fake-server.test-support.js';

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
