/**
 * The words for every kind of file vtr-wf reads — one table, so each refusal
 * of the bounded reader names what was read ("vtr-wf reads import files up to
 * 1 MiB", not another kind's words). `one` names a file in a sentence (before
 * its path; empty when the path says it); `many` is the kind in "vtr-wf reads
 * … up to 1 MiB". The caps stay with the readers that set them.
 */
export const FILE_KINDS = {
  spec: { one: 'the spec', many: 'spec files' },
  config: { one: 'the config', many: 'config files (vtr-wf.yaml)' },
  import: { one: 'the file to import', many: 'import files' },
  plan: { one: 'the plan file', many: 'plan files' },
  backup: { one: 'the backup', many: 'backups' },
  cache: { one: 'the parse cache', many: 'parse caches' },
  state: { one: 'the emulator state file', many: 'emulator state files' },
  'ca-file': { one: 'the CA file (ca_file)', many: 'CA files' },
  'tls-cert': { one: 'the TLS certificate', many: 'TLS certificates' },
  'tls-key': { one: 'the TLS key', many: 'TLS keys' },
  gitignore: { one: '', many: '.gitignore files' },
  dictionary: { one: 'the recognition dictionary', many: 'recognition dictionaries' },
} as const satisfies Record<string, { one: string; many: string }>;

export type FileKind = keyof typeof FILE_KINDS;

/** How a message names `file` of this kind: "the plan file plan.json". */
export function namedFile(kind: FileKind, file: string): string {
  const { one } = FILE_KINDS[kind];
  return one ? `${one} ${file}` : file;
}
