// `vtr-wf run -e local` end to end on the OCR corpus: the built CLI, its
// embedded emulator and the local models, as a user runs them. A fresh project
// (the repository's vtr-wf.yaml and workflows/) is applied to `local`, then:
//   - one `run` of every corpus image (the client sends them 32 a call) → the
//     texts, scored like the reader-direct rows;
//   - one `run` of a single image → the cold cost of a run (start, emulator,
//     model load, one image);
// and the warm cost per image is (T(all) − T(one)) / (images − 1): a mean, not
// a median, since one process reads them all. Returns
// { texts, coldMs, allMs, warmPerImageMs }.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { removeLater } from '../lib/remove-later.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'dist/cli/main.js');
const WORKFLOW = 'visual-text-recognition';

export function runLocal(corpus, images) {
  const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-bench-run-'));
  try {
    cpSync(join(REPO, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
    cpSync(join(REPO, 'workflows'), join(dir, 'workflows'), { recursive: true });
    const cli = (args) =>
      execFileSync(process.execPath, [CLI, ...args], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 900_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
    cli(['apply', '-e', 'local', '--auto-approve']);
    const paths = images.map((name) => join(corpus, 'images', name));
    const timed = (args) => {
      const start = performance.now();
      const out = cli(args);
      return { out, ms: performance.now() - start };
    };
    const one = timed(['run', '-e', 'local', WORKFLOW, paths[0]]);
    const all = timed(['run', '-e', 'local', WORKFLOW, ...paths, '--format', 'json']);
    const report = JSON.parse(all.out);
    const texts = {};
    report.results.forEach((result, i) => {
      texts[images[i]] = result.text ?? '';
    });
    return {
      texts,
      coldMs: one.ms,
      allMs: all.ms,
      warmPerImageMs: (all.ms - one.ms) / (images.length - 1),
    };
  } finally {
    removeLater(dir);
  }
}
