/**
 * The file checks of spec `tests:` images, for `validate` (and everything
 * that loads a project): inside the project, present, readable, PNG/JPEG/WebP
 * by magic bytes, under 20 MB. Reads only the first bytes of each image
 * through the bounded reader — nothing is decoded, nothing heavy is loaded.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { UnplacedDiagnostic } from '../diagnostic.js';
import { readImage, type ImageProblem } from '../image/read-image.js';
import { pointerOf } from '../json-pointer.js';
import type { LoadedSpec } from './types.js';

const CODES: Record<ImageProblem, string> = {
  missing: 'test-image-missing',
  unreadable: 'test-image-unreadable',
  'not-an-image': 'test-image-type',
  'too-large': 'test-image-too-large',
  'too-many-pixels': 'test-image-too-large',
};

/** Where a test's image is: relative to its spec file (`source.file` is relative to cwd). */
export function testImagePath(cwd: string, specFile: string, image: string): string {
  return resolve(cwd, dirname(specFile), image);
}

export function checkTestImages(
  specs: readonly LoadedSpec[],
  opts: { cwd: string; projectDir: string },
): UnplacedDiagnostic[] {
  const diagnostics: UnplacedDiagnostic[] = [];
  const root = realOrSelf(opts.projectDir);
  for (const { spec, source } of specs) {
    (spec.tests ?? []).forEach((test, i) => {
      if (test.image === '') return; // the schema has reported it
      const at = (code: string, message: string, suggestion?: string): UnplacedDiagnostic => ({
        code,
        severity: 'error',
        message,
        file: source.file,
        document: source.document,
        pointer: pointerOf(['tests', i, 'image']),
        ...(suggestion ? { suggestion } : {}),
      });
      const path = testImagePath(opts.cwd, source.file, test.image);
      const shown = relative(opts.cwd, path) || path;
      if (!inside(root, realOrSelf(path))) {
        diagnostics.push(
          at(
            'test-image-outside',
            `test image ${test.image} is outside the project (the folder of vtr-wf.yaml)`,
            'keep test images in the repository, e.g. beside the spec in images/',
          ),
        );
        return;
      }
      const read = readImage(path, shown, { headOnly: true });
      if (!read.ok)
        diagnostics.push(at(CODES[read.problem], `test \`${test.name}\`: ${read.message}`));
    });
  }
  return diagnostics;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // A missing file: judge the path as written (its folder may still be a link).
    try {
      return resolve(realpathSync(dirname(path)), path.slice(dirname(path).length + 1));
    } catch {
      return path;
    }
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
