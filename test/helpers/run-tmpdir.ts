/**
 * vitest globalSetup: every test run gets its own temp folder (TMPDIR, which
 * os.tmpdir() reads on each call and every spawned CLI inherits), removed
 * when the run ends. Test files made folders with mkdtemp and many never
 * removed them: a machine that ran the suite a few dozen times had over 300
 * `vtr-wf-*` folders in /tmp. Now nothing a run makes outlives it, whichever
 * test made it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
