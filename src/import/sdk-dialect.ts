/**
 * The two spellings of a Clarifai SDK workflow file: the Python SDK's
 * snake_case keys (`model_id`, `node_inputs`) and the Node SDK's camelCase
 * ones (`modelId`, `nodeInputs`). Pure: which one a file uses is decided from
 * its YAML documents, once per file, so the reader then knows every key name.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';

/** The keys the dialects spell differently, by their Python (canonical) names. */
export type SdkKey =
  | 'model_id'
  | 'model_version_id'
  | 'user_id'
  | 'app_id'
  | 'model_type_id'
  | 'output_info'
  | 'output_config'
  | 'node_inputs'
  | 'node_id'
  | 'suppress_output';

const CAMEL: Readonly<Record<SdkKey, string>> = {
  model_id: 'modelId',
  model_version_id: 'modelVersionId',
  user_id: 'userId',
  app_id: 'appId',
  model_type_id: 'modelTypeId',
  output_info: 'outputInfo',
  output_config: 'outputConfig',
  node_inputs: 'nodeInputs',
  node_id: 'nodeId',
  suppress_output: 'suppressOutput',
};

const SNAKE_KEYS = new Set<string>(Object.keys(CAMEL));
const CAMEL_KEYS = new Set<string>(Object.values(CAMEL));

export type DialectName = 'python' | 'node';

export interface Dialect {
  name: DialectName;
  /** For messages: "the Python SDK's snake_case keys". */
  label: string;
  /** The name this dialect gives a key (keys both spell alike pass through). */
  key(canonical: SdkKey | string): string;
}

const PYTHON: Dialect = {
  name: 'python',
  label: "the Python SDK's snake_case keys",
  key: (canonical) => canonical,
};

const NODE: Dialect = {
  name: 'node',
  label: "the Node SDK's camelCase keys",
  key: (canonical) => CAMEL[canonical as SdkKey] ?? canonical,
};

/** A key of the dialect the file uses less: where a mixed file goes wrong first. */
export interface MixedKey {
  key: string;
  node: Node;
  path: (string | number)[];
  document: number;
  /** The dialect this key belongs to (the minority). */
  minority: Dialect;
}

export interface DetectedDialect {
  dialect: Dialect;
  mixed?: MixedKey;
}

/**
 * Values that are the user's own data, not SDK structure: their keys may be
 * spelt any way (a param named `maxConcepts` is not the Node SDK's).
 */
const OPAQUE = new Set(['params', 'data', 'metadata', 'output_config', 'outputConfig']);

/**
 * The file's dialect: the one most of its dialect-specific keys belong to (on
 * a tie, the one met first). A file with keys of both is `mixed`, at the
 * minority's first key in document order. No such key at all: Python.
 */
export function detectDialect(documents: readonly Document.Parsed[]): DetectedDialect {
  const seen: Record<DialectName, { count: number; first?: Omit<MixedKey, 'minority'> }> = {
    python: { count: 0 },
    node: { count: 0 },
  };
  let firstDialect: DialectName | undefined;

  const walk = (node: unknown, path: (string | number)[], document: number): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const name: DialectName | undefined = SNAKE_KEYS.has(key)
          ? 'python'
          : CAMEL_KEYS.has(key)
            ? 'node'
            : undefined;
        if (name) {
          const tally = seen[name];
          tally.count++;
          tally.first ??= { key, node: pair.key as Node, path: [...path, key], document };
          firstDialect ??= name;
        }
        if (!OPAQUE.has(key)) walk(pair.value, [...path, key], document);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i], document));
    }
  };
  documents.forEach((doc, index) => walk(doc.contents, [], index));

  const { python, node } = seen;
  const winner: DialectName =
    python.count === node.count
      ? (firstDialect ?? 'python')
      : python.count > node.count
        ? 'python'
        : 'node';
  const dialect = winner === 'python' ? PYTHON : NODE;
  const loser = winner === 'python' ? node : python;
  if (loser.count === 0 || !loser.first) return { dialect };
  return { dialect, mixed: { ...loser.first, minority: winner === 'python' ? NODE : PYTHON } };
}
