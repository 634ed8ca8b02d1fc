// The project the plan/apply benchmarks run: a vtr-wf.yaml with the VTR catalog
// and one environment, and `count` VTR workflows — one home for both the graded
// rows (bench/rows/plan-apply.mjs) and the A/B script (bench/ab-plan-apply.mjs).
import { mkdir, rm, writeFile } from 'node:fs/promises';
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

/** Replaces workflows/ with `count` specs `bench-00000…`, each with this description. */
export async function writeBenchSpecs(dir, count, description) {
  await rm(join(dir, 'workflows'), { recursive: true, force: true });
  await mkdir(join(dir, 'workflows'));
  for (let i = 0; i < count; i++) {
    const id = `bench-${String(i).padStart(5, '0')}`;
    await writeFile(
      join(dir, 'workflows', `${id}.yaml`),
      `id: ${id}\ndescription: ${description}\nnodes:\n` +
        `  - id: detect-concept\n    model: text-detector\n` +
        `  - id: image-crop\n    model: cropper\n    inputs: [detect-concept]\n` +
        `  - id: image-to-text\n    model: text-recognizer\n    inputs: [image-crop]\n`,
    );
  }
}
