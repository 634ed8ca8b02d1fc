/**
 * Fuzzing validate's loader (loadProject: read → parse → convert → shape →
 * rules) with mutated shipped specs, mutated configs and random YAML. Whatever
 * the input, it never throws and never hangs: it answers with diagnostics that
 * carry a known rule code and, whenever they are about a file, a real position
 * (line and column ≥ 1, end not before start). A few of the nastiest inputs go
 * through the built CLI as well: exit 0 or 1, JSON on stdout, no stack trace.
 *
 * Deeper search: FUZZ_RUNS=5000 npx vitest run test/fuzz-loader.test.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { loadProject } from '../src/spec/project.js';
import { RULES } from '../src/spec/rule-codes.js';
import { CLI } from './helpers/cli.js';
import { CONFIG, mutatedConfig, mutatedSpec, SPECS } from './fuzz/inputs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const KNOWN_CODES = new Set(RULES.map((r) => r.code));

/** Random JSON-ish values as YAML, with keys that tempt prototype pollution. */
const key = fc.oneof(
  fc.constantFrom(
    'id',
    'nodes',
    'model',
    'inputs',
    'params',
    '__proto__',
    'constructor',
    'toString',
  ),
  fc.string({ maxLength: 8 }),
);
const { value: randomValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 10 }),
    fc.double(),
    fc.bigInt().map(String),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
}));
const randomYaml = fc.oneof(
  randomValue.map((v) => stringify(v)),
  fc
    .array(randomValue, { minLength: 1, maxLength: 3 })
    .map((docs) => docs.map((d) => stringify(d)).join('---\n')),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  // Raw bytes: invalid UTF-8, NULs, stray BOMs.
  fc.uint8Array({ maxLength: 200 }),
);

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-fuzz-'));
  await mkdir(join(dir, 'workflows'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC_FILE = join('workflows', 'fuzz.yaml');

/** The loader's answer for this config and spec text; throws only if the loader does. */
async function load(configText: string, specText: string | Uint8Array): Promise<Diagnostic[]> {
  writeFileSync(join(dir, 'vtr-wf.yaml'), configText);
  writeFileSync(join(dir, SPEC_FILE), specText);
  const project = await loadProject({ cwd: dir });
  return project.diagnostics;
}

/** What every diagnostic must be, whatever the input. Returns the offending ones. */
function malformed(diagnostics: readonly Diagnostic[]): { why: string; d: Diagnostic }[] {
  const bad: { why: string; d: Diagnostic }[] = [];
  for (const d of diagnostics) {
    if (!KNOWN_CODES.has(d.code)) bad.push({ why: 'unknown code', d });
    if (d.severity !== 'error' && d.severity !== 'warning') bad.push({ why: 'severity', d });
    if (typeof d.message !== 'string' || d.message.trim() === '') bad.push({ why: 'message', d });
    if (!Number.isInteger(d.document) || d.document < 0) bad.push({ why: 'document', d });
    if (typeof d.pointer !== 'string') bad.push({ why: 'pointer', d });
    if (d.file === SPEC_FILE || d.file === 'vtr-wf.yaml') {
      if (!(d.line >= 1 && d.column >= 1)) bad.push({ why: 'no position in a file', d });
      if (d.end_line < d.line || (d.end_line === d.line && d.end_column < d.column))
        bad.push({ why: 'end before start', d });
    }
  }
  return bad;
}

describe('the loader under fuzzing', () => {
  it('answers mutated shipped specs with placed diagnostics, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedSpec, async (text) => {
        expect(malformed(await load(CONFIG, text))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers mutated configs the same way', async () => {
    const spec = SPECS[0] as string;
    await fc.assert(
      fc.asyncProperty(mutatedConfig, async (text) => {
        expect(malformed(await load(text, spec))).toEqual([]);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('answers random YAML, random text and random bytes the same way', async () => {
    await fc.assert(
      fc.asyncProperty(randomYaml, async (text) => {
        expect(malformed(await load(CONFIG, text))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('never lets __proto__ keys reach the prototype chain', async () => {
    const text = [
      'id: proto',
      '__proto__: { polluted: true }',
      'nodes:',
      '  - id: a',
      '    model: text-detector',
      '    __proto__: { polluted: true }',
      '    params: { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }',
      '',
    ].join('\n');
    const diagnostics = await load(CONFIG, text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // Reported as the unknown keys they are, at their place.
    const unknown = diagnostics.filter((d) => d.code === 'unknown-key');
    expect(unknown.map((d) => d.line)).toEqual([2, 6]);
    expect(malformed(diagnostics)).toEqual([]);
  });

  it('the built CLI exits 0 or 1 with JSON on stdout and no stack trace, for the nastiest inputs', () => {
    const samples = fc.sample(fc.oneof(mutatedSpec, randomYaml), { numRuns: 4, seed: 42 });
    for (const text of [...samples, '&a [*a, *a]\n', '\uFEFF\u0000:\n\t- ]']) {
      writeFileSync(join(dir, 'vtr-wf.yaml'), CONFIG);
      writeFileSync(join(dir, SPEC_FILE), text);
      const run = spawnSync(process.execPath, [CLI, 'validate', '--format', 'json'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 30_000,
      });
      expect([0, 1], run.stderr).toContain(run.status);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
      expect(malformed(diagnostics)).toEqual([]);
      expect(run.status).toBe(diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
    }
  });
});
