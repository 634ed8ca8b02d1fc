/**
 * The Clarifai Python SDK's workflow YAML → vtr-wf specs. Pure: text in,
 * specs and positioned diagnostics out.
 *
 * The SDK format (clarifai/workflows/validate.py):
 *   workflow:
 *     id: …
 *     nodes:
 *       - id: …
 *         model: { model_id, model_version_id?, user_id?, app_id?, model_type_id?,
 *                  description?, output_info: { params } }
 *         node_inputs: [ { node_id } ]
 *
 * It is walked as a YAML AST (not plain data) so every problem points at the
 * line and column it came from.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { Diagnostic, Severity } from '../diagnostic.js';
import { sortDiagnostics } from '../diagnostic.js';
import type { JsonObject, JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import type { ModelRef, NodeSpec, WorkflowSpec } from '../spec/types.js';
import { findCatalogAlias } from '../export/catalog-match.js';
import { MAX_ALIAS_COUNT } from '../spec/limits.js';
import { MAX_ID_LENGTH } from '../model/clarifai-ids.js';
import { isValidWorkflowId } from '../spec/rules/ids.js';
import { nearest } from '../spec/suggest.js';
import { unplacedAt } from '../spec/positions.js';
import { pointerOf } from '../json-pointer.js';
import { spanOf } from './yaml-positions.js';

export interface ImportedWorkflow {
  spec: WorkflowSpec;
  /** 0-based document index in the SDK file. */
  document: number;
}

export interface ImportResult {
  /** One per SDK document that converted without errors. */
  workflows: ImportedWorkflow[];
  diagnostics: Diagnostic[];
}

const ROOT_KEYS = ['workflow'];
const WORKFLOW_KEYS = ['id', 'nodes', 'description', 'notes'];
const NODE_KEYS = ['id', 'model', 'node_inputs', 'suppress_output'];
const MODEL_KEYS = [
  'model_id',
  'model_version_id',
  'user_id',
  'app_id',
  'model_type_id',
  'description',
  'output_info',
];
/** Describe a model the SDK would create; vtr-wf only references existing versions. */
const MODEL_CREATION_KEYS = ['model_type_id', 'description'];
const OUTPUT_INFO_KEYS = ['params'];
const NODE_INPUT_KEYS = ['node_id'];

type Path = (string | number)[];

/**
 * @param file the path diagnostics name (relative to the working directory)
 * @param catalog the config's catalog; nodes whose model id and version match an
 *   entry become that alias, the rest inline models. Empty: all inline.
 */
export function sdkYamlToSpecs(
  text: string,
  file: string,
  catalog: Readonly<Record<string, ModelRef>> = {},
): ImportResult {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  const documents = Array.isArray(parsed) ? parsed : [];
  const diagnostics: Diagnostic[] = [];
  const workflows: ImportedWorkflow[] = [];

  documents.forEach((doc, index) => {
    const reader = new SdkReader(doc, index, file, lineCounter, catalog);
    const spec = reader.read();
    diagnostics.push(...reader.diagnostics);
    if (spec && !reader.diagnostics.some((d) => d.severity === 'error')) {
      workflows.push({ spec, document: index });
    }
  });

  if (
    documents.length === 0 ||
    documents.every((d) => d.contents === null && d.errors.length === 0)
  ) {
    diagnostics.push(
      unplacedAt(
        file,
        'import-no-workflow',
        'no workflow found: expected a `workflow:` mapping (the Clarifai SDK workflow format)',
      ),
    );
  }
  return { workflows, diagnostics: sortDiagnostics(diagnostics) };
}

