/**
 * The project name `init` writes into vtr-wf.yaml, derived from the folder's
 * name. It ends up in the lease's workflow id (`vtr-wf-lock-<project>`) and in
 * every mark, so it is kept to the workflow-id alphabet and short.
 */

/** Longest name we suggest: leaves room for `vtr-wf-lock-` within 48 chars. */
export const MAX_PROJECT_NAME_LENGTH = 32;

const FALLBACK_NAME = 'default';

/** `My OCR Project!` → `my-ocr-project`; nothing usable → `default`. */
export function projectNameFromDir(dirName: string): string {
  const words = dirName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // café → cafe, not caf-e
    .toLowerCase()
    .split(/[^0-9a-z]+/)
    .filter((w) => w !== '');
  let name = '';
  for (const word of words) {
    const next = name === '' ? word : `${name}-${word}`;
    if (next.length > MAX_PROJECT_NAME_LENGTH) {
      if (name === '') name = word.slice(0, MAX_PROJECT_NAME_LENGTH);
      break;
    }
    name = next;
  }
  return name === '' ? FALLBACK_NAME : name;
}

/** Same alphabet as workflow ids: the name must survive into a lease id unchanged. */
export function isValidProjectName(name: string): boolean {
  return name.length <= MAX_PROJECT_NAME_LENGTH && /^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$/.test(name);
}
