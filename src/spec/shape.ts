/**
 * The shape check: a loaded document against its JSON Schema (precompiled by
 * scripts/build-schemas.mjs), with ajv's errors reworded into vtr-wf's rule
 * codes. Pure. Id formats, lengths and node counts are in the schema for
 * editors but reported by the rules (spec/rules/), which say more.
 */
import type { JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import {
  validateConfig,
  validateConfigSchema,
  validateWorkflow,
  validateWorkflowSchema,
} from './generated/validators.js';
import type { Problem } from './problem.js';
import { appendPointer, pointerSegments } from '../json-pointer.js';
import { governingSchema } from './schema-walk.js';
import { didYouMean } from './suggest.js';

export type DocumentKind = 'workflow' | 'config';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type CompiledValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const validators: Record<DocumentKind, { validate: CompiledValidator; schema: unknown }> = {
  workflow: {
    validate: validateWorkflow as unknown as CompiledValidator,
    schema: validateWorkflowSchema,
  },
  config: {
    validate: validateConfig as unknown as CompiledValidator,
    schema: validateConfigSchema,
  },
};

/** Keywords whose failures the rules report instead (per document kind). */
const LEFT_TO_RULES: Record<DocumentKind, ReadonlySet<string>> = {
  workflow: new Set(['pattern', 'maxLength', 'minItems', 'maxItems']),
  config: new Set(),
};

/**
 * @param sourceText the YAML source of the value at a pointer, when known:
 * `not-a-string` then quotes what the user wrote (`1e3`), not what YAML read (1000).
 */
export function checkShape(
  kind: DocumentKind,
  data: JsonValue,
  sourceText: (pointer: string) => string | undefined = () => undefined,
): Problem[] {
  if (!isJsonObject(data)) {
    return [
      {
        code: 'not-a-mapping',
        severity: 'error',
        message:
          kind === 'workflow'
            ? `a workflow spec must be a mapping (id, nodes, …), not ${describeValue(data)}`
            : `vtr-wf.yaml must be a mapping (project, workflows, models, environments), not ${describeValue(data)}`,
        pointer: '',
      },
    ];
  }
  const { validate, schema } = validators[kind];
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter(
    (e) => e.keyword !== 'if' && !LEFT_TO_RULES[kind].has(e.keyword),
  );
  // One problem per value: a wrong type hides what else its branch would say, and a value
  // that may take several forms (a node's `model`: alias or inline) fails each form's type
  // check — one problem naming every accepted type, not one per form.
  const typesAt = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword !== 'type') continue;
    const types = typesAt.get(e.instancePath) ?? [];
    for (const t of ([] as string[]).concat(e.params.type as string | string[])) {
      if (!types.includes(t)) types.push(t);
    }
    typesAt.set(e.instancePath, types);
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const types = typesAt.get(error.instancePath);
    if (error.keyword !== 'type' && types) continue;
    const merged = types ? { ...error, params: { ...error.params, type: types } } : error;
    const problem = toProblem(merged, data, schema, sourceText);
    const key = `${problem.code}\u0000${problem.pointer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

// Over 80 lines: one case per Ajv keyword, each a short message; a table would hold the same cases.
function toProblem(
  error: AjvError,
  root: JsonValue,
  schema: unknown,
  sourceText: (pointer: string) => string | undefined,
): Problem {
  const at = error.instancePath;
  const value = valueAt(root, at);
  const field = fieldName(at);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const owner = governingSchema(schema as Record<string, unknown>, root, at);
      const known = Object.keys((owner?.schema.properties as object | undefined) ?? {});
      if (key === MERGE_KEY) {
        return {
          code: 'unknown-key',
          severity: 'error',
          message:
            'YAML merge keys (`<<: *anchor`) are not supported: vtr-wf reads YAML 1.2, where `<<` is an ordinary key',
          pointer: appendPointer(at, key),
          suggestion: 'write the keys out; an alias of a whole value (`*anchor`) works',
        };
      }
      const suggestion = didYouMean(key, known);
      return {
        code: 'unknown-key',
        severity: 'error',
        message: unknownKeyMessage(key, owner?.definition, at),
        pointer: appendPointer(at, key),
        ...(suggestion
          ? { suggestion }
          : known.length
            ? { suggestion: `known keys: ${known.join(', ')}` }
            : {}),
      };
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const definition = governingSchema(schema as Record<string, unknown>, root, at)?.definition;
      return {
        code: 'missing-field',
        severity: 'error',
        message: `${ownerNoun(definition, at)} has no \`${missing}\`${requiredWhy(definition, missing)}`,
        pointer: appendPointer(at, missing),
      };
    }
    case 'type': {
      const expected = ([] as string[]).concat(error.params.type as string | string[]);
      if (
        expected.includes('string') &&
        (typeof value === 'number' || typeof value === 'boolean')
      ) {
        const written = sourceText(at) ?? String(value);
        return {
          code: 'not-a-string',
          severity: 'error',
          message: `\`${field}\` must be a string, but YAML reads \`${written}\` as a ${typeof value}`,
          pointer: at,
          suggestion: `quote it: "${written.replace(/["\\]/g, '\\$&')}"`,
        };
      }
      return {
        code: 'wrong-type',
        severity: 'error',
        message: `\`${field}\` must be ${expected.map(describeType).join(' or ')}, not ${describeValue(value)}`,
        pointer: at,
        ...typeHint(field, expected, value),
      };
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => String(v));
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return {
        code: 'invalid-value',
        severity: 'error',
        message: `\`${field}\` must be one of ${allowed.join(', ')}; got \`${String(value)}\``,
        pointer: at,
        ...(suggestion ? { suggestion } : {}),
      };
    }
    case 'minLength':
      return {
        code: 'invalid-value',
        severity: 'error',
        message: `\`${field}\` must not be empty`,
        pointer: at,
      };
    case 'pattern':
      if (field === 'pat_env') {
        return {
          code: 'invalid-value',
          severity: 'error',
          message: `\`pat_env\` must name an environment variable (letters, digits, _); got \`${String(value)}\``,
          pointer: at,
          suggestion: `did you mean \`${String(value).replace(/[^A-Za-z0-9_]/g, '_')}\`?`,
        };
      }
      return {
        code: 'invalid-value',
        severity: 'error',
        message: `\`${field}\` must match ${String(error.params.pattern)}; got \`${String(value)}\``,
        pointer: at,
      };
    default:
      return {
        code: 'wrong-type',
        severity: 'error',
        message: `\`${field}\` ${error.message ?? 'is not valid'}`,
        pointer: at,
      };
  }
}

