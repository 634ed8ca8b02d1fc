/**
 * Keeps personal access tokens out of every output. The client refuses a key
 * under 8 characters or outside printable ASCII (so every key can be found
 * again), and registers each key it reads. Redaction works on values —
 * `redactValues` walks data before it is serialised, so a key inside live
 * workflow data never reaches a plan, report, export or backup — and, as a
 * last line at every sink (stdout, stderr, files written from API data),
 * `redactSecrets` on text, which also finds the key as JSON and YAML escape it
 * (a key holding `"` or `\` is written escaped).
 */
import { appendPointer, escapePointerSegment } from './json-pointer.js';

/**
 * The forms a key takes inside values: as is, and as a JSON-pointer segment (a
 * diff's path). Longest first, here and in `forms`: when one key holds another
 * (two environments' keys), the shorter must not cut the longer one up and
 * leave the rest of it behind.
 */
let secrets: string[] = [];
/** Every form a key can take in text we write: as is, and JSON/YAML-escaped. */
let forms: string[] = [];
/** The length of the shortest of `secrets`: a shorter string holds none. */
let shortestSecret = Infinity;

/** What a key is replaced with, in values and in text. */
export const REDACTED = '[REDACTED]';

export const MIN_KEY_LENGTH = 8;

/** Why a key cannot be used (too short, characters outside printable ASCII), or null. Pure. */
export function keyProblem(key: string): string | null {
  if (/[\r\n]/.test(key)) return 'contains a line break; it must be a single line';
  const bad = /[^\x20-\x7e]/.exec(key);
  if (bad)
    return `contains a character outside printable ASCII at position ${bad.index + 1}; copy the key again`;
  if (key.length < MIN_KEY_LENGTH)
    return `is ${key.length} character${key.length === 1 ? '' : 's'} long; a Clarifai key is at least ${MIN_KEY_LENGTH}`;
  return null;
}

export function registerSecret(value: string): void {
  // Very short values would redact ordinary words; shorter keys are refused before use.
  if (value.length < MIN_KEY_LENGTH) return;
  // A node id or metadata key may be any string, so the key can reach a plan as part of a
  // diff's JSON pointer, where `~` is `~0` and `/` is `~1`.
  const pointer = escapePointerSegment(value);
  for (const inValues of [value, pointer]) {
    secrets = longestFirst([...secrets, inValues]);
    forms = longestFirst([...forms, inValues, JSON.stringify(inValues).slice(1, -1)]);
  }
  shortestSecret = Math.min(...secrets.map((s) => s.length));
}

function longestFirst(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string): string {
  let result = text;
  for (const form of forms) {
    if (result.includes(form)) result = result.split(form).join(REDACTED);
  }
  return result;
}

/** A deep copy of `value` with every registered key inside its strings (and keys) redacted. */
export function redactValues<T>(value: T): T {
  // Copy only what holds a key: a 10,000-workflow plan without one costs a scan, not a copy.
  if (secrets.length === 0 || !holds(value)) return value;
  return walk(value) as T;
}

// Plain loops, no key arrays or closures: apply scans its 1000-change plan with it before showing it.
function holds(value: unknown): boolean {
  if (typeof value === 'string') return hasSecret(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holds(value[i])) return true;
    return false;
  }
  const object = value as Record<string, unknown>;
  // for…in, not Object.keys: no array per object. Plain data has no inherited enumerable keys,
  // and one more key scanned could only redact more.
  for (const key in object) if (hasSecret(key) || holds(object[key])) return true;
  return false;
}

function hasSecret(text: string): boolean {
  // Most strings (ids, versions, short values) are shorter than any key: no search at all.
  if (text.length < shortestSecret) return false;
  for (const secret of secrets) if (text.includes(secret)) return true;
  return false;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactPlain(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      Object.defineProperty(copy, redactPlain(key), {
        value: walk(inner),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

function redactPlain(text: string): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/**
 * The JSON pointer of the first string or key inside `value` that holds the
 * redaction marker, or null. Data vtr-wf saved with a key redacted must never
 * be written back: the marker would replace the live value.
 */
export function redactionMarkerAt(value: unknown, pointer = ''): string | null {
  if (typeof value === 'string') return value.includes(REDACTED) ? pointer : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = redactionMarkerAt(item, appendPointer(pointer, i));
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const at = appendPointer(pointer, key);
      if (key.includes(REDACTED)) return at;
      const found = redactionMarkerAt(inner, at);
      if (found !== null) return found;
    }
  }
  return null;
}
