/**
 * `vtr-wf test` through the BUILT CLI against the embedded emulator, on a copy
 * of the shipped example plus a miswired variant (the recognizer reads the
 * detector, so it reads the whole image as one line, not the crops). Every
 * format, exit codes, no cases, a missing image. OCR runs cost 1–3 s each:
 * each run here earns its place.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const MISWIRED = `id: vtr-miswired
nodes:
  - id: detect-concept
    model: text-detector
  - id: image-crop
    model: cropper
    inputs: [detect-concept]
  - id: image-to-text
    model: text-recognizer
    inputs: [detect-concept]
tests:
  - name: sold-sign
    image: images/sold-sign.png
    expect:
      text: [SOLD, HOUSE FOR SALE]
`;

const dirs: string[] = [];
function exampleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-test-cli-'));
  dirs.push(dir);
  cpSync(join(REPO_ROOT, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
  cpSync(join(REPO_ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  return dir;
}

let dir: string;
beforeAll(async () => {
  dir = exampleCopy();
  writeFileSync(join(dir, 'workflows', 'vtr-miswired.yaml'), MISWIRED);
  const applied = await runCli(['apply', '-e', 'local', '--auto-approve'], { cwd: dir });
  expect(applied.code, applied.stderr).toBe(0);
}, 60_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('vtr-wf test', () => {
  it('text: PASS for the right wiring, FAIL with what was read for the miswired one, exit 1', async () => {
    const r = await runCli(['test', '-e', 'local'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('PASS visual-text-recognition › sold-sign');
    const fail = lines.find((l) => l.startsWith('FAIL vtr-miswired › sold-sign: '));
    expect(fail).toMatch(/ \(read: ".*"\)$/);
    expect(lines.at(-1)).toBe('Tests: 1 passed, 1 failed.');
    expect(r.stderr).not.toMatch(/differs from its spec/);
  }, 60_000);

  it('exit 0 when every case passes (only the ids given run)', async () => {
    const r = await runCli(['test', '-e', 'local', 'visual-text-recognition'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('PASS visual-text-recognition › sold-sign\nTests: 1 passed, 0 failed.\n');
  }, 60_000);

  it('--format json: the contract shape', async () => {
    const r = await runCli(['test', '-e', 'local', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json).sort()).toEqual([
      'cases',
      'environment',
      'failed',
      'format_version',
      'passed',
    ]);
    expect(json).toMatchObject({ format_version: 1, environment: 'local', passed: 1, failed: 1 });
    const byWorkflow = Object.fromEntries(
      json.cases.map((c: { workflow: string }) => [c.workflow, c]),
    );
    expect(byWorkflow['visual-text-recognition']).toEqual({
      workflow: 'visual-text-recognition',
      name: 'sold-sign',
      image: join('workflows', 'images', 'sold-sign.png'),
      passed: true,
      text: 'HOUSE FOR SALE\nSOLD',
      regions: expect.any(Number),
      failures: [],
    });
    expect(byWorkflow['visual-text-recognition'].regions).toBeGreaterThanOrEqual(2);
    const miswired = byWorkflow['vtr-miswired'];
    expect(miswired).toMatchObject({ name: 'sold-sign', passed: false });
    expect(miswired.failures.length).toBeGreaterThan(0);
    expect(typeof miswired.text).toBe('string');
  }, 60_000);

  it('--format junit, and a warning when the live workflow differs from its spec', async () => {
    // The spec now differs from what is live: test runs what is live, and says so.
    const spec = join(dir, 'workflows', 'vtr-miswired.yaml');
    writeFileSync(spec, MISWIRED.replace('nodes:', 'description: not applied yet\nnodes:'));
    const r = await runCli(['test', '-e', 'local', 'vtr-miswired', '--format', 'junit'], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /^warning: live workflow vtr-miswired differs from its spec \(\/description\); its tests ran on what is live/m,
    );
    expect(r.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites tests="1" failures="1">/,
    );
    expect(r.stdout).toContain('<testsuite name="vtr-miswired" tests="1" failures="1">');
    expect(r.stdout).toMatch(
      /<testcase classname="vtr-miswired" name="sold-sign">\s*<failure message="[^"]+">/,
    );
    expect(r.stdout).not.toContain('visual-text-recognition');
  }, 60_000);

  it('no cases at all: says so, exit 0', async () => {
    const bare = exampleCopy();
    const spec = join(bare, 'workflows', 'visual-text-recognition.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^tests:[\s\S]*$/m, ''));
    const r = await runCli(['test', '-e', 'local'], { cwd: bare });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no test cases/i);
  });

  it('a missing image is a clear error before any call', async () => {
    const broken = exampleCopy();
    rmSync(join(broken, 'workflows', 'images', 'sold-sign.png'));
    const r = await runCli(['test', '-e', 'local'], { cwd: broken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sold-sign\.png does not exist/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
  it('an id no spec declares is an error, not "no test cases"', async () => {
    const r = await runCli(['test', '-e', 'local', 'nosuch'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no spec declares `nosuch`/);
    expect(r.stdout).toBe('');
  });

  it('invalid specs (a duplicate case name) are refused with file:line:col, nothing tested', async () => {
    const dup = exampleCopy();
    const spec = join(dup, 'workflows', 'visual-text-recognition.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8') +
        '  - name: sold-sign\n    image: images/sold-sign.png\n    expect: { min_regions: 1 }\n',
    );
    const r = await runCli(['test', '-e', 'local'], { cwd: dup });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/visual-text-recognition\.yaml:\d+:\d+: duplicate-test-name/);
    expect(r.stdout).toBe('');
  });
});
