/**
 * `vtr-wf validate` as users run it (the built CLI): the repo's own specs
 * pass, every format carries file, line, column, code and pointer, colour and
 * --strict behave, and validate never loads gRPC.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, runCli } from './helpers/cli.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/validate');
const DOCS_BUG = join(FIXTURES, 'docs-bug-general-concept');

describe('vtr-wf validate', () => {
  it('passes in the repo root, with the summary on stderr', async () => {
    const result = await runCli(['validate'], { cwd: REPO_ROOT });
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ok: \d+ workflows? in \d+ files?, no problems\n$/);
    expect(result.code).toBe(0);
  });

  it('writes GitHub annotations', async () => {
    const result = await runCli(['validate', '--format', 'github'], { cwd: DOCS_BUG });
    expect(result.stdout).toBe(
      '::error file=workflows/spec.yaml,line=9,col=14,endLine=9,endColumn=29,title=unknown-input::' +
        'node `image-crop` reads from `general-concept`, which is not a node of workflow `visual-text-recognition`' +
        '%0Asuggestion: did you mean `detect-concept`?%0Apointer: /nodes/1/inputs/0\n',
    );
    expect(result.code).toBe(1);
  });

  it('writes SARIF 2.1.0', async () => {
    const result = await runCli(['validate', '--format', 'sarif'], { cwd: DOCS_BUG });
    const log = JSON.parse(result.stdout);
    expect(log.version).toBe('2.1.0');
    const [res] = log.runs[0].results;
    expect(res).toMatchObject({
      ruleId: 'unknown-input',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'workflows/spec.yaml' },
            region: { startLine: 9, startColumn: 14 },
          },
          logicalLocations: [{ fullyQualifiedName: '/nodes/1/inputs/0' }],
        },
      ],
      properties: { pointer: '/nodes/1/inputs/0', suggestion: 'did you mean `detect-concept`?' },
    });
    expect(result.code).toBe(1);
  });

  it('colours only when forced or on a terminal, never with --no-color or NO_COLOR', async () => {
    const forced = await runCli(['validate'], {
      cwd: DOCS_BUG,
      env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toContain('\u001b[31merror');
    const flag = await runCli(['validate', '--no-color'], {
      cwd: DOCS_BUG,
      env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    });
    expect(flag.stdout).not.toContain('\u001b[');
    const env = await runCli(['validate'], { cwd: DOCS_BUG });
    expect(env.stdout).not.toContain('\u001b[');
  });

  it('fails warnings only with --strict', async () => {
    const dir = join(FIXTURES, 'id-long');
    expect((await runCli(['validate'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['validate', '--strict'], { cwd: dir })).code).toBe(1);
  });

  it('lists the files it read with --verbose', async () => {
    const result = await runCli(['validate', '--verbose'], {
      cwd: join(FIXTURES, 'duplicate-workflow-id-ok'),
    });
    expect(result.stderr).toContain('read workflows/a.yaml\nread workflows/nested/b.yaml\n');
  });

  it('rejects an unknown format', async () => {
    const result = await runCli(['validate', '--format', 'xml'], { cwd: REPO_ROOT });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('xml');
  });

  it('never loads gRPC', async () => {
    // A resolve hook reports every module the process imports: none may be gRPC's, nor the
    // bundle chunk gRPC is bundled into (scripts/bundle.mjs).
    const hook =
      'data:text/javascript,' +
      encodeURIComponent(
        `import { register } from 'node:module';` +
          `register('data:text/javascript,' + encodeURIComponent("export async function resolve(s, c, n) { const r = await n(s, c); process.stderr.write('LOADED ' + r.url + '\\\\n'); return r; }"));`,
      );
    const stderr = await new Promise<string>((done) =>
      execFile(
        process.execPath,
        ['--import', hook, CLI, 'validate'],
        { cwd: REPO_ROOT },
        (_e, _out, err) => done(err),
      ),
    );
    expect(stderr).toContain('ok:');
    const loaded = [...stderr.matchAll(/^LOADED (.+)$/gm)].map((m) => m[1] as string);
    expect(loaded.some((url) => url.includes('/dist/bundle/main.js'))).toBe(true);
    expect(loaded.filter((url) => /grpc|proto-loader|protobufjs/.test(url))).toEqual([]);
    const grpcInside = loaded
      .filter((url) => url.startsWith('file:'))
      .filter((url) => readFileSync(fileURLToPath(url), 'utf8').includes('makeClientConstructor'));
    expect(grpcInside).toEqual([]);
  });
});
