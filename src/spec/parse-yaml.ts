/**
 * YAML text → documents with positions, and the parser's own errors and
 * warnings as diagnostics. No I/O: the text is already read.
 */
import { LineCounter, isScalar, parseAllDocuments, visit } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { SourceFile } from './source.js';
import { placeAtOffsets } from './positions.js';

export interface ParsedYaml {
  source: SourceFile;
  diagnostics: Diagnostic[];
  /** Per document: parsed cleanly enough to check further (syntax errors make it unusable). */
  usable: boolean[];
}

export function parseYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const documents = Array.from(
    parseAllDocuments(text, {
      lineCounter,
      // We place and word errors ourselves; yaml's snippets would repeat the source.
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      version: '1.2',
    }) as Iterable<Document.Parsed>,
  );
  const source: SourceFile = { file, text, lineCounter, documents };
  const diagnostics: Diagnostic[] = [];
  const usable = documents.map((doc, index) => {
    let ok = true;
    let reportedDepth = false;
    for (const error of doc.errors) {
      if (error.code === 'RESOURCE_EXHAUSTION') {
        // yaml caught a stack overflow: one diagnostic, not one per level.
        if (!reportedDepth)
          diagnostics.push(fromYamlError(source, index, error, 'too-deep', 'error'));
        reportedDepth = true;
        ok = false;
      } else if (error.code === 'DUPLICATE_KEY') {
        // The rest of the document is sound: keep checking it.
        diagnostics.push(duplicateKey(source, index, doc, error));
      } else {
        diagnostics.push(fromYamlError(source, index, error, 'yaml-syntax', 'error'));
        ok = false;
      }
    }
    for (const warning of doc.warnings) {
      diagnostics.push(fromYamlError(source, index, warning, 'yaml-warning', 'warning'));
    }
    return ok;
  });
  return { source, diagnostics, usable };
}

function fromYamlError(
  source: SourceFile,
  document: number,
  error: YAMLError,
  code: string,
  severity: Severity,
): Diagnostic {
  const message =
    code === 'too-deep'
      ? 'collections are nested too deeply to read'
      : lowerFirst(error.message.replace(/\s+at line \d+, column \d+.*$/s, '').trim());
  return placeAtOffsets(source, error.pos[0], error.pos[1], {
    code,
    severity,
    message,
    file: source.file,
    pointer: '',
    document,
  });
}

/** yaml marks only the key's first character: find the whole key to name and place it. */
function duplicateKey(
  source: SourceFile,
  document: number,
  doc: Document,
  error: YAMLError,
): Diagnostic {
  let start = error.pos[0];
  let end = error.pos[1];
  let name = 'a key';
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && key.range?.[0] === start) {
        end = key.range[1];
        name = `\`${String(key.value)}\``;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  start = Math.min(start, end);
  return placeAtOffsets(source, start, end, {
    code: 'duplicate-key',
    severity: 'error',
    message: `duplicate key ${name}: this mapping already has it`,
    file: source.file,
    pointer: '',
    document,
    suggestion: 'keep one of them',
  });
}

function lowerFirst(s: string): string {
  return s.length > 1 && /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
