import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '../graph/diagram.js';
import { renderGraphDot } from './graph-dot.js';
import { renderGraphJson } from './graph-json.js';
import { renderGraphMermaid } from './graph-mermaid.js';
import { renderGraphText } from './graph-text.js';

const vtr: WorkflowGraph = {
  id: 'visual-text-recognition',
  nodes: [
    { id: 'detect-concept', model: 'text-detector', role: 'detector' },
    { id: 'image-crop', model: 'cropper', role: 'cropper' },
    { id: 'image-to-text', model: 'text-recognizer', role: 'recognizer' },
  ],
  edges: [
    { from: 'detect-concept', to: 'image-crop' },
    { from: 'image-crop', to: 'image-to-text' },
  ],
};

const hostile: WorkflowGraph = {
  id: 'other',
  nodes: [
    { id: 'image-crop', model: 'a"b<c>&#d\\e' },
    { id: 'x', model: 'y' },
  ],
  edges: [{ from: 'image-crop', to: 'x' }],
};

describe('renderGraphMermaid', () => {
  it('draws the VTR workflow with roles as classes', () => {
    expect(renderGraphMermaid([vtr])).toBe(
      [
        'flowchart LR',
        '  subgraph w0["visual-text-recognition"]',
        '    direction LR',
        '    w0n0["detect-concept<br/>text-detector · detector"]',
        '    w0n1["image-crop<br/>cropper · cropper"]',
        '    w0n2["image-to-text<br/>text-recognizer · recognizer"]',
        '    w0n0 --> w0n1',
        '    w0n1 --> w0n2',
        '  end',
        '  classDef cropper fill:#fff3e0,stroke:#fb8c00,color:#e65100',
        '  class w0n1 cropper',
        '  classDef detector fill:#e3f2fd,stroke:#1e88e5,color:#0d47a1',
        '  class w0n0 detector',
        '  classDef recognizer fill:#e8f5e9,stroke:#43a047,color:#1b5e20',
        '  class w0n2 recognizer',
        '',
      ].join('\n'),
    );
  });

  it('keeps workflows apart and labels unable to break out of their quotes', () => {
    const text = renderGraphMermaid([vtr, hostile]);
    expect(text).toContain('subgraph w1["other"]');
    expect(text).toContain('w1n0["image-crop<br/>a#34;b#60;c#62;#38;#35;d\\e"]');
    expect(text).toContain('w1n0 --> w1n1');
    // Every label is one quoted string: no stray quote survives.
    for (const line of text.split('\n').filter((l) => l.includes('['))) {
      expect(line.match(/"/g)?.length).toBe(2);
    }
  });
});

describe('renderGraphDot', () => {
  it('draws clusters with qualified node ids and escaped labels', () => {
    const text = renderGraphDot([vtr, hostile]);
    expect(text.startsWith('digraph "vtr-wf" {\n  rankdir=LR;\n')).toBe(true);
    expect(text).toContain('subgraph "cluster_visual-text-recognition" {');
    expect(text).toContain(
      '"visual-text-recognition/detect-concept" [label="detect-concept\\ntext-detector · detector", fillcolor="#e3f2fd"];',
    );
    expect(text).toContain(
      '"visual-text-recognition/detect-concept" -> "visual-text-recognition/image-crop";',
    );
    expect(text).toContain('"other/image-crop" [label="image-crop\\na\\"b<c>&#d\\\\e"];');
    expect(text).toContain('"other/image-crop" -> "other/x";');
    expect(text.trimEnd().endsWith('}')).toBe(true);
  });
});

describe('renderGraphJson', () => {
  it('is the graph model under "workflows"', () => {
    expect(JSON.parse(renderGraphJson([vtr]))).toEqual({ workflows: [vtr] });
  });
});

describe('renderGraphText', () => {
  it('lists nodes with model, role and inputs', () => {
    expect(renderGraphText([vtr])).toBe(
      [
        'visual-text-recognition',
        '  detect-concept  text-detector (detector)',
        '  image-crop      cropper (cropper)             ← detect-concept',
        '  image-to-text   text-recognizer (recognizer)  ← image-crop',
        '',
      ].join('\n'),
    );
  });
});

describe('a renamed workflow', () => {
  const renamed: WorkflowGraph = { ...vtr, previous_ids: ['old-vtr'] };
  it('is titled with the ids it is renamed from, in every drawing', () => {
    expect(renderGraphMermaid([renamed])).toContain('["visual-text-recognition (was old-vtr)"]');
    expect(renderGraphDot([renamed])).toContain('label="visual-text-recognition (was old-vtr)";');
    expect(renderGraphText([renamed]).split('\n')[0]).toBe('visual-text-recognition (was old-vtr)');
    expect(JSON.parse(renderGraphJson([renamed])).workflows[0].previous_ids).toEqual(['old-vtr']);
  });
  it('without previous ids keeps its plain title', () => {
    expect(renderGraphText([vtr]).split('\n')[0]).toBe(vtr.id);
  });
});
