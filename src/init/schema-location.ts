/**
 * Where the `$schema` headers `init` writes should point. Editors resolve the
 * path from the file, so it must be relative and must exist in a clone:
 *   1. the project's own install, `node_modules/vtr-wf/schemas` (the usual case);
 *   2. the running vtr-wf's schemas when they live inside the project (the
 *      vtr-wf repository itself, or a vendored copy);
 *   3. otherwise still `node_modules/vtr-wf/schemas` — where
 *      `npm install --save-dev vtr-wf` will put them (init says so).
 * Never an absolute path or a URL: the former breaks in every other clone, the
 * latter needs the network.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INSTALLED_SCHEMA_DIR = 'node_modules/vtr-wf/schemas';

export interface SchemaLocation {
  /** posix path relative to the project root. */
  schemaDir: string;
  /** True when the schemas are there now; false means "after npm install". */
  present: boolean;
}

/** The package root of the running vtr-wf (works from src/ and dist/). */
export function runningPackageRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

export function locateSchemas(
  projectRoot: string,
  packageRoot = runningPackageRoot(),
): SchemaLocation {
  if (existsSync(join(projectRoot, INSTALLED_SCHEMA_DIR, 'config.schema.json'))) {
    return { schemaDir: INSTALLED_SCHEMA_DIR, present: true };
  }
  const own = relative(projectRoot, join(packageRoot, 'schemas'));
  const inside = own !== '' && !own.startsWith('..') && !isAbsolute(own);
  if (inside && existsSync(join(packageRoot, 'schemas', 'config.schema.json'))) {
    return { schemaDir: own.split(sep).join('/'), present: true };
  }
  return { schemaDir: INSTALLED_SCHEMA_DIR, present: false };
}
