// The project the plan/apply benchmarks run: a vtr-wf.yaml with the VTR catalog
// and one environment, and `count` VTR workflows — one home for both the graded
// rows (bench/rows/plan-apply.mjs) and the A/B script (bench/ab-plan-apply.mjs).
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The variable both scripts put the (unused) key in. */
export const BENCH_PAT_ENV = 'VTR_WF_BENCH_PAT';

/** `vtrModels`: VTR_MODELS from the build under test (dist/vtr-models.js). */
export async function writeBenchConfig(dir, { endpoint, appId, vtrModels }) {
  const models = vtrModels
    .map((m) => `  ${m.alias}: { id: "${m.id}", version: "${m.version}", role: ${m.role} }`)
    .join('\n');
  await writeFile(
    join(dir, 'vtr-wf.yaml'),
    `project: bench\nworkflows: workflows\nmodels:\n${models}\nenvironments:\n  test:\n` +
      `    endpoint: ${endpoint}\n    user_id: bench\n    app_id: ${appId}\n    pat_env: ${BENCH_PAT_ENV}\n`,
  );
}

/**
 * Makes workflows/ hold exactly `count` specs `bench-00000…`, each with this
 * description. Files are rewritten in place, not removed and made again: ext4
 * skips an inode deleted in the last minutes when it allocates one, scanning
 * past each (`recently_deleted` in `find_inode_bit`), so 1000 spec files
 * deleted just before an apply made each of its 1000 backup files cost ~1 ms
 * of kernel CPU — the bench measuring its own clean-up, not apply.
 */
export async function writeBenchSpecs(dir, count, description) {
  const folder = join(dir, 'workflows');
  await mkdir(folder, { recursive: true });
  const wanted = new Set();
  for (let i = 0; i < count; i++) {
    const id = `bench-${String(i).padStart(5, '0')}`;
    wanted.add(`${id}.yaml`);
    await writeFile(
      join(folder, `${id}.yaml`),
      `id: ${id}\ndescription: ${description}\nnodes:\n` +
        `  - id: detect-concept\n    model: text-detector\n` +
        `  - id: image-crop\n    model: cropper\n    inputs: [detect-concept]\n` +
        `  - id: image-to-text\n    model: text-recognizer\n    inputs: [image-crop]\n`,
    );
  }
  for (const name of await readdir(folder))
    if (!wanted.has(name)) await rm(join(folder, name), { recursive: true, force: true });
}
