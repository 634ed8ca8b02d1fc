import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { formatSpec, formatSpecText } from './format.js';

const fmt = (text: string) => formatSpecText(text);
const lines = (...l: string[]) => l.map((s) => `${s}\n`).join('');

describe('formatSpecText', () => {
  it('orders workflow keys id, description, notes, nodes and node keys id, model, inputs, suppress_output, params', () => {
    const input = lines(
      'nodes:',
      '  - params: { min_value: 0.5 }',
      '    suppress_output: false',
      '    inputs: [a]',
      '    model: recognizer',
      '    id: b',
      'notes: n',
      'description: d',
      'id: wf',
    );
    expect(fmt(input)).toEqual({
      text: lines(
        'id: wf',
        'description: d',
        'notes: n',
        'nodes:',
        '  - id: b',
        '    model: recognizer',
        '    inputs: [a]',
        '    suppress_output: false',
        '    params: { min_value: 0.5 }',
      ),
      changed: true,
      errors: [],
    });
  });

  it('keeps unknown keys after the known ones, in their original order', () => {
    const input = lines('zeta: 1', 'nodes: []', 'alpha: 2', 'id: wf');
    expect(fmt(input).text).toBe(lines('id: wf', 'nodes: []', 'zeta: 1', 'alpha: 2'));
  });

  it('leaves a canonical file byte for byte, and says it did not change', () => {
    const input = lines(
      '# yaml-language-server: $schema=../schemas/workflow.schema.json',
      'id: visual-text-recognition',
      'nodes:',
      '  - id: detect-concept',
      '    model: text-detector',
      '  - id: image-to-text',
      '    model: { id: "9fe78b4150a52794f86f237770141b33", version: "d94413e582f341f68884cac72dbd2c7b", role: recognizer }   # ... or inline',
      '    inputs: [detect-concept]',
    ).replace('}   #', '} #');
    expect(fmt(input)).toEqual({ text: input, changed: false, errors: [] });
  });

  it('keeps the yaml-language-server header on top when the first key moves', () => {
    const input = lines(
      '# yaml-language-server: $schema=../schemas/workflow.schema.json',
      '# the VTR workflow',
      'nodes: []',
      '# the id',
      'id: wf',
    );
    expect(fmt(input).text).toBe(
      lines(
        '# yaml-language-server: $schema=../schemas/workflow.schema.json',
        '# the VTR workflow',
        '# the id',
        'id: wf',
        'nodes: []',
      ),
    );
  });

  it('moves comments with their keys', () => {
    const input = lines(
      'id: wf',
      'nodes:',
      '  - model: cropper # the cropper',
      '    # reads the detector',
      '    inputs: [d]',
      '    id: c',
      '# what it does',
      'description: x',
    );
    expect(fmt(input).text).toBe(
      lines(
        'id: wf',
        '# what it does',
        'description: x',
        'nodes:',
        '  - id: c',
        '    model: cropper # the cropper',
        '    # reads the detector',
        '    inputs: [d]',
      ),
    );
  });

  it('keeps flow and block style, writing flow maps padded and flow lists not', () => {
    const input = lines(
      'id: wf',
      'nodes:',
      '  - {model: a, id: x, params: {k: [ 1,2 ]}}',
      '  - id: y',
      '    inputs:',
      '      - x',
    );
    expect(fmt(input).text).toBe(
      lines(
        'id: wf',
        'nodes:',
        '  - { id: x, model: a, params: { k: [1, 2] } }',
        '  - id: y',
        '    inputs:',
        '      - x',
      ),
    );
  });

  it('re-indents to 2 spaces', () => {
    const input = lines(
      'id: wf',
      'nodes:',
      '    -   id: x',
      '        model: a',
      'extra:',
      '    deep: 1',
    );
    expect(fmt(input).text).toBe(
      lines('id: wf', 'nodes:', '  - id: x', '    model: a', 'extra:', '  deep: 1'),
    );
  });

  it('keeps quoting, so strings YAML would read as numbers stay strings', () => {
    const input = lines(
      'nodes:',
      '  - model: { version: \'0123\', id: "1e3" }',
      '    id: "yes"',
      'id: "42"',
    );
    const result = fmt(input);
    expect(result.text).toBe(
      lines('id: "42"', 'nodes:', '  - id: "yes"', '    model: { version: \'0123\', id: "1e3" }'),
    );
  });

  it('does not fold long lines or block scalars it does not have to', () => {
    const long = `description: ${'word '.repeat(40).trim()}`;
    const input = lines(
      'id: wf',
      long,
      'notes: |',
      '  line one',
      '    indented',
      '  line three',
      'nodes: []',
    );
    expect(fmt(input)).toMatchObject({ changed: false, errors: [] });
  });

  it('keeps several documents as several documents', () => {
    const input = lines(
      'nodes: []',
      'id: a',
      '---',
      '# second',
      'nodes: []',
      'id: b',
      '...',
      '---',
      'id: c',
    );
    const result = fmt(input);
    expect(result.text).toBe(
      lines('id: a', 'nodes: []', '---', '# second', 'id: b', 'nodes: []', '...', '---', 'id: c'),
    );
    expect(parseAllDocuments(result.text)).toHaveLength(3);
  });

  it('formats documents that are not mappings without reordering anything', () => {
    expect(fmt(lines('- b', '-   a')).text).toBe(lines('- b', '- a'));
    expect(fmt(lines('just a scalar'))).toMatchObject({ changed: false, errors: [] });
  });

  it('leaves empty and comment-only files alone', () => {
    expect(fmt('')).toEqual({ text: '', changed: false, errors: [] });
    expect(fmt('# nothing yet\n')).toEqual({ text: '# nothing yet\n', changed: false, errors: [] });
  });

  it('reports YAML syntax errors with their position and returns the input untouched', () => {
    const input = lines('id: wf', 'nodes: [a, b', 'description: x');
    const result = formatSpec(input);
    expect(result.text).toBe(input);
    expect(result.changed).toBe(false);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ code: 'yaml-syntax', line: expect.any(Number) });
    expect(fmt(input).errors[0]).toMatch(/^\d+:\d+: /);
  });

  it('reports a duplicate key instead of picking one', () => {
    const result = fmt(lines('id: a', 'id: b', 'nodes: []'));
    expect(result.errors).toEqual([expect.stringMatching(/^2:1: .*unique/i)]);
    expect(result.changed).toBe(false);
  });

  it('refuses to move an alias before its anchor', () => {
    const input = lines(
      'nodes:',
      '  - model: &m cropper',
      '    id: c',
      'description: *m',
      'id: wf',
    );
    const result = formatSpec(input);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'fmt-unsafe' })]);
    expect(result.text).toBe(input);
  });

  it('keeps anchors and aliases that stay in order', () => {
    const input = lines('id: &i wf', 'nodes:', '  - model: m', '    id: *i');
    const result = fmt(input);
    expect(result.text).toBe(lines('id: &i wf', 'nodes:', '  - id: *i', '    model: m'));
  });

  it('refuses an alias bomb rather than expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const result = formatSpec(lines(...bomb, 'id: wf'));
    expect(result.problems).toEqual([expect.objectContaining({ code: 'fmt-unsafe' })]);
  });

  it('survives deep nesting with a problem or a result, never a throw', () => {
    const deep = `id: wf\nextra: ${'['.repeat(1500)}${']'.repeat(1500)}\n`;
    const result = formatSpec(deep);
    expect(typeof result.text).toBe('string');
  });

  it('keeps CRLF line breaks and a byte order mark', () => {
    const input = '\uFEFFnodes: []\r\nid: wf\r\n';
    expect(fmt(input).text).toBe('\uFEFFid: wf\r\nnodes: []\r\n');
    expect(fmt('\uFEFFid: wf\r\nnodes: []\r\n').changed).toBe(false);
  });

  it('never drops a comment, wherever it sits', () => {
    const input = lines(
      '# head',
      'nodes: # the nodes',
      '  # first',
      '  - id: a # trailing a',
      '    model: { id: x, version: y } # inline',
      '    notes: | # block header',
      '      # not a comment',
      '# tail of nodes',
      'id: wf # the id',
      '# end',
    );
    const result = formatSpec(input);
    expect(result.problems).toEqual([]);
    for (const comment of input.match(/# [a-z ]+/g)!.filter((c) => c !== '# not a comment')) {
      expect(result.text).toContain(comment.trimEnd());
    }
    expect(formatSpec(result.text).text).toBe(result.text);
  });
});
