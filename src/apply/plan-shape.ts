/**
 * What a saved plan must be before anything trusts it: the shape of
 * schemas/plan.schema.json (precompiled), then the id rules a fresh plan
 * always follows — each workflow touched by one change, every change's
 * workflow carrying the change's id, the fingerprint each action needs. A plan
 * file is as hostile as any input: an edit that breaks one of these is refused
 * by the reader, naming the JSON pointer. Pure.
 */
import { appendPointer, pointerSegments } from '../json-pointer.js';
import { isJsonObject, type JsonObject } from '../json.js';
import type { Plan, PlanChange } from '../plan/types.js';
import { validatePlan } from '../spec/generated/validators.js';

export interface PlanProblem {
  /** JSON pointer into the plan file. */
  pointer: string;
  message: string;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type CompiledValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** The first problem with the file's shape, or null when it matches the schema. */
export function planShapeProblem(data: JsonObject): PlanProblem | null {
  const validate = validatePlan as unknown as CompiledValidator;
  if (validate(data)) return null;
  // `if` only says a `then`/`else` failed; that failure is reported on its own.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const first = errors[0];
  return first ? describeError(first, data) : { pointer: '', message: 'does not match the schema' };
}

function describeError(error: AjvError, root: JsonObject): PlanProblem {
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: appendPointer(at, String(error.params.missingProperty)),
        message: 'is missing',
      };
    case 'additionalProperties':
      return {
        pointer: appendPointer(at, String(error.params.additionalProperty)),
        message: 'is not a field of a plan here',
      };
    case 'false schema':
      return { pointer: at, message: `is not allowed in ${changeNoun(root, at)}` };
    case 'type':
      return {
        pointer: at,
        message: `must be ${[error.params.type].flat().map(String).join(' or ')}, not ${typeOf(valueAt(root, at))}`,
      };
    case 'enum':
      return {
        pointer: at,
        message: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; got ${JSON.stringify(valueAt(root, at)) ?? 'nothing'}`,
      };
    default:
      return { pointer: at, message: error.message ?? 'is not valid' };
  }
}

/** "a `delete` change" for a field under /changes/N, else "this place". */
function changeNoun(root: JsonObject, pointer: string): string {
  const match = /^\/changes\/(\d+)\//.exec(pointer);
  const change = match ? valueAt(root, `/changes/${match[1]}`) : undefined;
  return isJsonObject(change) && typeof change.action === 'string'
    ? `a \`${change.action}\` change`
    : 'this place';
}

/**
 * The id rules, on a plan that matched the schema: the first broken one, or
 * null. What `apply` writes is `workflow` (its id included) while the report
 * and the checks name `id`, so the two must agree.
 */
export function planConsistencyProblem(plan: Plan): PlanProblem | null {
  const touched = new Set<string>();
  for (const [index, change] of plan.changes.entries()) {
    const at = `/changes/${index}`;
    const ids = change.action === 'rename' ? [change.id, change.from as string] : [change.id];
    for (const id of ids) {
      if (touched.has(id))
        return { pointer: at, message: `\`${id}\` is touched by more than one change` };
      touched.add(id);
    }
    if (change.workflow && change.workflow.id !== change.id)
      return {
        pointer: `${at}/workflow/id`,
        message: `the change is for \`${change.id}\` but its workflow is \`${change.workflow.id}\``,
      };
    const liveId = change.action === 'rename' ? (change.from as string) : change.id;
    if (change.before && change.before.id !== liveId)
      return {
        pointer: `${at}/before/id`,
        message: `the change is for \`${liveId}\` but what it shows as live is \`${change.before.id}\``,
      };
    const fingerprint = fingerprintProblem(plan, change, at);
    if (fingerprint) return fingerprint;
  }
  return null;
}

/**
 * The drift check must cover every change, or the plan could write blind:
 * what is overwritten or deleted needs its live fingerprint, what is created
 * (a create, a rename's new id) must still not exist (null).
 */
function fingerprintProblem(plan: Plan, change: PlanChange, at: string): PlanProblem | null {
  const expect = (id: string, live: boolean): PlanProblem | null => {
    const pointer = appendPointer('/fingerprints', id);
    if (!Object.hasOwn(plan.fingerprints, id))
      return { pointer, message: `no fingerprint for \`${id}\` (${at})` };
    const value = plan.fingerprints[id];
    if (live && typeof value !== 'string')
      return {
        pointer,
        message: `the ${change.action} of \`${id}\` needs the live fingerprint, not null`,
      };
    if (!live && value !== null)
      return {
        pointer,
        message: `\`${id}\` is ${change.action === 'create' ? 'created' : 'renamed to'}, so it must not exist: its fingerprint must be null`,
      };
    return null;
  };
  switch (change.action) {
    case 'create':
      return expect(change.id, false);
    case 'rename':
      return expect(change.from as string, true) ?? expect(change.id, false);
    default:
      return expect(change.id, true);
  }
}

/** The summary, counted from the changes; `unchanged` (no change says it) is taken as given. */
export function summariseChanges(
  changes: readonly PlanChange[],
  unchanged: number,
): Plan['summary'] {
  const count = (action: PlanChange['action']) => changes.filter((c) => c.action === action).length;
  return {
    create: count('create'),
    update: count('update'),
    delete: count('delete'),
    rename: count('rename'),
    unchanged,
  };
}

function valueAt(root: JsonObject, pointer: string): unknown {
  let current: unknown = root;
  for (const key of pointerSegments(pointer)) {
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isJsonObject(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
