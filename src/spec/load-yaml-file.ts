/**
 * One YAML file from disk to checked JSON documents: read (UTF-8, size
 * bound), parse (positions, syntax), convert (alias and depth bounds) and
 * check each document's shape against its schema. Every failure on the way
 * is a diagnostic; nothing here throws for bad input.
 */
import { isScalar } from 'yaml';
import type { Diagnostic, UnplacedDiagnostic } from '../diagnostic.js';
import type { JsonValue } from '../json.js';
import { fastYaml } from './fast-yaml.js';
import { parseYaml } from './parse-yaml.js';
import { nodeAtPointer, placeAtOffsets } from './positions.js';
import { inDocument } from './problem.js';
import { readText } from './read-text.js';
import { checkShape } from './shape.js';
import type { DocumentKind } from './shape.js';
import type { Document } from 'yaml';
import type { SourceFile } from './source.js';
import type { SpecCache } from './spec-cache.js';
import { documentToJson, LimitError } from './to-json.js';

export interface LoadedDocument {
  /** 0-based index of the document in its file. */
  index: number;
  json: JsonValue;
}

export interface LoadedYamlFile {
  /** Absent when the file could not be read. */
  source?: SourceFile;
  /** Non-empty documents that parsed and converted (shape problems or not). */
  documents: LoadedDocument[];
  /** Placed (read, syntax) and unplaced (shape) diagnostics. */
  diagnostics: UnplacedDiagnostic[];
  /** The file's key in the cache, when it came from it or went into it. */
  cacheKey?: string;
}

/**
 * With a cache (plan, apply): a file whose text loaded cleanly before comes
 * back from it unparsed; its source is parsed only if a later diagnostic
 * needs a place in it.
 */
// Over 80 lines: cache hit, fast reader, full parser and the bounded read are one decision about how to read a file; kept together so the order of fallbacks is visible.
export function loadYamlFile(
  path: string,
  file: string,
  kind: DocumentKind,
  cache?: SpecCache,
): LoadedYamlFile {
  const read = readText(path, file, kind === 'config' ? 'config' : 'spec');
  if (!read.ok) {
    const line = read.line ?? (read.code === 'read-error' ? 0 : 1);
    const column = read.column ?? (read.code === 'read-error' ? 0 : 1);
    const diagnostic: Diagnostic = {
      code: read.code,
      severity: 'error',
      message: read.message,
      file,
      line,
      column,
      end_line: line,
      end_column: column,
      pointer: '',
      document: 0,
    };
    return { documents: [], diagnostics: [diagnostic] };
  }

  const key = cache?.keyOf(read.text);
  const cached = key === undefined ? undefined : cache?.get(key);
  if (cached)
    return {
      source: lazySource(file, read.text),
      documents: cached,
      diagnostics: [],
      cacheKey: key,
    };

  // Plain YAML with a sound shape needs no tree: it is built only if a later diagnostic needs it.
  const fast = fastYaml(read.text);
  if (fast !== undefined && checkShape(kind, fast).length === 0) {
    const documents = [{ index: 0, json: fast }];
    if (key !== undefined) cache?.put(key, documents);
    return {
      source: lazySource(file, read.text),
      documents,
      diagnostics: [],
      ...(key !== undefined ? { cacheKey: key } : {}),
    };
  }

  const parsed = parseYaml(file, read.text);
  const { source } = parsed;
  const diagnostics: UnplacedDiagnostic[] = [...parsed.diagnostics];
  const documents: LoadedDocument[] = [];
  source.documents.forEach((doc, index) => {
    if (!parsed.usable[index] || isEmptyDocument(doc)) return;
    let json: JsonValue;
    try {
      json = documentToJson(doc);
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      diagnostics.push({
        code: e.code,
        severity: 'error',
        message: e.message,
        file,
        pointer: e.pointer,
        document: index,
      });
      return;
    }
    const sourceText = (pointer: string) => {
      const node = nodeAtPointer(doc, pointer).value;
      const range = isScalar(node) ? node.range : undefined;
      return range ? read.text.slice(range[0], range[1]).trim() : undefined;
    };
    for (const problem of checkShape(kind, json, sourceText))
      diagnostics.push(inDocument(problem, file, index));
    documents.push({ index, json });
  });

  const hasSyntaxErrors = parsed.diagnostics.some((d) => d.severity === 'error');
  if (kind === 'workflow' && documents.length === 0 && !hasSyntaxErrors && !diagnostics.length) {
    diagnostics.push(
      placeAtOffsets(source, 0, 0, {
        code: 'empty-file',
        severity: 'error',
        message: `${file} holds no workflow spec (it is empty or only comments)`,
        file,
        pointer: '',
        document: 0,
        suggestion: 'add a spec (id, nodes) or delete the file',
      }),
    );
  }
  if (key !== undefined && diagnostics.length === 0 && documents.length > 0) {
    cache?.put(key, documents);
    return { source, documents, diagnostics, cacheKey: key };
  }
  return { source, documents, diagnostics };
}

/** The source of a file known to parse cleanly, parsed on first use. */
function lazySource(file: string, text: string): SourceFile {
  let parsed: SourceFile | undefined;
  const full = () => (parsed ??= parseYaml(file, text).source);
  return {
    file,
    text,
    get lineCounter() {
      return full().lineCounter;
    },
    get documents() {
      return full().documents;
    },
  };
}

/** No content at all (`---` with nothing after it), as opposed to an explicit `null`. */
function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  if (contents === null) return true;
  return isScalar(contents) && contents.value === null && contents.source === '' && !contents.tag;
}
