/**
 * Every fixture under test/fixtures/validate/<case>/ runs through the BUILT
 * CLI (`node dist/cli/main.js validate`, cwd = the fixture, NO_COLOR=1) in
 * the text and json formats; stdout must equal expected.txt / expected.json
 * exactly and the exit code must equal case.json's `exit`.
 *
 * case.json: { "args": [...], "exit": 0|1, "generate"?: { "<path>": { "prefix"?, "line", "bytes" } } }
 * (`generate` makes big files at test time instead of committing them).
 *
 * UPDATE_FIXTURES=1 rewrites the expectations from the current output —
 * then read the diff by eye before committing.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURES = fileURLToPath(new URL('./fixtures/validate/', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const UPDATE = process.env.UPDATE_FIXTURES === '1';

interface CaseSpec {
  args: string[];
  exit: number;
  generate?: Record<string, { prefix?: string; line: string; bytes: number }>;
}

function runCli(cwd: string, args: string[]) {
  return new Promise<{ stdout: string; stderr: string; status: number | null }>((done) => {
    execFile(
      process.execPath,
      [CLI, 'validate', ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ stdout, stderr, status });
      },
    );
  });
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

it('finds the fixtures and the built CLI', () => {
  expect(cases.length).toBeGreaterThan(60);
  expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
});

// Concurrent: each case is a child process; running them a few at a time keeps the suite quick.
describe.concurrent.each(cases)('validate fixture %s', (name) => {
  const dir = join(FIXTURES, name);
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseSpec;
  const generated = Object.keys(spec.generate ?? {});

  beforeAll(() => {
    for (const [path, how] of Object.entries(spec.generate ?? {})) {
      let text = how.prefix ?? '';
      while (text.length < how.bytes) text += how.line;
      writeFileSync(join(dir, path), text);
    }
  });
  afterAll(() => {
    for (const path of generated) rmSync(join(dir, path), { force: true });
  });

  for (const [format, expectedFile] of [
    ['text', 'expected.txt'],
    ['json', 'expected.json'],
  ] as const) {
    it(`${format} output and exit code`, async () => {
      const args = format === 'text' ? spec.args : [...spec.args, '--format', 'json'];
      const result = await runCli(dir, args);
      expect(result.stderr).not.toContain('internal error');
      const expectedPath = join(dir, expectedFile);
      if (UPDATE) writeFileSync(expectedPath, result.stdout);
      // stderr in the messages: a failure here should explain itself.
      expect(result.stdout, result.stderr).toBe(readFileSync(expectedPath, 'utf8'));
      expect(result.status, result.stderr).toBe(spec.exit);
    });
  }
});
