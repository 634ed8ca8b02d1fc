/**
 * A cache of parsed and checked spec files, so `plan` and `apply` of a large
 * project do not parse 1000 unchanged YAML files on every run (parsing is most
 * of what loading costs). One file, `.vtr-wf/cache/specs.json` beside
 * vtr-wf.yaml, maps sha256(file text) to the documents that text loaded to.
 *
 * Trust: the cache sits in the project, where anyone who can write the folder
 * (a CI cache shared across branches, a pull request's job) could edit it. So
 * a cached result must be as trustworthy as a fresh parse and check:
 *   - only files that loaded without a single diagnostic (read, syntax, limits,
 *     schema shape) are stored, so a hit means "a fresh check of this exact
 *     text found nothing" — every other file takes the full path and reports
 *     exactly what it would without a cache;
 *   - an entry may also say that the per-workflow rules (validate's checkSpec)
 *     found nothing in it under one config (`rules`: a hash of the config the
 *     rules read, see rulesKey). It is said only of a file that had no
 *     diagnostic at all in a whole run, and trusted only under the same config:
 *     the rules are a pure function of the spec, the config and vtr-wf's code,
 *     all three pinned by the key and the signature below. Rules across files
 *     (duplicate ids, pins) always run;
 *   - the body is signed with HMAC-SHA256 under a per-user key kept outside
 *     the project (cache-key.ts), over vtr-wf's version and the exact body
 *     bytes, in which every entry is keyed by the sha256 of its source text.
 *     An edited value, a `null`, an entry moved to another file's hash, a
 *     cache written by another user or another version: the MAC does not
 *     match, and the WHOLE cache is ignored (every file re-parsed) and rewritten.
 * A missing, unreadable, oversized or corrupt cache is an empty one; one that
 * cannot be written is skipped; no key (no home folder) means no cache. The
 * cache never fails a command and never changes its result.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { isJsonObject, type JsonValue } from '../json.js';
import { VERSION } from '../version.js';
import { loadCacheKey } from './cache-key.js';
import type { LoadedDocument } from './load-yaml-file.js';
import { readText } from './read-text.js';
import type { Config } from './types.js';

/** Relative to the directory of vtr-wf.yaml. */
export const SPEC_CACHE_PATH = join('.vtr-wf', 'cache', 'specs.json');

/** The first line of the file: `vtr-wf-spec-cache 3 VERSION MAC`; the body (JSON) follows. */
const MAGIC = 'vtr-wf-spec-cache';
/** 3: each entry is `{ documents, rules? }` (2 held the documents alone). */
const CACHE_FORMAT = 3;
/** ~1 KB an entry: room for far more than 10,000 specs, and a bound on a hostile file. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** What the cache keeps of one file's text. */
interface Entry {
  documents: LoadedDocument[];
  /** The rulesKey under which checkSpec found nothing in any of the documents. */
  rules?: string;
}

export interface SpecCache {
  /** The key of a file's text. */
  keyOf(text: string): string;
  /** The documents a file with this key loaded to, if cached. */
  get(key: string): LoadedDocument[] | undefined;
  /** Records a file that loaded without diagnostics. */
  put(key: string, documents: LoadedDocument[]): void;
  /** True when the per-workflow rules found nothing in this file under these rules (a rulesKey). */
  rulesClean(key: string, rules: string): boolean;
  /** Records that a whole run found nothing in this file under these rules; only for an entry got or put this run. */
  markRulesClean(key: string, rules: string): void;
  /** Writes the cache if it changed, keeping only the entries used this run. */
  save(): Promise<void>;
}

