/**
 * The `# yaml-language-server: $schema=…` line that lets editors (VS Code's YAML
 * extension and others built on yaml-language-server) check files as they are
 * typed. The path is relative to the file it heads, so the project can be
 * cloned anywhere; the language server resolves it from the file's folder.
 */
import { posix } from 'node:path';

export type SchemaName = 'config' | 'workflow';

/**
 * @param schemaDir posix path of the schemas folder, relative to the project root
 * @param fileDir posix path of the folder holding the headed file, relative to the project root
 */
export function schemaHeader(schemaName: SchemaName, schemaDir: string, fileDir: string): string {
  let target = posix.relative(fileDir, posix.join(schemaDir, `${schemaName}.schema.json`));
  if (!target.startsWith('.')) target = `./${target}`;
  return `# yaml-language-server: $schema=${target}`;
}