/** YAML 1.1's merge key, which YAML 1.2 (and so vtr-wf) reads as a plain key. */
const MERGE_KEY = '<<';

const REMOTE_ONLY = new Set(['endpoint', 'pat_env', 'key_type', 'tls', 'ca_file']);

function unknownKeyMessage(key: string, definition: string | undefined, at: string): string {
  if (definition === 'emulatorEnvironment' && REMOTE_ONLY.has(key)) {
    return `unknown key \`${key}\`: it applies to remote environments, not to an emulator one (emulator: true)`;
  }
  if (definition === 'remoteEnvironment' && key === 'state') {
    return 'unknown key `state`: it applies to emulator environments (emulator: true) only';
  }
  if (at === '') return `unknown key \`${key}\` at the top level`;
  return `unknown key \`${key}\` in ${ownerNoun(definition, at)}`;
}

/** "the workflow", "a node", "environment `staging`": who lacks or has a key. */
function ownerNoun(definition: string | undefined, instancePath: string): string {
  const segments = pointerSegments(instancePath);
  const name = segments.at(-1);
  switch (definition) {
    case 'node':
      return 'a node';
    case 'inlineModel':
      return 'an inline model';
    case 'catalogEntry':
      return `catalog model \`${name}\``;
    case 'override':
      return `the override of \`${name}\``;
    case 'emulatorEnvironment':
    case 'remoteEnvironment':
      return `environment \`${name}\``;
    default:
      // Only a workflow's top level has required keys.
      return segments.length === 0 ? 'the workflow' : `\`${fieldName(instancePath)}\``;
  }
}

function requiredWhy(definition: string | undefined, missing: string): string {
  if (definition === 'remoteEnvironment') {
    return ` (a remote environment needs user_id and app_id; for the embedded emulator write \`emulator: true\`)`;
  }
  if (definition === 'inlineModel' && missing === 'id')
    return ' (an inline model needs its model id)';
  return '';
}

function typeHint(
  field: string,
  expected: string[],
  value: JsonValue | undefined,
): { suggestion?: string } {
  if (expected.includes('array') && typeof value === 'string') {
    return { suggestion: `write a list: ${field}: [${value}]` };
  }
  if (expected.includes('boolean') && typeof value === 'string' && /^(true|false)$/i.test(value)) {
    return { suggestion: `write ${value.toLowerCase()} without quotes` };
  }
  return {};
}

function describeType(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'number':
      return 'a number';
    case 'integer':
      // Not "a number": `min_regions: 1.5` is one, and the message would contradict itself.
      return 'a whole number';
    default:
      return type;
  }
}

export function describeValue(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return `a boolean (${value})`;
  return `a number (${value})`;
}

/** `id`, `inputs[0]`, `models.text-detector`: the name a user recognises. */
function fieldName(instancePath: string): string {
  const segments = pointerSegments(instancePath);
  const last = segments.at(-1);
  if (last === undefined) return '(document)';
  if (/^\d+$/.test(last) && segments.length >= 2) return `${segments.at(-2)}[${last}]`;
  return last;
}

function valueAt(root: JsonValue, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isJsonObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}
