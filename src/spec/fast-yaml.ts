/**
 * A fast reader for the plain YAML most specs are written in — block
 * mappings and sequences, one-line scalars, `[a, b]` lists — that gives up
 * (returns undefined) on anything else. Giving up is always safe: the caller
 * then parses with `yaml`, which places every problem. What it does read it
 * reads exactly as `yaml` (YAML 1.2 core schema) would, so documentToJson of
 * yaml's parse and this agree on every text both accept (src/spec/fast-yaml.test.ts
 * checks that on hand-made and generated texts).
 *
 * Why: `apply` after editing a thousand specs spent a third of its CPU in the
 * general parser building position-carrying trees nobody read — a clean
 * file's tree is only needed when a diagnostic must be placed in it, and then
 * it is parsed (lazily) as before. Pure.
 */
import type { JsonObject, JsonValue } from '../json.js';

/** Deeper than this is rare in a spec: left to the general parser (and its limits). */
const MAX_FAST_DEPTH = 16;
/** yaml refuses implicit keys over 1024 characters; long lines are left to it. */
const MAX_LINE = 1000;

interface Line {
  indent: number;
  text: string;
}

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

/** The single document of `text` as JSON, or undefined when the text is not in the plain subset. */
export function fastYaml(text: string): JsonValue | undefined {
  // Tabs, CR, a BOM, control characters and Unicode line separators change how lines,
  // indentation or scalars read (or are refused): not ours.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000B-\u001F\u007F\u0085\u2028\u2029\uFEFF]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    if (raw.length > MAX_LINE) return undefined;
    const body = raw.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    // Directives and document markers (`%YAML`, `---`, `...`) start at column 0.
    if (raw.startsWith('%') || raw.startsWith('---') || raw.startsWith('...')) return undefined;
    lines.push({ indent: raw.length - body.length, text: body.trimEnd() });
  }
  if (lines.length === 0) return undefined;
  try {
    const reader = new Reader(lines);
    const first = lines[0] as Line;
    const value = reader.block(first.indent, 1);
    return reader.done() ? value : undefined;
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

/** `key:` then a space or the end: a plain key that can only mean a string. */
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: |$)/;
/** A plain key inside `{ … }`. */
const FLOW_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Plain words the core schema reads as something other than a string. */
const SPECIAL_WORDS = new Set([
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'null',
  'Null',
  'NULL',
]);

