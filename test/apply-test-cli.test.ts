/**
 * `vtr-wf apply … --test` through the BUILT CLI against the embedded emulator,
 * on a copy of the shipped example: the README's quick start passes; a
 * miswiring applied with --test fails its test (exit 1) while the apply
 * stands and the rollback command is named; --format json is one object; no
 * change means no tests. Tests in one file share one project and run in order.
 * Three OCR runs in all.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/cli.js';

let dir: string;
let spec: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-apply-test-'));
  cpSync(join(REPO_ROOT, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
  cpSync(join(REPO_ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  spec = join(dir, 'workflows', 'visual-text-recognition.yaml');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The recognizer reads the detector: it reads the whole image as one line, not the crops. */
function miswire(): void {
  const text = readFileSync(spec, 'utf8');
  const miswired = text.replace(
    /(- id: image-to-text\n\s+model: text-recognizer\n\s+inputs: )\[image-crop\]/,
    '$1[detect-concept]',
  );
  expect(miswired).not.toBe(text);
  writeFileSync(spec, miswired);
}

describe('vtr-wf apply --test', () => {
  it('quick start: creates the example workflow, runs its test, which passes (exit 0)', async () => {
    const r = await runCli(['apply', '-e', 'local', '--auto-approve', '--test'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Apply complete: applied 1 of 1.');
    expect(r.stdout).toContain(
      'Tests of the workflows this apply created or updated:\nPASS visual-text-recognition › sold-sign\nTests: 1 passed, 0 failed.\n',
    );
    // …and the README's second command reads the text.
    const run = await runCli(
      ['run', '-e', 'local', 'visual-text-recognition', 'workflows/images/sold-sign.png'],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/HOUSE FOR SALE\n\s*SOLD/);
  }, 90_000);

  it('a failing test after an update: exit 1, the apply stands, the rollback command is named', async () => {
    miswire();
    const r = await runCli(['apply', '-e', 'local', '--auto-approve', '--test', '--verbose'], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(1);
    // The tests ran over the apply's connection: one embedded emulator, not a second one.
    expect(r.stderr.match(/emulator \(in-process\) on/g)).toHaveLength(1);
    expect(r.stdout).toContain('Apply complete: applied 1 of 1.');
    expect(r.stdout).toMatch(/^FAIL visual-text-recognition › sold-sign: .* \(read: ".*"\)$/m);
    expect(r.stdout).toContain('Tests: 0 passed, 1 failed.');
    expect(r.stdout).toContain('The apply stands: 1 test failed');
    expect(r.stdout).toContain('vtr-wf rollback -e local visual-text-recognition');
    // The apply stood: the live workflow is the miswired spec.
    const plan = await runCli(['plan', '-e', 'local'], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/No changes/);
  }, 60_000);

  it('--format json: one object, the apply report plus "tests"', async () => {
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^description: .*$/m, 'description: x'));
    const r = await runCli(
      ['apply', '-e', 'local', '--auto-approve', '--test', '--format', 'json'],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json).sort()).toEqual([
      'applied',
      'failed',
      'not_attempted',
      'summary',
      'tests',
    ]);
    expect(json.applied).toEqual([
      { id: 'visual-text-recognition', action: 'update', version: expect.any(String) },
    ]);
    expect(json.tests).toMatchObject({
      format_version: 1,
      environment: 'local',
      passed: 0,
      failed: 1,
      cases: [{ workflow: 'visual-text-recognition', name: 'sold-sign', passed: false }],
    });
    expect(Object.keys(json.tests).sort()).toEqual([
      'cases',
      'environment',
      'failed',
      'format_version',
      'passed',
    ]);
  }, 60_000);

  it('nothing created or updated: no tests run, and it says so (exit 0)', async () => {
    const text = await runCli(['apply', '-e', 'local', '--auto-approve', '--test'], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Tests not run: no workflow was created or updated.');
    expect(text.stdout).not.toMatch(/FAIL|PASS/);
    const json = await runCli(
      ['apply', '-e', 'local', '--auto-approve', '--test', '--format', 'json'],
      { cwd: dir },
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).tests).toEqual({
      format_version: 1,
      environment: 'local',
      passed: 0,
      failed: 0,
      cases: [],
    });
  });
  it('a failing test after a rename only: no rollback command (a rollback restores content, not ids)', async () => {
    // Still miswired; only the id changes, so the workflow keeps its one version.
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        /^id: visual-text-recognition$/m,
        'id: vtr-renamed\nprevious_ids: [visual-text-recognition]',
      ),
    );
    const r = await runCli(['apply', '-e', 'local', '--auto-approve', '--test'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('~ rename visual-text-recognition → vtr-renamed');
    expect(r.stdout).toMatch(/^FAIL vtr-renamed › sold-sign: /m);
    expect(r.stdout).not.toContain('vtr-wf rollback');
    expect(r.stdout).toContain('vtr-renamed was only renamed by this apply');
  }, 60_000);
});
