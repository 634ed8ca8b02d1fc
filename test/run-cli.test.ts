/**
 * `vtr-wf run` through the BUILT CLI against the in-process emulator on a
 * copy of the shipped example: reads the committed image's text; bad inputs
 * (missing file, not an image, unknown workflow, a URL the emulator cannot
 * fetch) are clear errors. One real model run.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-run-'));
  cpSync(join(REPO_ROOT, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
  cpSync(join(REPO_ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  const applied = await runCli(['apply', '-e', 'local', '--auto-approve'], { cwd: dir });
  expect(applied.code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vtr-wf run', () => {
  it('prints the text read and what each node produced; json per the contract', async () => {
    const r = await runCli(
      [
        'run',
        '-e',
        'local',
        'visual-text-recognition',
        'workflows/images/sold-sign.png',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      format_version: 1,
      environment: 'local',
      workflow: 'visual-text-recognition',
    });
    const [result] = json.results;
    expect(result.image).toBe(join('workflows', 'images', 'sold-sign.png'));
    expect(result.status.code).toBe(10000);
    expect(result.text).toBe('HOUSE FOR SALE\nSOLD');
    expect(result.nodes.map((n: { id: string }) => n.id).sort()).toEqual([
      'detect-concept',
      'image-crop',
      'image-to-text',
    ]);
    const reader = result.nodes.find((n: { id: string }) => n.id === 'image-to-text');
    expect(reader.regions[0]).toEqual({
      box: {
        top: expect.any(Number),
        left: expect.any(Number),
        bottom: expect.any(Number),
        right: expect.any(Number),
      },
      confidence: expect.any(Number),
      text: 'HOUSE FOR SALE',
    });
  }, 60_000);

  it.each([
    [['workflows/images/nope.png'], /image workflows\/images\/nope.png does not exist/],
    [['vtr-wf.yaml'], /vtr-wf.yaml is not a PNG, JPEG or WebP image/],
  ])('refuses a bad image %j before any call', async (images, message) => {
    const r = await runCli(['run', '-e', 'local', 'visual-text-recognition', ...images], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('names a workflow that does not exist, and a URL the emulator cannot fetch', async () => {
    const missing = await runCli(['run', '-e', 'local', 'nope', 'workflows/images/sold-sign.png'], {
      cwd: dir,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/workflow nope does not exist in environment local/);
    const url = await runCli(
      ['run', '-e', 'local', 'visual-text-recognition', 'https://example.com/sign.png'],
      { cwd: dir },
    );
    expect(url.code).toBe(1);
    expect(url.stdout).toMatch(/cannot fetch URLs/);
  });
});
