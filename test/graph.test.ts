/**
 * `vtr-wf graph` through the built CLI: each format, id selection, an
 * environment's overrides, and validation first (warnings shown and the graph
 * drawn; errors shown and nothing drawn).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CLI = join(REPO, 'dist/cli/main.js');
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-graph-'));
  scratch.push(dir);
  cpSync(join(REPO, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
  cpSync(join(REPO, 'workflows'), join(dir, 'workflows'), { recursive: true });
  return dir;
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, 'graph', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

const SECOND_SPEC = `id: receipts
nodes:
  - id: read
    model: text-recognizer
    inputs: [crop]
  - id: find
    model: text-detector
  - id: crop
    model: cropper
    inputs: [find]
`;

describe('vtr-wf graph', { timeout: 120_000 }, () => {
  it('draws the VTR workflow as Mermaid by default', () => {
    const result = cli([], projectCopy());
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
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

  it('draws DOT, JSON and text', () => {
    const dir = projectCopy();
    const dot = cli(['--format', 'dot'], dir);
    expect(dot.status).toBe(0);
    expect(dot.stdout).toContain(
      '"visual-text-recognition/detect-concept" -> "visual-text-recognition/image-crop";',
    );
    const json = cli(['--format', 'json'], dir);
    expect(json.status).toBe(0);
    const { workflows } = JSON.parse(json.stdout) as {
      workflows: { id: string; nodes: { id: string; role: string }[]; edges: unknown[] }[];
    };
    expect(workflows.map((w) => w.id)).toEqual(['visual-text-recognition']);
    expect(workflows[0]!.nodes.map((n) => [n.id, n.role])).toEqual([
      ['detect-concept', 'detector'],
      ['image-crop', 'cropper'],
      ['image-to-text', 'recognizer'],
    ]);
    expect(workflows[0]!.edges).toHaveLength(2);
    const text = cli(['--format', 'text'], dir);
    expect(text.stdout).toContain('image-crop      cropper (cropper)');
  });

  it('draws only the given ids, in the order given, and names an unknown one', () => {
    const dir = projectCopy();
    writeFileSync(join(dir, 'workflows/receipts.yaml'), SECOND_SPEC);
    const both = cli(['--format', 'json'], dir);
    expect(JSON.parse(both.stdout).workflows.map((w: { id: string }) => w.id)).toEqual([
      'receipts',
      'visual-text-recognition',
    ]);
    const one = cli(['receipts', '--format', 'json'], dir);
    const [receipts] = JSON.parse(one.stdout).workflows as {
      id: string;
      nodes: { id: string }[];
    }[];
    expect(receipts!.id).toBe('receipts');
    // Topological order, although the spec lists the nodes out of order.
    expect(receipts!.nodes.map((n) => n.id)).toEqual(['find', 'crop', 'read']);

    const unknown = cli(['receipt'], dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('no workflow "receipt" (did you mean `receipts`?)');
  });

  it("shows an environment's pins with -e, and refuses an unknown environment", () => {
    const dir = projectCopy();
    const config = readFileSync(join(dir, 'vtr-wf.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'vtr-wf.yaml'),
      `${config}  prod:\n    emulator: true\n    models:\n      text-recognizer: { version: "prod-pin" }\n`,
    );
    const prod = cli(['-e', 'prod', '--format', 'json'], dir);
    expect(prod.status, prod.stderr).toBe(0);
    const nodes = JSON.parse(prod.stdout).workflows[0].nodes as { id: string; version: string }[];
    expect(nodes.find((n) => n.id === 'image-to-text')?.version).toBe('prod-pin');
    const catalog = JSON.parse(cli(['--format', 'json'], dir).stdout).workflows[0].nodes as {
      id: string;
      version: string;
    }[];
    expect(catalog.find((n) => n.id === 'image-to-text')?.version).toBe(
      'd94413e582f341f68884cac72dbd2c7b',
    );

    const unknown = cli(['-e', 'prd'], dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown environment "prd" (did you mean `prod`?)');
  });

  it('draws specs with warnings (shown on stderr), not specs with errors', () => {
    const dir = projectCopy();
    const longId = 'a-rather-long-workflow-id-over-32-chars';
    writeFileSync(
      join(dir, 'workflows/receipts.yaml'),
      SECOND_SPEC.replace('id: receipts', `id: ${longId}`),
    );
    const warned = cli([longId], dir);
    expect(warned.status, warned.stderr).toBe(0);
    expect(warned.stderr).toMatch(/warning/);
    expect(warned.stdout).toContain(`subgraph w0["${longId}"]`);

    writeFileSync(
      join(dir, 'workflows/broken.yaml'),
      SECOND_SPEC.replace('inputs: [find]', 'inputs: [fnd]').replace('id: receipts', 'id: broken'),
    );
    const broken = cli([], dir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/workflows\/broken\.yaml:\d+:\d+: error unknown-input/);
  });
});
