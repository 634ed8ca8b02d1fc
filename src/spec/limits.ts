/**
 * Bounds on what the loader reads, so hostile input (alias bombs, deep
 * nesting, huge files) costs a diagnostic, never a crash or a hang. A real
 * spec is a few KB with nesting under 10.
 */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Collections nested deeper than this are refused (`too-deep`). */
export const MAX_DEPTH = 100;
/** Values produced by expanding aliases, summed over a document (`alias-limit`). */
export const MAX_ALIAS_EXPANSION = 10_000;
/** yaml's own bound, used where its toJS runs (same purpose as MAX_ALIAS_EXPANSION). */
export const MAX_ALIAS_COUNT = 100;
