/**
 * `vtr-wf fmt`'s pure core: a spec file's text in, its canonical text out.
 * Works on yaml Documents (not on plain data) so comments, anchors, quoting and
 * flow/block style survive. Refuses — returning the text untouched with
 * problems — rather than risk a change of meaning or a lost comment: every
 * changed result is re-parsed and compared with the input before it is returned.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import { commentsOf, sameComments } from './comments.js';
import { orderWorkflowKeys } from './key-order.js';
import { stringifyCanonical } from './stringify.js';

export interface FormatProblem {
  /** `yaml-syntax` (the file does not parse) or `fmt-unsafe` (fmt can't format it safely). */
  code: 'yaml-syntax' | 'fmt-unsafe';
  /** 1-based; 0 when the problem has no position. */
  line: number;
  column: number;
  message: string;
}

export interface FormatOutcome {
  text: string;
  changed: boolean;
  problems: FormatProblem[];
}

/** The canonical form of a spec file's text; `errors` non-empty means `text` is the input. */
export function formatSpecText(text: string): { text: string; changed: boolean; errors: string[] } {
  const outcome = formatSpec(text);
  return {
    text: outcome.text,
    changed: outcome.changed,
    errors: outcome.problems.map((p) => (p.line > 0 ? `${p.line}:${p.column}: ` : '') + p.message),
  };
}

/** Like formatSpecText, with structured problems (positions and codes) for the edges. */
export function formatSpec(text: string): FormatOutcome {
  const unchanged = (problems: FormatProblem[]): FormatOutcome => ({
    text,
    changed: false,
    problems,
  });
  try {
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    const body = text.slice(bom.length);
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(body, { lineCounter, prettyErrors: false });
    // No documents (an empty or comment-only file): nothing to order, keep it byte for byte.
    if (!Array.isArray(docs) || docs.length === 0) return unchanged([]);
    const syntaxProblems = docs.flatMap((doc) =>
      doc.errors.map((e): FormatProblem => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { code: 'yaml-syntax', line: pos.line, column: pos.col, message: e.message };
      }),
    );
    if (syntaxProblems.length > 0) return unchanged(syntaxProblems);

    const lineBreak = lineBreakOf(body);
    const first = canonicalOf(docs);
    // The common case (a file already canonical) costs one parse and one write-out.
    if (withLineBreaks(first, lineBreak) === body) return unchanged([]);

    const settled = settle(body, first);
    if (typeof settled !== 'string') return unchanged([settled]);
    const formatted = bom + withLineBreaks(settled, lineBreak);
    return { text: formatted, changed: formatted !== text, problems: [] };
  } catch (e) {
    // yaml throws on alias bombs (bounded expansion) and nesting deep enough to exhaust the stack.
    const message = e instanceof Error ? e.message : String(e);
    return unchanged([
      { code: 'fmt-unsafe', line: 0, column: 0, message: `cannot format: ${message}` },
    ]);
  }
}

/** Orders keys and writes the documents canonically (mutates them). */
function canonicalOf(docs: Document[]): string {
  for (const doc of docs) orderWorkflowKeys(doc);
  return docs.map(stringifyCanonical).join('');
}

/**
 * Checks a changed text before it is returned: it parses, means what the
 * original meant (re-read from the original: an alias only resolves while it
 * follows its anchor), keeps every comment, and is a fixed point. yaml reads
 * some comment placements back differently from how it wrote them (a comment
 * after `- ` belongs to the item, not its first key), so one pass is not
 * always a fixed point; a few more reach it, or the file is refused.
 */
const MAX_PASSES = 4;
function settle(original: string, first: string): string | FormatProblem {
  const meaning = parseAllDocuments(original).map(meaningOf);
  let current = first;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const docs = parseAllDocuments(current);
    if (
      !Array.isArray(docs) ||
      docs.length !== meaning.length ||
      docs.some((d) => d.errors.length)
    ) {
      return unsafe('formatting would not give valid YAML (an alias before its anchor?)');
    }
    if (docs.some((doc, i) => !isDeepStrictEqual(meaningOf(doc), meaning[i]))) {
      return unsafe('formatting would change what the file means (an alias before its anchor?)');
    }
    const next = canonicalOf(docs);
    if (next === current) {
      if (!sameComments(commentsOf(original), commentsOf(current))) {
        return unsafe('formatting would lose a comment');
      }
      return current;
    }
    current = next;
  }
  return unsafe('formatting does not settle on one form');
}

function unsafe(reason: string): FormatProblem {
  return { code: 'fmt-unsafe', line: 0, column: 0, message: `${reason}; file left as is` };
}

function meaningOf(doc: Document): unknown {
  return doc.toJS({ maxAliasCount: 100 });
}

/** The file's own line break style, judged by its first line: fmt does not convert it. */
function lineBreakOf(text: string): '\n' | '\r\n' {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

function withLineBreaks(text: string, lineBreak: '\n' | '\r\n'): string {
  return lineBreak === '\n' ? text : text.replace(/\r?\n/g, '\r\n');
}
