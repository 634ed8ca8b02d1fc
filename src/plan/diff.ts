/**
 * Field-level differences between a desired and a live canonical workflow.
 * Paths are JSON pointers with nodes keyed by id (`/nodes/image-crop/inputs`),
 * so a diff names the node, never an array index that depends on order.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { compareSegments, pointerSegments, pointerOf } from '../json-pointer.js';
import { stableJson } from './stable-json.js';
import type {
  CanonicalConcept,
  CanonicalModel,
  CanonicalNode,
  CanonicalWorkflow,
  Diff,
} from './types.js';

export function diffWorkflows(desired: CanonicalWorkflow, live: CanonicalWorkflow): Diff[] {
  const diffs: Diff[] = [];
  if (desired.description !== live.description) {
    diffs.push({ path: '/description', before: live.description, after: desired.description });
  }
  if (desired.notes !== live.notes) {
    diffs.push({ path: '/notes', before: live.notes, after: desired.notes });
  }
  // Not managed unless the spec declares it; live leaves out the default, private.
  if (desired.visibility !== undefined) {
    const live_ = live.visibility ?? 'private';
    if (desired.visibility !== live_)
      diffs.push({ path: '/visibility', before: live_, after: desired.visibility });
  }
  for (const field of ['use_cases', 'check_consents'] as const) {
    const wanted = desired[field];
    const current = live[field] ?? [];
    if (wanted !== undefined && !sameStrings(wanted, current))
      diffs.push({ path: `/${field}`, before: current, after: wanted });
  }
  if (desired.metadata) {
    diffs.push(
      ...diffObjects(['metadata'], desired.metadata, declaredOnly(desired, live).metadata ?? {}),
    );
  }
  // Always managed: a spec without `image:` means none (apply removes a live one).
  if (desired.image?.url !== live.image?.url) {
    diffs.push({ path: '/image', before: live.image ?? null, after: desired.image ?? null });
  }
  const liveNodes = new Map(live.nodes.map((n) => [n.id, n]));
  const desiredIds = new Set(desired.nodes.map((n) => n.id));
  for (const node of desired.nodes) {
    const before = liveNodes.get(node.id);
    if (before) diffs.push(...diffNodes(node, before));
    else diffs.push({ path: pointerOf(['nodes', node.id]), before: null, after: nodeJson(node) });
  }
  for (const node of live.nodes) {
    if (!desiredIds.has(node.id)) {
      diffs.push({ path: pointerOf(['nodes', node.id]), before: nodeJson(node), after: null });
    }
  }
  return sortDiffs(diffs);
}

/** Diffs in pointer order, segment by segment (each path split once, not per comparison). */
export function sortDiffs(diffs: Diff[]): Diff[] {
  if (diffs.length < 2) return diffs;
  return diffs
    .map((diff) => ({ diff, segments: pointerSegments(diff.path) }))
    .sort((a, b) => compareSegments(a.segments, b.segments))
    .map(({ diff }) => diff);
}

function diffNodes(desired: CanonicalNode, live: CanonicalNode): Diff[] {
  const at = (...rest: string[]) => pointerOf(['nodes', desired.id, ...rest]);
  const diffs: Diff[] = [];
  if (!sameStrings(desired.inputs, live.inputs)) {
    diffs.push({ path: at('inputs'), before: live.inputs, after: desired.inputs });
  }
  for (const field of ['id', 'version'] as const) {
    if (desired.model[field] !== live.model[field]) {
      diffs.push({
        path: at('model', field),
        before: live.model[field],
        after: desired.model[field],
      });
    }
  }
  // The server fills a model's owner; it is a difference only when the spec names one.
  for (const field of ['user_id', 'app_id'] as const) {
    const wanted = desired.model[field];
    if (wanted !== undefined && wanted !== live.model[field]) {
      diffs.push({ path: at('model', field), before: live.model[field] ?? null, after: wanted });
    }
  }
  if (desired.suppress_output !== live.suppress_output) {
    diffs.push({
      path: at('suppress_output'),
      before: live.suppress_output,
      after: desired.suppress_output,
    });
  }
  diffs.push(...diffObjects(['nodes', desired.id, 'params'], desired.params, live.params));
  // Not managed unless the spec declares them (the live ones are kept on writes).
  if (desired.concepts !== undefined && !sameJson(desired.concepts, live.concepts ?? [])) {
    diffs.push({
      path: at('concepts'),
      before: conceptsJson(live.concepts ?? []),
      after: conceptsJson(desired.concepts),
    });
  }
  if (desired.output_config !== undefined) {
    diffs.push(
      ...diffObjects(
        ['nodes', desired.id, 'output_config'],
        desired.output_config,
        live.output_config ?? {},
      ),
    );
  }
  return diffs;
}