/** The cache beside vtr-wf.yaml, signed with `key` (default: the user's, see cache-key.ts). */
export function openSpecCache(
  configDir: string,
  key: Buffer | undefined = loadCacheKey(),
): SpecCache | undefined {
  if (!key) return undefined;
  const path = join(configDir, SPEC_CACHE_PATH);
  const stored = readEntries(path, key);
  const used = new Map<string, Entry>();
  let changed = false;
  return {
    keyOf: (text) => createHash('sha256').update(text).digest('hex'),
    get(hash) {
      const entry = stored.get(hash);
      // Signed, so this is ours; the shape check is a second line, and cheap.
      if (!isEntry(entry)) return undefined;
      used.set(hash, entry);
      return entry.documents;
    },
    put(hash, documents) {
      // .inf, .nan and -0 would not survive JSON: such a file is simply not cached.
      if (!documents.every((d) => survivesJson(d.json))) return;
      used.set(hash, { documents });
      changed = true;
    },
    rulesClean: (hash, rules) => used.get(hash)?.rules === rules,
    markRulesClean(hash, rules) {
      const entry = used.get(hash);
      if (!entry || entry.rules === rules) return;
      used.set(hash, { documents: entry.documents, rules });
      changed = true;
    },
    async save() {
      // Entries of files gone or edited are dropped, so the cache stays the project's size.
      if (!changed && used.size === stored.size) return;
      await writeEntries(path, key, used);
    },
  };
}

/**
 * The code that checked the entries: the version, and the build of this module
 * (its file's size and time), so a rebuilt vtr-wf with new rules never trusts
 * what the old one found clean, even at the same version number.
 */
const CODE_STAMP = ((): string => {
  try {
    const stat = statSync(fileURLToPath(import.meta.url));
    return `${VERSION}+${stat.size}.${stat.mtimeMs}`;
  } catch {
    return VERSION;
  }
})();

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key)
    .update(`${MAGIC}\u0000${CACHE_FORMAT}\u0000${CODE_STAMP}\u0000`)
    .update(body)
    .digest();
}

function readEntries(path: string, key: Buffer): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  const read = readText(path, SPEC_CACHE_PATH, 'cache', MAX_CACHE_BYTES);
  if (!read.ok) return entries;
  const newline = read.text.indexOf('\n');
  if (newline < 0) return entries;
  const [magic, format, version, signature, ...rest] = read.text.slice(0, newline).split(' ');
  if (magic !== MAGIC || format !== String(CACHE_FORMAT) || version !== VERSION) return entries;
  if (rest.length > 0 || !signature || !/^[0-9a-f]{64}$/.test(signature)) return entries;
  const body = read.text.slice(newline + 1);
  if (!timingSafeEqual(Buffer.from(signature, 'hex'), mac(key, body))) return entries;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return entries;
  }
  if (!isJsonObject(parsed)) return entries;
  for (const [hash, value] of Object.entries(parsed)) entries.set(hash, value);
  return entries;
}

function isEntry(value: unknown): value is Entry {
  if (!isJsonObject(value)) return false;
  const { documents, rules } = value;
  return (
    (rules === undefined || typeof rules === 'string') &&
    Array.isArray(documents) &&
    documents.length > 0 &&
    documents.every(
      (d) =>
        isJsonObject(d) &&
        Number.isInteger(d.index) &&
        (d.index as number) >= 0 &&
        isJsonObject(d.json),
    )
  );
}

/**
 * What the per-workflow rules read besides the spec: the config (catalog,
 * roles, environments) and whether it loaded. A hash of both, so an entry
 * marked clean under one config is re-checked under any other.
 */
export function rulesKey(config: Config, catalogKnown: boolean): string {
  return createHash('sha256')
    .update(`${catalogKnown ? 1 : 0}\u0000${JSON.stringify(config)}`)
    .digest('hex');
}

async function writeEntries(
  path: string,
  key: Buffer,
  entries: ReadonlyMap<string, Entry>,
): Promise<void> {
  const body = JSON.stringify(Object.fromEntries(entries));
  const header = `${MAGIC} ${CACHE_FORMAT} ${VERSION} ${mac(key, body).toString('hex')}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    // Atomic: a concurrent reader sees the old cache or the new one, never half of one. Not
    // forced to disk: after a crash an empty or old cache is a miss (its MAC fails), and two
    // fsyncs of a ~1 MB file sat on every changed plan's and apply's path.
    await writeFileAtomic(path, `${header}\n${body}`, { durable: false });
  } catch {
    // A cache that cannot be written is skipped: the next run parses again.
  }
}

/** True when JSON.stringify → JSON.parse gives the value back unchanged. */
function survivesJson(value: JsonValue): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(survivesJson);
  return Object.values(value).every(survivesJson);
}
