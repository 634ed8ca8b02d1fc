/**
 * Checked JSON → WorkflowSpec. Best effort on purpose: the shape check has
 * already reported every wrong field, and building what we can lets the rules
 * report the rest in the same run. Node order is kept (diagnostics point at
 * /nodes/<index>); a node that is not a mapping becomes an empty placeholder.
 */
import type { JsonObject, JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import type {
  ConceptSpec,
  Expectations,
  ModelRef,
  NodeSpec,
  Role,
  TestCaseSpec,
  WorkflowSpec,
} from './types.js';

export function buildWorkflowSpec(data: JsonObject): WorkflowSpec {
  const spec: WorkflowSpec = {
    id: scalarText(own(data, 'id')) ?? '',
    nodes: Array.isArray(own(data, 'nodes'))
      ? (own(data, 'nodes') as JsonValue[]).map(buildNode)
      : [],
  };
  const description = own(data, 'description');
  if (typeof description === 'string') spec.description = description;
  const notes = own(data, 'notes');
  if (typeof notes === 'string') spec.notes = notes;
  const visibility = own(data, 'visibility');
  if (visibility === 'private' || visibility === 'org' || visibility === 'public')
    spec.visibility = visibility;
  for (const field of ['use_cases', 'check_consents'] as const) {
    const list = own(data, field);
    if (Array.isArray(list)) spec[field] = list.filter((s): s is string => typeof s === 'string');
  }
  const metadata = own(data, 'metadata');
  if (isJsonObject(metadata)) spec.metadata = metadata;
  const image = own(data, 'image');
  if (isJsonObject(image) && typeof own(image, 'url') === 'string')
    spec.image = { url: own(image, 'url') as string };
  const tests = own(data, 'tests');
  if (Array.isArray(tests)) spec.tests = tests.map(buildTestCase);
  const previous = own(data, 'previous_ids');
  if (Array.isArray(previous)) spec.previous_ids = previous.map((p) => scalarText(p) ?? '');
  return spec;
}

function buildTestCase(value: JsonValue): TestCaseSpec {
  if (!isJsonObject(value)) return { name: '', nameGiven: false, image: '', expect: {} };
  const image = typeof own(value, 'image') === 'string' ? (own(value, 'image') as string) : '';
  const name = own(value, 'name');
  const raw = own(value, 'expect');
  const expect: Expectations = {};
  if (isJsonObject(raw)) {
    const strings = (v: JsonValue | undefined) =>
      Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : undefined;
    const text = strings(own(raw, 'text'));
    if (text) expect.text = text;
    const absent = strings(own(raw, 'absent'));
    if (absent) expect.absent = absent;
    const min = own(raw, 'min_regions');
    if (typeof min === 'number') expect.min_regions = min;
  }
  const given = typeof name === 'string' && name !== '';
  return { name: given ? name : defaultTestName(image), nameGiven: given, image, expect };
}

/** The image's file name without its extension: `images/sold-sign.png` → `sold-sign`. */
export function defaultTestName(image: string): string {
  const file = image.split(/[\\/]/).pop() ?? '';
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

function buildNode(value: JsonValue): NodeSpec {
  if (!isJsonObject(value)) return { id: '', model: '', inputs: [] };
  const inputs = own(value, 'inputs');
  const node: NodeSpec = {
    id: scalarText(own(value, 'id')) ?? '',
    model: buildModelField(own(value, 'model')),
    inputs: Array.isArray(inputs) ? inputs.map((i) => scalarText(i) ?? '') : [],
  };
  const suppress = own(value, 'suppress_output');
  if (typeof suppress === 'boolean') node.suppress_output = suppress;
  const params = own(value, 'params');
  if (isJsonObject(params)) node.params = params;
  const concepts = own(value, 'concepts');
  if (Array.isArray(concepts)) node.concepts = buildConcepts(concepts);
  const outputConfig = own(value, 'output_config');
  if (isJsonObject(outputConfig)) node.output_config = outputConfig;
  return node;
}

/** Concepts with a string id and a number value (the shape check reported the others). */
function buildConcepts(list: JsonValue[]): ConceptSpec[] {
  const concepts: ConceptSpec[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) continue;
    const id = scalarText(own(item, 'id'));
    const value = own(item, 'value');
    if (id !== undefined && typeof value === 'number') concepts.push({ id, value });
  }
  return concepts;
}

function buildModelField(value: JsonValue | undefined): string | ModelRef {
  if (isJsonObject(value)) return buildModelRef(value);
  return scalarText(value) ?? '';
}

/** A catalog entry, override or inline model: only fields of the right type. */
export function buildModelRef(data: JsonObject): ModelRef {
  const ref: ModelRef = {};
  for (const field of ['id', 'version', 'user_id', 'app_id'] as const) {
    const text = scalarText(own(data, field));
    if (text !== undefined) ref[field] = text;
  }
  const role = own(data, 'role');
  if (role === 'detector' || role === 'cropper' || role === 'recognizer') ref.role = role as Role;
  return ref;
}

/**
 * A string, or the text of a number/boolean that the shape check has already
 * reported as `not-a-string` — so one wrong id does not cascade into
 * "unknown input" errors for every node that names it.
 */
export function scalarText(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function own(data: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}
