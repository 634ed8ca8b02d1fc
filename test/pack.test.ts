/**
 * vtr-wf as users get it: `npm pack` → install the tarball OFFLINE into an
 * empty folder → `npx vtr-wf --version`, `init`, `validate` there. Also what
 * the tarball holds: built files, schemas, protos, README — no sources, no tests.
 *
 * Offline installs must not resolve versions (that needs registry metadata the
 * cache may lack), so the empty folder gets a lockfile made from the repo's:
 * the exact runtime packages `npm install` of the repo already put in the npm
 * cache. If that fails anyway, it falls back to `--prefer-offline`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  license: string;
  dependencies: Record<string, string>;
  engines: Record<string, string>;
};

const TIMEOUT = 180_000;
const scratch = mkdtempSync(join(tmpdir(), 'vtr-wf-pack-'));
const project = join(scratch, 'project');
let tarballFiles: string[] = [];
let installLog = '';

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: TIMEOUT,
    // npm_config_* from an enclosing `npm test` must not steer these npm runs.
    env: { ...withoutNpmConfig(process.env), NO_COLOR: '1' },
  });
}

function withoutNpmConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

function mustSucceed(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.status}): ${result.stderr || result.error?.message}`);
  }
  return result.stdout;
}

/** A lockfile for `{ vtr-wf: file:<tgz> }` pinning the repo's runtime packages. */
function lockfileFor(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const packages: Record<string, object> = {
    '': {
      name: 'vtr-wf-pack-test',
      version: '1.0.0',
      dependencies: { [pkg.name]: `file:${tarball}` },
    },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:${tarball}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.startsWith('node_modules/') && !entry.dev && !entry.devOptional)
      packages[path] = entry;
  }
  return {
    name: 'vtr-wf-pack-test',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages,
  };
}

beforeAll(() => {
  // --ignore-scripts: `prepare` would rebuild dist/ while other tests read it; `npm test` built it.
  const packed = mustSucceed(
    run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], REPO),
    'npm pack',
  );
  const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  tarballFiles = info!.files.map((f) => f.path).sort();
  const tarball = join(scratch, info!.filename);

  const manifest = { name: 'vtr-wf-pack-test', version: '1.0.0', private: true };
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ ...manifest, dependencies: { [pkg.name]: `file:${tarball}` } }, null, 2),
  );
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lockfileFor(tarball), null, 2));
  const offline = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  installLog = `npm ci --offline: exit ${offline.status}\n${offline.stderr}`;
  if (offline.status !== 0) {
    rmSync(join(project, 'package-lock.json'));
    const fallback = run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball],
      project,
    );
    installLog += `\nnpm install --prefer-offline: exit ${fallback.status}\n${fallback.stderr}`;
    mustSucceed(fallback, `installing the tarball offline\n${installLog}`);
    console.warn(
      `npm ci --offline failed; installed with --prefer-offline instead:\n${installLog}`,
    );
  }
}, TIMEOUT);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the npm package', { timeout: TIMEOUT }, () => {
  it('ships built files, schemas, protos and the README — no sources, no tests', () => {
    const allowed =
      /^(dist\/.+\.(js|d\.ts)|schemas\/.+\.json|proto\/.+\.proto|proto\/.+\.compiled\.json|README\.md|SECURITY\.md|LICENSE(\.\w+)?|package\.json)$/;
    expect(tarballFiles.filter((f) => !allowed.test(f))).toEqual([]);
    expect(tarballFiles.filter((f) => /\.test\.|^test\/|^src\/|fixtures/.test(f))).toEqual([]);
    for (const required of [
      'package.json',
      'README.md',
      'dist/cli/main.js',
      'schemas/config.schema.json',
      'schemas/workflow.schema.json',
      // The client loads the proto compiled at build time (scripts/build-proto.mjs);
      // without it an installed CLI would parse the .proto files on every call.
      'proto/clarifai/api/service.compiled.json',
    ]) {
      expect(tarballFiles).toContain(required);
    }
    expect(tarballFiles.some((f) => f.startsWith('proto/') && f.endsWith('.proto'))).toBe(true);
  });

  it("ships the CLI entry package.json's bin names", () => {
    for (const target of Object.values(pkg.bin))
      expect(tarballFiles).toContain(target.replace(/^\.\//, ''));
  });

  // The library API (src/index.ts → dist/index.js, package.json's main and types)
  // is checked from the moment it exists.
  const hasLibraryEntry = existsSync(join(REPO, 'src/index.ts'));

  it.skipIf(!hasLibraryEntry)("ships every file package.json's main and types name", () => {
    for (const target of [pkg.main, pkg.types]) {
      expect(tarballFiles, target).toContain(target.replace(/^\.\//, ''));
    }
  });

  it('installs offline into an empty folder and runs `npx vtr-wf --version`', () => {
    expect(
      existsSync(join(project, 'node_modules', pkg.name, 'dist/cli/main.js')),
      installLog,
    ).toBe(true);
    const version = run('npx', ['--offline', 'vtr-wf', '--version'], project);
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('`vtr-wf init` then `vtr-wf validate` pass there; a broken spec fails', () => {
    const bin = join(project, 'node_modules/.bin/vtr-wf');
    const init = run(bin, ['init'], project);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain('created vtr-wf.yaml');
    // The headers point at the schemas of this install, which exist.
    const header = readFileSync(join(project, 'vtr-wf.yaml'), 'utf8').split('\n')[0]!;
    expect(header).toBe(
      '# yaml-language-server: $schema=./node_modules/vtr-wf/schemas/config.schema.json',
    );
    const specHeader = readFileSync(
      join(project, 'workflows/visual-text-recognition.yaml'),
      'utf8',
    ).split('\n')[0]!;
    const schemaPath = specHeader.replace('# yaml-language-server: $schema=', '');
    expect(existsSync(resolve(join(project, 'workflows'), schemaPath)), schemaPath).toBe(true);

    const validate = run(bin, ['validate'], project);
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);

    writeFileSync(
      join(project, 'workflows/broken.yaml'),
      'id: broken\nnodes:\n  - id: a\n    model: nope\n',
    );
    const broken = run(bin, ['validate', '--format', 'json'], project);
    expect(broken.status).toBe(1);
    const { diagnostics } = JSON.parse(broken.stdout) as {
      diagnostics: { code: string; file: string }[];
    };
    expect(diagnostics.map((d) => d.file)).toContain('workflows/broken.yaml');
    rmSync(join(project, 'workflows/broken.yaml'));
  });

  it.skipIf(!hasLibraryEntry)('is importable as a library from the installed package', () => {
    const script = `import('${pkg.name}').then((m) => console.log(Object.keys(m).join(',')))`;
    const result = run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split(',')).toEqual(
      expect.arrayContaining(['loadProject', 'validate', 'plan', 'apply']),
    );
    expect(existsSync(join(project, 'node_modules', pkg.name, pkg.types))).toBe(true);
  });
});
