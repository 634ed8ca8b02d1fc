/** `init --format json`: each file and what happened to it. */
import type { InitResult } from '../commands/init.js';

export function renderInitJson(result: InitResult): string {
  return (
    JSON.stringify(
      { project: result.project, schema_dir: result.schemaDir, files: result.files },
      null,
      2,
    ) + '\n'
  );
}
