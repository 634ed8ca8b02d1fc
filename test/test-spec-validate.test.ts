/**
 * `tests:` in a spec as `validate` (the BUILT CLI) judges it: messages a user
 * can act on for expectations of the wrong kind.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-test-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validate: spec tests', () => {
  it('a fractional min_regions asks for a whole number', async () => {
    cpSync(join(REPO_ROOT, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
    cpSync(join(REPO_ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
    writeFileSync(
      join(dir, 'workflows', 'half.yaml'),
      'id: half\nnodes:\n  - id: d\n    model: text-detector\ntests:\n' +
        '  - image: images/sold-sign.png\n    expect: { min_regions: 1.5 }\n',
    );
    const r = await runCli(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'workflows/half.yaml:7:28: error wrong-type `min_regions` must be a whole number, not a number (1.5)',
    );
  });

  it('a blank expectation (only whitespace) is an error: every text would match it', async () => {
    writeFileSync(
      join(dir, 'workflows', 'half.yaml'),
      'id: half\nnodes:\n  - id: d\n    model: text-detector\ntests:\n' +
        '  - image: images/sold-sign.png\n    expect: { absent: ["  "] }\n',
    );
    const r = await runCli(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /half\.yaml:7:\d+: error invalid-value `absent\[0\]` .* only whitespace/,
    );
  });
});
