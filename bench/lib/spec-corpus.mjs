// A project of N generated workflow specs in a temp folder, for the rows that
// measure validate and fmt at scale: the repo's vtr-wf.yaml (so the catalog
// aliases resolve) and N files in nested folders, each a correctly wired VTR
// workflow with its own id. Everything it writes is under `dir`.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILES_PER_FOLDER = 100;

export function specText(i) {
  const id = `bench-${String(i).padStart(4, '0')}`;
  return `# yaml-language-server: $schema=../../schemas/workflow.schema.json
id: ${id}
description: generated for the benchmark (${i})
nodes:
  - id: detect-concept
    model: text-detector
  - id: image-crop
    model: cropper
    inputs: [detect-concept]
  - id: image-to-text
    model: text-recognizer
    inputs: [image-crop]
    params: { min_value: 0.5 }
`;
}

export function writeSpecProject(dir, repoRoot, count) {
  copyFileSync(join(repoRoot, 'vtr-wf.yaml'), join(dir, 'vtr-wf.yaml'));
  for (let i = 0; i < count; i++) {
    const folder = join(
      dir,
      'workflows',
      `group-${String(Math.floor(i / FILES_PER_FOLDER)).padStart(2, '0')}`,
    );
    if (i % FILES_PER_FOLDER === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `wf-${String(i).padStart(4, '0')}.yaml`), specText(i));
  }
  return dir;
}
