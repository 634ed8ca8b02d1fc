/**
 * Security review, hostile input: alias bombs, self-referencing aliases,
 * huge files, deep nesting and floods of documents cost a diagnostic and
 * exit 1 — never a crash, a hang or an exhausted heap. Each runs through the
 * built CLI with a 128 MB heap (a bomb that expanded would die with exit 134)
 * and a time bound. The loader's unit-sized cases are fixtures
 * (test/fixtures/validate/{alias-limit,too-deep,too-large}); these are the
 * full-size attacks, and the other commands that parse user YAML (import,
 * fmt, promote) face them too.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../src/spec/limits.js';
import { CLI, REPO_ROOT } from './helpers/cli.js';

/** `l0` is ten strings; each next level ten aliases of the one before: 10^levels values. */
function billionLaughs(indent: string, levels = 9): string {
  const lines = [`${indent}l0: &a0 [${Array(10).fill('"lol"').join(', ')}]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `${indent}l${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

const specHead = 'id: hostile\nnodes:\n  - id: a\n    model: text-detector\n    params:\n';
// No model_version_id: the SDK refuses a pinned version with output_info (import says so
// first), and the hostile value must reach the check of output_info itself.
const sdkHead = [
  'workflow:',
  '  id: hostile',
  '  nodes:',
  '    - id: a',
  '      model:',
  '        model_id: x',
  '        output_info:',
  '          params:',
  '',
].join('\n');

const HOSTILE_SPECS: Record<string, { text: string; code: string }> = {
  'billion laughs': { text: specHead + billionLaughs('      ') + '\n', code: 'alias-limit' },
  'merge-key bomb': {
    text:
      specHead +
      '      a0: &m0 { k0: x, k1: x, k2: x, k3: x, k4: x, k5: x, k6: x, k7: x }\n' +
      Array.from(
        { length: 8 },
        (_, i) =>
          `      a${i + 1}: &m${i + 1} { <<: [${Array(8).fill(`*m${i}`).join(', ')}], n${i}: [${Array(8).fill(`*m${i}`).join(', ')}] }`,
      ).join('\n') +
      '\n',
    code: 'alias-limit',
  },
  'an alias inside its own anchor': {
    text: 'id: hostile\nnodes: &n\n  - id: a\n    model: text-detector\n    params: { self: *n }\n',
    code: 'alias-limit',
  },
  'a file over the size bound': {
    text: specHead + `      blob: "${'x'.repeat(MAX_FILE_BYTES)}"\n`,
    code: 'too-large',
  },
  'flow nesting 50,000 deep': {
    text: specHead + `      deep: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
    code: 'too-deep',
  },
  'block nesting 1,000 deep': {
    text:
      specHead +
      Array.from({ length: 1000 }, (_, i) => `${' '.repeat(6 + i)}k${i}:`).join('\n') +
      ' end\n',
    code: 'too-deep',
  },
};

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-bounds-'));
  mkdirSync(join(dir, 'workflows'));
  copyFileSync(join(REPO_ROOT, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
  return dir;
}

/** The built CLI with a small heap and a time bound; a crash or a timeout fails the test. */
function cli(args: string[], cwd: string) {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--max-old-space-size=128', CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ...run, ms: Date.now() - started };
}

function expectRefused(run: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(run.signal, `killed after ${run.ms} ms`).toBeNull();
  expect(run.status, run.stderr.slice(0, 2000)).toBe(1);
  expect(run.stdout + run.stderr).not.toMatch(/internal error|\n\s+at |heap out of memory/i);
  expect(run.stdout + run.stderr).toMatch(pattern);
}

describe('hostile YAML', () => {
  it.each(Object.entries(HOSTILE_SPECS))(
    'validate: %s is a diagnostic',
    (_name, { text, code }) => {
      const dir = project();
      writeFileSync(join(dir, 'workflows', 'hostile.yaml'), text);
      const run = cli(['validate', '--format', 'json'], dir);
      expectRefused(run, new RegExp(code));
      const { diagnostics } = JSON.parse(run.stdout) as {
        diagnostics: { code: string; line: number }[];
      };
      const found = diagnostics.find((d) => d.code === code);
      expect(found?.line).toBeGreaterThanOrEqual(1);
    },
  );

  it('validate: a flood of 100,000 empty documents finishes', () => {
    const dir = project();
    writeFileSync(
      join(dir, 'workflows', 'flood.yaml'),
      '---\n'.repeat(100_000).slice(0, MAX_FILE_BYTES - 1),
    );
    const run = cli(['validate'], dir);
    expect(run.signal).toBeNull();
    expect([0, 1]).toContain(run.status);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('validate: an alias bomb in vtr-wf.yaml is a diagnostic; promote refuses it too', () => {
    const dir = project();
    writeFileSync(
      join(dir, 'vtr-wf.yaml'),
      `project: p\nmodels: {}\nx-bomb:\n${billionLaughs('  ')}\nenvironments:\n  a: { emulator: true }\n  b: { emulator: true }\n`,
    );
    expectRefused(cli(['validate'], dir), /alias-limit/);
    const promote = cli(['promote', '--from', 'a', '--to', 'b', '--dry-run'], dir);
    expect(promote.signal).toBeNull();
    expect(promote.status).toBe(1);
    expect(promote.stdout + promote.stderr).not.toMatch(
      /internal error|\n\s+at |heap out of memory/i,
    );
  });

  it('fmt: refuses to rewrite an alias bomb (its safety re-parse hits the bound), writing nothing', () => {
    const dir = project();
    // Not in canonical form (compact flow lists), so fmt has to rewrite and re-check it.
    const text = HOSTILE_SPECS['billion laughs']!.text.replace(/, /g, ',');
    const file = join(dir, 'workflows', 'hostile.yaml');
    writeFileSync(file, text);
    expectRefused(cli(['fmt'], dir), /hostile\.yaml/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    // Already canonical: nothing to rewrite, nothing expanded.
    writeFileSync(file, HOSTILE_SPECS['billion laughs']!.text);
    const check = cli(['fmt', '--check'], dir);
    expect(check.signal).toBeNull();
    expect(check.stdout + check.stderr).not.toMatch(/internal error|\n\s+at |heap out of memory/i);
  });

  it.each([
    ['billion laughs', sdkHead + billionLaughs('            ') + '\n', /import-invalid-value/],
    [
      'an alias inside its own anchor',
      sdkHead + '            &p { a: *p }\n',
      /import-invalid-value/,
    ],
    [
      'flow nesting 50,000 deep',
      sdkHead + `            ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
      /import-/,
    ],
  ])('import: %s is a diagnostic, and nothing is written', (_name, text, pattern) => {
    const dir = project();
    writeFileSync(join(dir, 'sdk.yaml'), text);
    expectRefused(cli(['import', 'sdk.yaml', '--out', 'imported'], dir), pattern);
    expect(existsSync(join(dir, 'imported'))).toBe(false);
  });
});