function conceptsJson(concepts: readonly CanonicalConcept[]): JsonValue[] {
  return concepts.map((c) => ({ id: c.id, value: c.value }));
}

/**
 * Params are compared key by key, recursing into objects present on both
 * sides, so a change reads `/nodes/x/params/min_value: 0.5 → 0.7`. A key on
 * one side only shows as null on the other — unless its value is itself null
 * (absent and null would read the same), then the enclosing object is shown.
 */
function diffObjects(segments: string[], desired: JsonObject, live: JsonObject): Diff[] {
  if (sameJson(desired, live)) return [];
  const keys = new Set([...Object.keys(desired), ...Object.keys(live)]);
  const ambiguous = [...keys].some(
    (k) =>
      (!Object.hasOwn(desired, k) && live[k] === null) ||
      (!Object.hasOwn(live, k) && desired[k] === null),
  );
  if (ambiguous) return [{ path: pointerOf(segments), before: live, after: desired }];
  const diffs: Diff[] = [];
  for (const key of keys) {
    const after = Object.hasOwn(desired, key) ? (desired[key] as JsonValue) : null;
    const before = Object.hasOwn(live, key) ? (live[key] as JsonValue) : null;
    if (isJsonObject(after) && isJsonObject(before)) {
      diffs.push(...diffObjects([...segments, key], after, before));
    } else if (!sameJson(after, before)) {
      diffs.push({ path: pointerOf([...segments, key]), before, after });
    }
  }
  return diffs;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function nodeJson(node: CanonicalNode): JsonObject {
  const json: JsonObject = {
    id: node.id,
    model: modelJson(node.model),
    inputs: [...node.inputs],
    suppress_output: node.suppress_output,
    params: node.params,
  };
  if (node.concepts) json.concepts = conceptsJson(node.concepts);
  if (node.output_config) json.output_config = node.output_config;
  return json;
}

function modelJson(model: CanonicalModel): JsonObject {
  const json: JsonObject = { id: model.id, version: model.version };
  if (model.user_id !== undefined) json.user_id = model.user_id;
  if (model.app_id !== undefined) json.app_id = model.app_id;
  return json;
}

/**
 * The live workflow as compared with the desired one: a model owner the spec
 * does not name is dropped, so a rendered YAML diff shows exactly what the
 * field diffs show and no server-filled noise.
 */
export function liveAsCompared(
  desired: CanonicalWorkflow,
  live: CanonicalWorkflow,
): CanonicalWorkflow {
  const desiredNodes = new Map(desired.nodes.map((n) => [n.id, n]));
  return {
    ...declaredOnly(desired, live),
    nodes: live.nodes.map((node) => {
      const wanted = desiredNodes.get(node.id)?.model;
      const model: CanonicalModel = { id: node.model.id, version: node.model.version };
      if (node.model.user_id !== undefined && wanted?.user_id !== undefined) {
        model.user_id = node.model.user_id;
      }
      if (node.model.app_id !== undefined && wanted?.app_id !== undefined) {
        model.app_id = node.model.app_id;
      }
      const compared: CanonicalNode = { ...node, model };
      // A node the spec keeps but whose concepts/output_config it does not declare: not managed.
      const desiredNode = desiredNodes.get(node.id);
      if (desiredNode) {
        const { concepts, output_config, ...rest } = compared;
        const declared: CanonicalNode = rest;
        if (desiredNode.concepts !== undefined) declared.concepts = concepts ?? [];
        if (desiredNode.output_config !== undefined) declared.output_config = output_config ?? {};
        return declared;
      }
      return compared;
    }),
  };
}

/**
 * The live workflow with only the metadata keys the desired one declares: the
 * user's other live keys are kept on writes and never compared.
 */
function declaredOnly(desired: CanonicalWorkflow, live: CanonicalWorkflow): CanonicalWorkflow {
  const { metadata, visibility, use_cases, check_consents, ...others } = live;
  const rest: CanonicalWorkflow = others;
  if (desired.visibility !== undefined) rest.visibility = visibility ?? 'private';
  if (desired.use_cases !== undefined) rest.use_cases = use_cases ?? [];
  if (desired.check_consents !== undefined) rest.check_consents = check_consents ?? [];
  if (!desired.metadata || !metadata) return rest;
  const declared: JsonObject = {};
  for (const key of Object.keys(desired.metadata)) {
    if (Object.hasOwn(metadata, key)) declared[key] = metadata[key] as JsonValue;
  }
  return Object.keys(declared).length > 0 ? { ...rest, metadata: declared } : rest;
}

/** The workflow with every model owner left out (nothing desired names one). */
export function withoutModelOwners(workflow: CanonicalWorkflow): CanonicalWorkflow {
  return liveAsCompared({ ...workflow, nodes: [] }, workflow);
}
