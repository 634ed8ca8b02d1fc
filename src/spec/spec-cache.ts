/**
 * A cache of parsed spec files, so `plan` and `apply` of a large project do
 * not parse 1000 unchanged YAML files on every run (parsing is most of what
 * loading costs). One JSON file, `.vtr-wf/cache/specs.json` beside
 * vtr-wf.yaml, maps sha256(vtr-wf version, file text) to the file's
 * converted documents.
 *
 * Invalidation-safe by construction: the key is the content itself (and the
 * version of the code that parsed it), so an edited file simply misses. Only
 * files that loaded without a single diagnostic are stored — a file with a
 * problem always takes the full path, so every diagnostic is produced exactly
 * as without a cache. A missing, unreadable or corrupt cache is an empty one;
 * a cache that cannot be written is skipped: the cache never fails a command.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isJsonObject, type JsonValue } from '../json.js';
import { VERSION } from '../version.js';
import type { LoadedDocument } from './load-yaml-file.js';

/** Relative to the directory of vtr-wf.yaml. */
export const SPEC_CACHE_PATH = join('.vtr-wf', 'cache', 'specs.json');

const CACHE_FORMAT = 1;

export interface SpecCache {
  /** The key of a file's text. */
  keyOf(text: string): string;
  /** The documents a file with this key loaded to, if cached. */
  get(key: string): LoadedDocument[] | undefined;
  /** Records a file that loaded without diagnostics. */
  put(key: string, documents: LoadedDocument[]): void;
  /** Writes the cache if it changed, keeping only the entries used this run. */
  save(): void;
}

export function openSpecCache(configDir: string): SpecCache {
  const path = join(configDir, SPEC_CACHE_PATH);
  const stored = readEntries(path);
  const used = new Map<string, LoadedDocument[]>();
  let changed = false;
  return {
    keyOf: (text) => createHash('sha256').update(`${VERSION}\u0000`).update(text).digest('hex'),
    get(key) {
      const documents = stored.get(key);
      if (documents) used.set(key, documents);
      return documents;
    },
    put(key, documents) {
      // .inf, .nan and -0 would not survive JSON: such a file is simply not cached.
      if (!documents.every((d) => survivesJson(d.json))) return;
      used.set(key, documents);
      changed = true;
    },
    save() {
      // Entries of files gone or edited are dropped, so the cache stays the project's size.
      if (!changed && used.size === stored.size) return;
      writeEntries(path, used);
    },
  };
}

function readEntries(path: string): Map<string, LoadedDocument[]> {
  const entries = new Map<string, LoadedDocument[]>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return entries;
  }
  if (!isJsonObject(parsed) || parsed.format !== CACHE_FORMAT || parsed.version !== VERSION)
    return entries;
  const stored = parsed.entries;
  if (!isJsonObject(stored)) return entries;
  for (const [key, value] of Object.entries(stored)) {
    if (isDocumentList(value)) entries.set(key, value);
  }
  return entries;
}

function isDocumentList(value: unknown): value is LoadedDocument[] {
  return (
    Array.isArray(value) &&
    value.every(
      (d) =>
        isJsonObject(d) && Number.isInteger(d.index) && (d.index as number) >= 0 && 'json' in d,
    )
  );
}

function writeEntries(path: string, entries: ReadonlyMap<string, LoadedDocument[]>): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const body = { format: CACHE_FORMAT, version: VERSION, entries: Object.fromEntries(entries) };
    writeFileSync(temp, JSON.stringify(body));
    // Atomic: a concurrent reader sees the old cache or the new one, never half of one.
    renameSync(temp, path);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: a stray temp file is harmless.
    }
  }
}

/** True when JSON.stringify → JSON.parse gives the value back unchanged. */
function survivesJson(value: JsonValue): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(survivesJson);
  return Object.values(value).every(survivesJson);
}
