import { describe, expect, it } from 'vitest';
import { parseYaml } from './parse-yaml.js';
import { nodeAtPointer, positionOfPointer, rangeOfPointer } from './positions.js';
import { placeWithSources } from './place.js';

const TEXT = `id: demo
nodes:
  - id: a
    model: text-detector
    inptus: [b]
  - { id: b, model: cropper, inputs: [a] }
---
id: second
nodes: []
`;

function place(pointer: string, code = 'wrong-type', document = 0) {
  const parsed = parseYaml('w.yaml', TEXT);
  const sources = new Map([['w.yaml', parsed.source]]);
  const [d] = placeWithSources(
    [{ code, severity: 'error', message: 'm', file: 'w.yaml', pointer, document }],
    sources,
  );
  return d!;
}

describe('pointer positions', () => {
  it('places a value', () => {
    expect(place('/nodes/0/model')).toMatchObject({
      line: 4,
      column: 12,
      end_line: 4,
      end_column: 25,
    });
  });

  it('places an unknown key at the key itself', () => {
    expect(place('/nodes/0/inptus', 'unknown-key')).toMatchObject({
      line: 5,
      column: 5,
      end_line: 5,
      end_column: 11,
    });
  });

  it('finds values inside flow collections', () => {
    expect(place('/nodes/1/inputs/0')).toMatchObject({ line: 6, column: 39, end_column: 40 });
  });

  it('falls back to the nearest ancestor for an absent field', () => {
    // /nodes/0/params does not exist: the node mapping that lacks it.
    expect(place('/nodes/0/params')).toMatchObject({ line: 3, column: 5 });
    // /missing at the top level: the document itself.
    expect(place('/missing')).toMatchObject({ line: 1, column: 1 });
  });

  it('uses the document index', () => {
    expect(place('/nodes', 'no-nodes', 1)).toMatchObject({ line: 9, column: 8 });
  });

  it('keeps the root pointer at the start of the document', () => {
    expect(place('', 'not-a-mapping', 1)).toMatchObject({ line: 8, column: 1 });
  });

  it('gives line 0 for a file it does not know', () => {
    const [d] = placeWithSources(
      [
        {
          code: 'x',
          severity: 'error',
          message: 'm',
          file: 'other.yaml',
          pointer: '/a',
          document: 0,
        },
      ],
      new Map(),
    );
    expect(d).toMatchObject({ line: 0, column: 0, end_line: 0, end_column: 0 });
  });

  it('follows aliases and decodes ~0 / ~1', () => {
    const parsed = parseYaml('a.yaml', 'base: &b { "x/y": 1, "t~": 2 }\nuse: *b\n');
    const doc = parsed.source.documents[0]!;
    expect(nodeAtPointer(doc, '/use/x~1y').exact).toBe(true);
    expect(nodeAtPointer(doc, '/use/t~0').exact).toBe(true);
    const [start] = rangeOfPointer(doc, '/use/x~1y');
    expect(parsed.source.text.slice(start, start + 1)).toBe('1');
  });

  it('answers positions directly', () => {
    const { source } = parseYaml('w.yaml', TEXT);
    expect(positionOfPointer(source, 0, '/nodes/0/inptus', 'key')).toEqual({
      line: 5,
      column: 5,
      end_line: 5,
      end_column: 11,
    });
    expect(positionOfPointer(source, 5, '')).toBeUndefined();
  });
});