class Reader {
  private at = 0;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.at === this.lines.length;
  }

  private peek(): Line | undefined {
    return this.lines[this.at];
  }

  /** The mapping or sequence whose first line is the current one, at `indent`. */
  block(indent: number, depth: number): JsonValue {
    if (depth > MAX_FAST_DEPTH) giveUp();
    const line = this.peek() ?? giveUp();
    if (line.indent !== indent) giveUp();
    return isItem(line.text) ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  private mapping(indent: number, depth: number): JsonObject {
    const out: JsonObject = {};
    for (let line = this.peek(); line && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent || isItem(line.text)) giveUp();
      const match = KEY.exec(line.text) ?? giveUp();
      const key = match[1] as string;
      if (SPECIAL_WORDS.has(key) || key === '__proto__' || Object.hasOwn(out, key)) giveUp();
      const rest = line.text.slice(match[0].length).trimStart();
      this.at++;
      if (rest === '' || rest.startsWith('#')) {
        const next = this.peek();
        // A nested block, or a sequence written at the key's own indentation.
        if (next && (next.indent > indent || (next.indent === indent && isItem(next.text))))
          out[key] = this.block(next.indent, depth + 1);
        else giveUp(); // an empty value: rare enough to leave to yaml
      } else {
        out[key] = inlineValue(rest);
        const next = this.peek();
        if (next && next.indent > indent) giveUp(); // a scalar going on over more lines
      }
    }
    return out;
  }

  private sequence(indent: number, depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    for (let line = this.peek(); line && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent) giveUp();
      // The end of a sequence written at its key's indentation; the mapping reads on (or refuses).
      if (!isItem(line.text)) break;
      const after = line.text.slice(1);
      const content = after.trimStart();
      if (content === '' || content.startsWith('#')) {
        this.at++;
        const next = this.peek();
        if (next && next.indent > indent) out.push(this.block(next.indent, depth + 1));
        else giveUp();
      } else if (KEY.test(content)) {
        // `- key: value` opens a mapping whose keys line up with this first one.
        const column = indent + 1 + (after.length - content.length);
        this.lines[this.at] = { indent: column, text: content };
        out.push(this.block(column, depth + 1));
      } else {
        if (isItem(content)) giveUp(); // `- - x`
        this.at++;
        out.push(inlineValue(content));
        const next = this.peek();
        if (next && next.indent > indent) giveUp();
      }
    }
    return out;
  }
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** A one-line value after `key: ` or `- `: a quoted or plain scalar, `[…]` or `{ k: v, … }`. */
function inlineValue(text: string): JsonValue {
  const first = text[0];
  if (first === '"' || first === "'") {
    const { value, rest } = quoted(text);
    endsValue(rest);
    return value;
  }
  if (first === '[') {
    const close = text.indexOf(']');
    if (close < 0) giveUp();
    endsValue(text.slice(close + 1));
    const inner = text.slice(1, close).trim();
    if (inner === '') return [];
    return inner.split(',').map((item) => flowItem(item.trim()));
  }
  if (first === '{') {
    const close = text.indexOf('}');
    if (close < 0) giveUp();
    endsValue(text.slice(close + 1));
    const inner = text.slice(1, close).trim();
    const out: JsonObject = {};
    if (inner === '') return out;
    // `{ key: value, … }` with plain keys and one-word-or-quoted values, nothing nested.
    for (const item of inner.split(',')) {
      const entry = item.trim();
      const colon = entry.indexOf(': ');
      if (colon < 0) giveUp();
      const key = entry.slice(0, colon);
      if (!FLOW_KEY.test(key) || SPECIAL_WORDS.has(key) || key === '__proto__') giveUp();
      if (Object.hasOwn(out, key)) giveUp();
      out[key] = flowItem(entry.slice(colon + 2).trim());
    }
    return out;
  }
  const hash = text.indexOf(' #');
  return plain((hash < 0 ? text : text.slice(0, hash)).trimEnd(), false);
}

/** Nothing after a value but spaces and a comment. */
function endsValue(rest: string): void {
  const after = rest.trimStart();
  if (after !== '' && (!after.startsWith('#') || after.length === rest.length)) giveUp();
}

/** A quoted scalar with nothing to unescape (no `\` in double quotes, no `''` in single). */
function quoted(text: string): { value: string; rest: string } {
  const quote = text[0] as string;
  const close = text.indexOf(quote, 1);
  if (close < 0) giveUp();
  const value = text.slice(1, close);
  if (quote === '"' ? value.includes('\\') : text[close + 1] === "'") giveUp();
  return { value, rest: text.slice(close + 1) };
}

function flowItem(item: string): JsonValue {
  if (item === '') giveUp(); // `[a,,b]`, `[a,]`
  if (item[0] === '"' || item[0] === "'") {
    const { value, rest } = quoted(item);
    if (rest.trim() !== '') giveUp();
    return value;
  }
  return plain(item, true);
}

/** Characters a plain scalar may not start with (YAML's indicators, and digits' friends). */
const NOT_PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A plain scalar resolved by the 1.2 core schema, or give up on anything but the obvious. */
function plain(text: string, inFlow: boolean): JsonValue {
  if (text === '' || NOT_PLAIN_START.test(text)) giveUp();
  // Inside a plain scalar these either end it or are worth the general parser's judgement.
  if (/[[\]{}]|: |:$| #/.test(text) || (inFlow && /[:#,]/.test(text))) giveUp();
  if (/^(0|[1-9][0-9]*)$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : giveUp();
  }
  if (/^(0|[1-9][0-9]*)\.[0-9]+$/.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null' || text === '~') return null;
  // Other numbers (0x1F, 1e3, .5, +1, .inf), and True, NULL …: the general parser decides.
  if (/^[-+.0-9]/.test(text) || SPECIAL_WORDS.has(text)) giveUp();
  return text;
}