/** Reads one YAML document of an SDK file, collecting diagnostics as it goes. */
class SdkReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly doc: Document.Parsed,
    private readonly documentIndex: number,
    private readonly file: string,
    private readonly lineCounter: LineCounter,
    private readonly catalog: Readonly<Record<string, ModelRef>>,
  ) {}

  read(): WorkflowSpec | undefined {
    for (const error of this.doc.errors) {
      const [start, end] = error.linePos ?? [];
      this.diagnostics.push({
        code: 'import-yaml-syntax',
        severity: 'error',
        message: error.message.split('\n')[0] ?? error.message,
        file: this.file,
        line: start?.line ?? 0,
        column: start?.col ?? 0,
        end_line: end?.line ?? start?.line ?? 0,
        end_column: end?.col ?? start?.col ?? 0,
        pointer: '',
        document: this.documentIndex,
      });
    }
    if (this.doc.errors.length > 0) return undefined;
    const root = this.doc.contents;
    if (root === null) return undefined;
    // The Python SDK's own Workflow.export() writes the workflow without its `workflow:` wrapper.
    if (isMap(root) && !root.has('workflow') && root.has('id') && root.has('nodes')) {
      return this.readWorkflow(root, []);
    }
    if (!isMap(root) || !root.has('workflow')) {
      this.report(
        'error',
        'import-not-sdk-workflow',
        'expected a mapping with a `workflow:` key, or `id` and `nodes` (a Clarifai SDK workflow)',
        // Point at the first key that is not the SDK's, or at the value itself.
        isMap(root) && root.items[0] ? (root.items[0].key as Node) : root,
        [],
      );
      return undefined;
    }
    this.reportUnmappedKeys(root, [], ROOT_KEYS);
    const workflow = root.get('workflow', true);
    if (!isMap(workflow)) {
      this.report(
        'error',
        'import-invalid-value',
        '`workflow` must be a mapping with `id` and `nodes`',
        workflow,
        ['workflow'],
      );
      return undefined;
    }
    return this.readWorkflow(workflow, ['workflow']);
  }

  private readWorkflow(map: YAMLMap, path: Path): WorkflowSpec | undefined {
    this.reportUnmappedKeys(map, path, WORKFLOW_KEYS);
    const id = this.readString(map, 'id', path, true);
    if (id !== undefined && !isValidWorkflowId(id)) {
      this.report(
        'error',
        'import-invalid-id',
        `workflow id \`${id}\` is not a valid id: letters and digits separated by single \`-\` or \`_\`, at most ${MAX_ID_LENGTH} characters`,
        map.get('id', true),
        [...path, 'id'],
      );
    }
    const description = this.readString(map, 'description', path, false);
    const notes = this.readString(map, 'notes', path, false);
    const nodesNode = map.get('nodes', true);
    if (!isSeq(nodesNode) || nodesNode.items.length === 0) {
      this.report(
        'error',
        'import-no-nodes',
        '`nodes` must be a non-empty list of nodes',
        nodesNode ?? map,
        [...path, 'nodes'],
      );
      return undefined;
    }
    const nodes: NodeSpec[] = [];
    const nodeIdNodes = new Map<string, Node>();
    nodesNode.items.forEach((item, i) => {
      const nodePath = [...path, 'nodes', i];
      if (!isMap(item)) {
        this.report(
          'error',
          'import-invalid-value',
          'a node must be a mapping with `id` and `model`',
          item as Node,
          nodePath,
        );
        return;
      }
      const node = this.readNode(item, nodePath);
      if (!node) return;
      if (nodeIdNodes.has(node.id)) {
        this.report(
          'error',
          'import-duplicate-node',
          `node id \`${node.id}\` is used twice in this workflow`,
          item.get('id', true),
          [...nodePath, 'id'],
        );
      }
      nodeIdNodes.set(node.id, item.get('id', true) as Node);
      nodes.push(node);
    });
    this.checkInputs(nodesNode.items, path);
    if (id === undefined) return undefined;
    return {
      id,
      ...(description ? { description } : {}),
      ...(notes ? { notes } : {}),
      nodes,
    };
  }

  private readNode(map: YAMLMap, path: Path): NodeSpec | undefined {
    this.reportUnmappedKeys(map, path, NODE_KEYS);
    const id = this.readString(map, 'id', path, true);
    const modelNode = map.get('model', true);
    let model: NodeSpec['model'] | undefined;
    let params: JsonObject | undefined;
    if (!isMap(modelNode)) {
      this.report(
        'error',
        'import-invalid-value',
        `node${id ? ` \`${id}\`` : ''} needs a \`model:\` mapping with \`model_id\` and \`model_version_id\``,
        modelNode ?? map,
        [...path, 'model'],
      );
    } else {
      ({ model, params } = this.readModel(modelNode, [...path, 'model'], id));
    }
    const inputs = this.readInputs(map, path);
    const suppress = map.get('suppress_output', true);
    let suppressOutput: boolean | undefined;
    if (suppress !== undefined) {
      if (isScalar(suppress) && typeof suppress.value === 'boolean')
        suppressOutput = suppress.value;
      else
        this.report(
          'error',
          'import-invalid-value',
          '`suppress_output` must be true or false',
          suppress as Node,
          [...path, 'suppress_output'],
        );
    }
    if (id === undefined || model === undefined) return undefined;
    return {
      id,
      model,
      inputs,
      ...(suppressOutput ? { suppress_output: true } : {}),
      ...(params && Object.keys(params).length > 0 ? { params } : {}),
    };
  }

  private readModel(
    map: YAMLMap,
    path: Path,
    nodeId: string | undefined,
  ): { model?: NodeSpec['model']; params?: JsonObject } {
    this.reportUnmappedKeys(map, path, MODEL_KEYS);
    const id = this.readString(map, 'model_id', path, true);
    const version = this.readString(map, 'model_version_id', path, false);
    const userId = this.readString(map, 'user_id', path, false);
    const appId = this.readString(map, 'app_id', path, false);
    const creationKeys = MODEL_CREATION_KEYS.filter((k) => map.has(k));
    const params = this.readParams(map, path);

    if (version === undefined) {
      const createNote = creationKeys.length
        ? ` (with ${creationKeys.map((k) => `\`${k}\``).join(' and ')} the SDK would create this model; vtr-wf only references existing model versions — create it first)`
        : ' (the SDK would use the latest version at the time it runs)';
      this.report(
        'error',
        'import-unpinned-version',
        `node${nodeId ? ` \`${nodeId}\`` : ''} has no \`model_version_id\`: a spec must pin a model version${createNote}`,
        map,
        path,
        id ? `add \`model_version_id: "<version id>"\` to model \`${id}\`` : undefined,
      );
    } else {
      for (const key of creationKeys) {
        this.report(
          'warning',
          'import-dropped-field',
          `\`${key}\` describes the model itself, which vtr-wf references by version and does not create: dropped`,
          map.get(key, true) as Node,
          [...path, key],
        );
      }
    }
    if (id === undefined || version === undefined) return { params };
    const concrete = {
      id,
      // The SDK lower-cases version ids (its hex id validator); so do we.
      version: version.toLowerCase(),
      ...(userId !== undefined ? { user_id: userId } : {}),
      ...(appId !== undefined ? { app_id: appId } : {}),
    };
    const alias = findCatalogAlias(this.catalog, concrete);
    return { model: alias ?? concrete, params };
  }

  /** `output_info.params` becomes the node's params (output_info_override.params). */
  private readParams(model: YAMLMap, modelPath: Path): JsonObject | undefined {
    const outputInfo = model.get('output_info', true);
    if (outputInfo === undefined) return undefined;
    const path = [...modelPath, 'output_info'];
    if (!isMap(outputInfo)) {
      this.report(
        'error',
        'import-invalid-value',
        '`output_info` must be a mapping (with `params`)',
        outputInfo as Node,
        path,
      );
      return undefined;
    }
    this.reportUnmappedKeys(outputInfo, path, OUTPUT_INFO_KEYS);
    const paramsNode = outputInfo.get('params', true);
    if (paramsNode === undefined) return undefined;
    let value: unknown;
    try {
      value = (paramsNode as Node).toJS(this.doc, { maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // yaml's own bound on alias expansion (an alias bomb): a diagnostic, not a crash.
      this.report(
        'error',
        'import-invalid-value',
        `\`output_info.params\` cannot be read: ${(e as Error).message}`,
        paramsNode as Node,
        [...path, 'params'],
      );
      return undefined;
    }
    if (!isJsonObject(value) || !isPlainJson(value)) {
      this.report(
        'error',
        'import-invalid-value',
        '`output_info.params` must be a mapping of plain JSON values',
        paramsNode as Node,
        [...path, 'params'],
      );
      return undefined;
    }
    return value;
  }

  private readInputs(node: YAMLMap, nodePath: Path): string[] {
    const inputsNode = node.get('node_inputs', true);
    if (inputsNode === undefined || (isScalar(inputsNode) && inputsNode.value === null)) return [];
    const path = [...nodePath, 'node_inputs'];
    if (!isSeq(inputsNode)) {
      this.report(
        'error',
        'import-invalid-value',
        '`node_inputs` must be a list of `{node_id: …}`',
        inputsNode as Node,
        path,
      );
      return [];
    }
    const inputs: string[] = [];
    inputsNode.items.forEach((item, i) => {
      if (!isMap(item)) {
        this.report(
          'error',
          'import-invalid-value',
          'a node input must be a mapping `{node_id: …}`',
          item as Node,
          [...path, i],
        );
        return;
      }
      this.reportUnmappedKeys(item, [...path, i], NODE_INPUT_KEYS);
      const id = this.readString(item, 'node_id', [...path, i], true);
      if (id !== undefined) inputs.push(id);
    });
    return inputs;
  }

  /** Every input must name a node of the workflow; the SDK's declared-earlier order is not required. */
  private checkInputs(items: unknown[], workflowPath: Path): void {
    // Every declared node id counts, also of nodes with problems of their own.
    const ids = new Set<string>();
    for (const item of items) {
      const id = isMap(item) ? item.get('id', true) : undefined;
      if (isScalar(id) && id.value !== null) ids.add(scalarText(id));
    }
    items.forEach((item, i) => {
      if (!isMap(item)) return;
      const inputs = item.get('node_inputs', true);
      if (!isSeq(inputs)) return;
      inputs.items.forEach((input, j) => {
        if (!isMap(input)) return;
        const idNode = input.get('node_id', true);
        const id = isScalar(idNode) ? scalarText(idNode) : undefined;
        if (id === undefined || ids.has(id)) return;
        const suggestion = nearest(id, ids);
        this.report(
          'error',
          'import-unknown-input',
          `node input \`${id}\` names no node of this workflow`,
          idNode as Node,
          [...workflowPath, 'nodes', i, 'node_inputs', j, 'node_id'],
          suggestion ? `did you mean \`${suggestion}\`?` : undefined,
        );
      });
    });
  }

  /**
   * An id-like string. A value YAML reads as a number or boolean (an unquoted
   * all-digit version, say) is taken as the text the user wrote, with a warning:
   * the spec written out quotes it.
   */
  private readString(map: YAMLMap, key: string, path: Path, required: boolean): string | undefined {
    const node = map.get(key, true);
    const keyPath = [...path, key];
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (required)
        this.report(
          'error',
          'import-missing-field',
          `\`${key}\` is required here`,
          (node as Node | undefined) ?? map,
          node ? keyPath : path,
        );
      return undefined;
    }
    if (!isScalar(node)) {
      this.report(
        'error',
        'import-invalid-value',
        `\`${key}\` must be a string`,
        node as Node,
        keyPath,
      );
      return undefined;
    }
    if (typeof node.value === 'string') return node.value;
    const text = scalarText(node);
    this.report(
      'warning',
      'import-not-a-string',
      `\`${key}\` reads as a ${typeof node.value} in YAML; imported as the string "${text}" (quote it in the source)`,
      node,
      keyPath,
    );
    return text;
  }

  private reportUnmappedKeys(map: YAMLMap, path: Path, known: readonly string[]): void {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (known.includes(key)) continue;
      const suggestion = nearest(key, known);
      // An unknown key is an error: dropping it (say a misspelt `node_input`) would change meaning.
      this.report(
        'error',
        'import-unmapped-field',
        `unknown key \`${key}\`${suggestion ? '' : ': it has no equivalent in a vtr-wf spec'}`,
        pair.key as Node,
        [...path, key],
        suggestion ? `did you mean \`${suggestion}\`?` : undefined,
      );
    }
  }

  private report(
    severity: Severity,
    code: string,
    message: string,
    node: Node | null | undefined,
    path: Path,
    suggestion?: string,
  ): void {
    this.diagnostics.push({
      code,
      severity,
      message,
      file: this.file,
      ...spanOf(node, this.lineCounter),
      pointer: pointerOf(path),
      document: this.documentIndex,
      ...(suggestion ? { suggestion } : {}),
    });
  }
}

/** What the user typed for a scalar (`0123`, not 123). */
function scalarText(node: { value: unknown; source?: string }): string {
  return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
}

/** Plain JSON data; an alias that contains itself (a cycle) is not. */
function isPlainJson(value: unknown, inside: Set<unknown> = new Set()): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (inside.has(value)) return false;
  inside.add(value);
  const plain = Array.isArray(value)
    ? value.every((v) => isPlainJson(v, inside))
    : isJsonObject(value) && Object.values(value).every((v) => isPlainJson(v, inside));
  inside.delete(value);
  return plain;
}
