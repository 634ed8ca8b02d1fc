/**
 * The Clarifai Python SDK's workflow YAML → vtr-wf specs. Pure: text in,
 * specs and positioned diagnostics out.
 *
 * The SDK format (clarifai/workflows/validate.py; the Node SDK's
 * src/workflows/validate.ts spells the same keys in camelCase — `modelId`,
 * `nodeInputs` — see sdk-dialect.ts):
 *   workflow:
 *     id: …
 *     nodes:
 *       - id: …
 *         model: { model_id, model_version_id?, user_id?, app_id?, model_type_id?,
 *                  description?, output_info: { params } }
 *         node_inputs: [ { node_id } ]
 *
 * It is walked as a YAML AST (not plain data) so every problem points at the
 * line and column it came from — also the problems `validate` would find in
 * the spec it becomes (checked here, placed back in the SDK file).
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { Diagnostic, Severity } from '../diagnostic.js';
import { sortDiagnostics } from '../diagnostic.js';
import type { JsonObject, JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import type { ConceptSpec, ModelRef, NodeSpec, WorkflowSpec } from '../spec/types.js';
import { findCatalogAlias } from '../export/catalog-match.js';
import { MAX_ALIAS_COUNT } from '../spec/limits.js';
import { MAX_ID_LENGTH } from '../model/clarifai-ids.js';
import { isValidWorkflowId } from '../spec/rules/ids.js';
import { nearest } from '../spec/suggest.js';
import { unplacedAt } from '../spec/positions.js';
import { pointerOf } from '../json-pointer.js';
import { checkShape } from '../spec/shape.js';
import { checkSpec } from '../spec/validate.js';
import type { Config } from '../spec/types.js';
import { detectDialect, type Dialect } from './sdk-dialect.js';
import { spanOf, type Span } from './yaml-positions.js';

export interface ImportedWorkflow {
  spec: WorkflowSpec;
  /** 0-based document index in the SDK file. */
  document: number;
  /** Where the workflow's id is written (for problems across files, such as a duplicate id). */
  idAt: Span & { pointer: string };
}

/** A model a node names without a version: what `--resolve-latest` looks up. */
export interface UnpinnedModel {
  id: string;
  user_id?: string;
  app_id?: string;
}

/** A version `--resolve-latest` chose, for the per-node report. */
export interface ChosenVersion {
  workflow: string;
  node: string;
  model: string;
  version: string;
  file: string;
  line: number;
  column: number;
}

export interface ImportResult {
  /** One per SDK document that converted without errors. */
  workflows: ImportedWorkflow[];
  diagnostics: Diagnostic[];
  /** Every model some node names without a version (whether or not it was resolved). */
  unpinned: UnpinnedModel[];
  /** Versions taken from `latest`, one per node it pinned. */
  chosen: ChosenVersion[];
  dialect: Dialect['name'];
}

export interface ImportOptions {
  /**
   * The config's catalog; nodes whose model id and version match an entry
   * become that alias, the rest inline models. Empty: all inline.
   */
  catalog?: Readonly<Record<string, ModelRef>>;
  /**
   * The project's config: the spec each document becomes is checked with
   * validate's rules (catalogKnown: aliases checked against it). Without one,
   * the checks that need no catalog still run.
   */
  config?: Config;
  /**
   * `--resolve-latest`: the newest version of each unpinned model (key:
   * unpinnedKey), null when the environment has none. Absent: unpinned
   * models are refused.
   */
  latest?: ReadonlyMap<string, string | null>;
  /** Where `latest` was read, for messages ("in `local`"). */
  latestFrom?: string;
}

/** One key per (owner, model): what `latest` is keyed by. */
export function unpinnedKey(model: UnpinnedModel): string {
  return `${model.user_id ?? ''}/${model.app_id ?? ''}/${model.id}`;
}

// Key names are the Python SDK's; a Node SDK file's are its camelCase twins (Dialect.key).
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
const OUTPUT_INFO_KEYS = ['params', 'data', 'output_config'];
const OUTPUT_DATA_KEYS = ['concepts'];
const NODE_INPUT_KEYS = ['node_id'];
/** Keys of a vtr-wf spec's inline model: "this is already a spec" when `import` is given one. */
const SPEC_MODEL_KEYS = ['id', 'version'];

type Path = (string | number)[];

/**
 * @param file the path diagnostics name (relative to the working directory)
 */
export function sdkYamlToSpecs(
  text: string,
  file: string,
  options: ImportOptions = {},
): ImportResult {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  const documents = Array.isArray(parsed) ? parsed : [];
  const diagnostics: Diagnostic[] = [];
  const workflows: ImportedWorkflow[] = [];
  const unpinned = new Map<string, UnpinnedModel>();
  const chosen: ChosenVersion[] = [];
  const { dialect, mixed } = detectDialect(documents);

  if (mixed) {
    // One spelling per file: a file that mixes them is a merge of two sources,
    // and guessing which key meant what could silently change the workflow.
    diagnostics.push({
      code: 'import-mixed-dialect',
      severity: 'error',
      message: `this file mixes ${dialect.label} (most of it) with ${mixed.minority.label}: \`${mixed.key}\` here`,
      file,
      ...spanOf(mixed.node, lineCounter),
      pointer: pointerOf(mixed.path),
      document: mixed.document,
      suggestion: `write every key in one dialect: \`${dialect.key(canonicalKey(mixed.key))}\``,
    });
    return { workflows, diagnostics, unpinned: [], chosen, dialect: dialect.name };
  }

  documents.forEach((doc, index) => {
    const reader = new SdkReader(doc, index, file, lineCounter, dialect, options);
    const read = reader.read();
    for (const model of reader.unpinned) unpinned.set(unpinnedKey(model), model);
    if (read && !reader.diagnostics.some((d) => d.severity === 'error')) {
      // The spec as `validate` would see it: its problems stop the import too,
      // placed in this file (not in a spec nobody has written yet).
      reader.checkAsSpec(read);
    }
    diagnostics.push(...reader.diagnostics);
    if (read && !reader.diagnostics.some((d) => d.severity === 'error')) {
      workflows.push({ spec: read.spec, document: index, idAt: read.idAt });
      chosen.push(...reader.chosen);
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
  return {
    workflows,
    diagnostics: sortDiagnostics(diagnostics),
    unpinned: [...unpinned.values()],
    chosen,
    dialect: dialect.name,
  };
}

/** The Python name of a key of either dialect (`modelId` → `model_id`). */
function canonicalKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** What a model's `output_info` says about the node's output_info_override. */
interface OutputInfo {
  params?: JsonObject;
  concepts?: ConceptSpec[];
  output_config?: JsonObject;
}

interface ReadWorkflow {
  spec: WorkflowSpec;
  idAt: Span & { pointer: string };
  /** Spec pointer → the SDK path it came from, to place validate's problems. */
  sources: Map<string, Path>;
  /** The SDK path of the workflow mapping. */
  root: Path;
}

/** Reads one YAML document of an SDK file, collecting diagnostics as it goes. */
class SdkReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly unpinned: UnpinnedModel[] = [];
  readonly chosen: ChosenVersion[] = [];
  private readonly sources = new Map<string, Path>();
  private workflowId: string | undefined;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly documentIndex: number,
    private readonly file: string,
    private readonly lineCounter: LineCounter,
    private readonly dialect: Dialect,
    private readonly options: ImportOptions,
  ) {}

  /** The dialect's spelling of a key (the Python name in, `modelId` out for a Node SDK file). */
  private k(key: string): string {
    return this.dialect.key(key);
  }

  private keys(keys: readonly string[]): string[] {
    return keys.map((key) => this.k(key));
  }

  read(): ReadWorkflow | undefined {
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
      if (this.looksLikeSpec(root)) return undefined;
      return this.readWorkflow(root, []);
    }
    if (!isMap(root) || !root.has('workflow')) {
      this.reportNotSdk(root);
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

  /**
   * Not an SDK workflow: point at what makes it not one — the first key
   * neither form has (a mapping), or the value itself (a list, a scalar) —
   * rather than at the start of the file.
   */
  private reportNotSdk(root: Node): void {
    const message =
      'expected a mapping with a `workflow:` key, or `id` and `nodes` (a Clarifai SDK workflow)';
    if (!isMap(root)) {
      this.report(
        'error',
        'import-not-sdk-workflow',
        `${message}, not a ${kindOf(root)}`,
        root,
        [],
      );
      return;
    }
    const known = [...ROOT_KEYS, ...WORKFLOW_KEYS];
    const stranger = root.items.find(
      (pair) => !(isScalar(pair.key) && known.includes(String(pair.key.value))),
    );
    if (stranger) {
      const key = isScalar(stranger.key) ? String(stranger.key.value) : String(stranger.key);
      const suggestion = nearest(key, known);
      this.report(
        'error',
        'import-not-sdk-workflow',
        `${message}: \`${key}\` is not a key of one`,
        stranger.key as Node,
        [key],
        suggestion ? `did you mean \`${suggestion}\`?` : undefined,
      );
      return;
    }
    // Only workflow keys, but `id` or `nodes` is missing: point at the mapping, name the gap.
    const missing = ['id', 'nodes'].filter((key) => !root.has(key));
    this.report(
      'error',
      'import-not-sdk-workflow',
      `${message}: \`${missing.join('` and `')}\` missing`,
      root,
      [],
    );
  }

  /**
   * A vtr-wf spec handed to import: say so at its model (an alias, or an
   * inline `{id, version}`), not "unknown key `inputs`". Only the model decides:
   * an SDK file with a misspelt key is still an SDK file.
   */
  private looksLikeSpec(root: YAMLMap): boolean {
    const nodes = root.get('nodes', true);
    if (!isSeq(nodes)) return false;
    for (const [i, item] of nodes.items.entries()) {
      if (!isMap(item)) continue;
      const model = item.get('model', true);
      const alias = isScalar(model) && typeof model.value === 'string';
      const inline =
        isMap(model) && SPEC_MODEL_KEYS.some((k) => model.has(k)) && !model.has(this.k('model_id'));
      if (!alias && !inline) continue;
      this.report(
        'error',
        'import-not-sdk-workflow',
        'this is already a vtr-wf spec (its model is an alias or `{id, version}`), not a Clarifai SDK workflow: no import needed',
        model as Node,
        ['nodes', i, 'model'],
        'copy it into your workflows folder and run `vtr-wf validate`',
      );
      return true;
    }
    return false;
  }

  private readWorkflow(map: YAMLMap, path: Path): ReadWorkflow | undefined {
    this.reportUnmappedKeys(map, path, WORKFLOW_KEYS);
    const id = this.readString(map, 'id', path, true);
    this.workflowId = id;
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
    this.sources.set('', path);
    this.sources.set('/id', [...path, 'id']);
    this.sources.set('/description', [...path, 'description']);
    this.sources.set('/notes', [...path, 'notes']);
    this.sources.set('/nodes', [...path, 'nodes']);
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
      const node = this.readNode(item, nodePath, nodes.length);
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
    const idPath = [...path, 'id'];
    return {
      spec: {
        id,
        ...(description ? { description } : {}),
        ...(notes ? { notes } : {}),
        nodes,
      },
      idAt: {
        ...spanOf(map.get('id', true) as Node, this.lineCounter),
        pointer: pointerOf(idPath),
      },
      sources: this.sources,
      root: path,
    };
  }

  /** @param index the node's index in the spec (equal to the SDK's when nothing was skipped). */
  private readNode(map: YAMLMap, path: Path, index: number): NodeSpec | undefined {
    this.reportUnmappedKeys(map, path, NODE_KEYS);
    const id = this.readString(map, 'id', path, true);
    const modelNode = map.get('model', true);
    let model: NodeSpec['model'] | undefined;
    let output: OutputInfo = {};
    if (!isMap(modelNode)) {
      this.report(
        'error',
        'import-invalid-value',
        `node${id ? ` \`${id}\`` : ''} needs a \`model:\` mapping with \`${this.k('model_id')}\` and \`${this.k('model_version_id')}\``,
        modelNode ?? map,
        [...path, 'model'],
      );
    } else {
      ({ model, output } = this.readModel(modelNode, [...path, 'model'], id));
    }
    const inputs = this.readInputs(map, path);
    const suppressKey = this.k('suppress_output');
    const suppress = map.get(suppressKey, true);
    let suppressOutput: boolean | undefined;
    if (suppress !== undefined) {
      if (isScalar(suppress) && typeof suppress.value === 'boolean')
        suppressOutput = suppress.value;
      else
        this.report(
          'error',
          'import-invalid-value',
          `\`${suppressKey}\` must be true or false`,
          suppress as Node,
          [...path, suppressKey],
        );
    }
    const at = `/nodes/${index}`;
    this.sources.set(at, path);
    this.sources.set(`${at}/id`, [...path, 'id']);
    this.sources.set(`${at}/model`, [...path, 'model']);
    this.sources.set(`${at}/inputs`, [...path, this.k('node_inputs')]);
    inputs.forEach((_, j) =>
      this.sources.set(`${at}/inputs/${j}`, [...path, this.k('node_inputs'), j, this.k('node_id')]),
    );
    this.sources.set(`${at}/suppress_output`, [...path, suppressKey]);
    const outputInfoPath = [...path, 'model', this.k('output_info')];
    this.sources.set(`${at}/params`, [...outputInfoPath, 'params']);
    this.sources.set(`${at}/concepts`, [...outputInfoPath, 'data', 'concepts']);
    output.concepts?.forEach((_, j) =>
      this.sources.set(`${at}/concepts/${j}`, [...outputInfoPath, 'data', 'concepts', j]),
    );
    this.sources.set(`${at}/output_config`, [...outputInfoPath, this.k('output_config')]);
    if (id === undefined || model === undefined) return undefined;
    const { params, concepts, output_config } = output;
    return {
      id,
      model,
      inputs,
      ...(suppressOutput ? { suppress_output: true } : {}),
      ...(params && Object.keys(params).length > 0 ? { params } : {}),
      ...(concepts ? { concepts } : {}),
      ...(output_config ? { output_config } : {}),
    };
  }

  private readModel(
    map: YAMLMap,
    path: Path,
    nodeId: string | undefined,
  ): { model?: NodeSpec['model']; output: OutputInfo } {
    this.reportUnmappedKeys(map, path, MODEL_KEYS);
    const versionKey = this.k('model_version_id');
    const outputInfoKey = this.k('output_info');
    const id = this.readString(map, 'model_id', path, true);
    let version = this.readString(map, 'model_version_id', path, false);
    const userId = this.readString(map, 'user_id', path, false);
    const appId = this.readString(map, 'app_id', path, false);
    const creationKeys = MODEL_CREATION_KEYS.map((k) => this.k(k)).filter((k) => map.has(k));
    const node = nodeId ? ` \`${nodeId}\`` : '';

    if (version !== undefined && map.has(outputInfoKey)) {
      // The SDK refuses this pair (a version is fixed; output_info would make a
      // new one). Turning it into node params would run something the SDK never would.
      this.report(
        'error',
        'import-version-with-output-info',
        `node${node} sets both \`${versionKey}\` and \`${outputInfoKey}\`, which the Clarifai SDK refuses (a pinned version cannot take new output info)`,
        keyNode(map, outputInfoKey),
        [...path, outputInfoKey],
        `remove \`${outputInfoKey}\` (set the node's \`params\` in the imported spec instead), or remove \`${versionKey}\``,
      );
      return { output: {} };
    }
    const output = this.readOutputInfo(map, path);
    const owner = {
      ...(userId !== undefined ? { user_id: userId } : {}),
      ...(appId !== undefined ? { app_id: appId } : {}),
    };

    if (version === undefined) {
      if (id !== undefined) this.unpinned.push({ id, ...owner });
      version = this.resolveLatest(map, path, nodeId, id, owner, creationKeys);
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
    if (id === undefined || version === undefined) return { output };
    const concrete = {
      id,
      // The SDK lower-cases version ids (its hex id validator); so do we.
      version: version.toLowerCase(),
      ...owner,
    };
    const alias = importAlias(this.options.catalog ?? {}, concrete);
    return { model: alias ?? concrete, output };
  }

  /**
   * A node without a version: refused, or (with `latest`) pinned to the
   * newest version the environment has. A model only the SDK's creation
   * fields describe and the environment lacks stays refused.
   */
  private resolveLatest(
    map: YAMLMap,
    path: Path,
    nodeId: string | undefined,
    id: string | undefined,
    owner: { user_id?: string; app_id?: string },
    creationKeys: string[],
  ): string | undefined {
    const node = nodeId ? ` \`${nodeId}\`` : '';
    const versionKey = this.k('model_version_id');
    const createNote = creationKeys.length
      ? ` (with ${creationKeys.map((k) => `\`${k}\``).join(' and ')} the SDK would create this model; vtr-wf only references existing model versions — create it first)`
      : ' (the SDK would use the latest version at the time it runs)';
    const latest = this.options.latest;
    if (!latest || id === undefined) {
      this.report(
        'error',
        'import-unpinned-version',
        `node${node} has no \`${versionKey}\`: a spec must pin a model version${createNote}`,
        map,
        path,
        id
          ? `add \`${versionKey}: "<version id>"\` to model \`${id}\`, or import with \`--resolve-latest -e ENV\` to pin its latest version`
          : undefined,
      );
      return undefined;
    }
    const found = latest.get(unpinnedKey({ id, ...owner }));
    if (!found) {
      const where = this.options.latestFrom ? ` in \`${this.options.latestFrom}\`` : '';
      this.report(
        'error',
        'import-unresolved-version',
        `node${node} has no \`${versionKey}\`, and model \`${id}\`${owner.user_id ? ` of ${owner.user_id}/${owner.app_id ?? ''}` : ''} has no trained version${where} to pin${creationKeys.length ? createNote : ''}`,
        map,
        path,
        `add \`${versionKey}: "<version id>"\` to model \`${id}\``,
      );
      return undefined;
    }
    for (const key of creationKeys) {
      this.report(
        'warning',
        'import-dropped-field',
        `\`${key}\` describes the model itself; the model exists, so its latest version is used and \`${key}\` is dropped`,
        map.get(key, true) as Node,
        [...path, key],
      );
    }
    const span = spanOf(map, this.lineCounter);
    this.chosen.push({
      workflow: this.workflowId ?? '',
      node: nodeId ?? '',
      model: id,
      version: found,
      file: this.file,
      line: span.line,
      column: span.column,
    });
    return found;
  }

  /**
   * `output_info` becomes the node's output_info_override: `params` → `params`,
   * `data.concepts` → `concepts`, `output_config` → `output_config` (each
   * verbatim; validate's schema then checks them, placed here).
   */
  private readOutputInfo(model: YAMLMap, modelPath: Path): OutputInfo {
    const outputInfoKey = this.k('output_info');
    const outputInfo = model.get(outputInfoKey, true);
    if (outputInfo === undefined) return {};
    const path = [...modelPath, outputInfoKey];
    if (!isMap(outputInfo)) {
      this.report(
        'error',
        'import-invalid-value',
        `\`${outputInfoKey}\` must be a mapping (with \`params\`)`,
        outputInfo as Node,
        path,
      );
      return {};
    }
    this.reportUnmappedKeys(outputInfo, path, OUTPUT_INFO_KEYS);
    const configKey = this.k('output_config');
    const params = this.readJsonObject(outputInfo, 'params', path, outputInfoKey);
    const outputConfig = this.readJsonObject(outputInfo, configKey, path, outputInfoKey);
    const concepts = this.readConcepts(outputInfo, path, outputInfoKey);
    return {
      ...(params ? { params } : {}),
      ...(concepts ? { concepts } : {}),
      ...(outputConfig ? { output_config: outputConfig } : {}),
    };
  }

  /** `data: { concepts: [{id, value}] }`; a concept's `name` says nothing the override keeps. */
  private readConcepts(
    outputInfo: YAMLMap,
    path: Path,
    outputInfoKey: string,
  ): ConceptSpec[] | undefined {
    const data = outputInfo.get('data', true);
    if (data === undefined) return undefined;
    const dataPath = [...path, 'data'];
    if (!isMap(data)) {
      this.report(
        'error',
        'import-invalid-value',
        `\`${outputInfoKey}.data\` must be a mapping (with \`concepts\`)`,
        data as Node,
        dataPath,
      );
      return undefined;
    }
    this.reportUnmappedKeys(data, dataPath, OUTPUT_DATA_KEYS);
    const list = data.get('concepts', true);
    if (list === undefined) return undefined;
    if (!isSeq(list)) {
      this.report(
        'error',
        'import-invalid-value',
        `\`${outputInfoKey}.data.concepts\` must be a list of \`{id, value}\``,
        list as Node,
        [...dataPath, 'concepts'],
      );
      return undefined;
    }
    const concepts: ConceptSpec[] = [];
    list.items.forEach((item, j) => {
      const itemPath = [...dataPath, 'concepts', j];
      const value = isMap(item) ? this.toJson(item as Node, itemPath, 'a concept') : undefined;
      if (!isJsonObject(value)) {
        if (value !== undefined || !isMap(item))
          this.report(
            'error',
            'import-invalid-value',
            'a concept must be a mapping `{id, value}`',
            item as Node,
            itemPath,
          );
        return;
      }
      if (isMap(item) && item.has('name'))
        this.report(
          'warning',
          'import-dropped-field',
          "a concept's `name` is not part of a node's output override: dropped (its `id` is what counts)",
          keyNode(item, 'name'),
          [...itemPath, 'name'],
        );
      const { name: _name, ...rest } = value;
      // id and value as written; a missing or wrong one is validate's schema error, placed here.
      concepts.push(rest as unknown as ConceptSpec);
    });
    return concepts;
  }

  private readJsonObject(
    map: YAMLMap,
    key: string,
    path: Path,
    parentKey: string,
  ): JsonObject | undefined {
    const node = map.get(key, true);
    if (node === undefined) return undefined;
    const value = this.toJson(node as Node, [...path, key], `\`${parentKey}.${key}\``);
    if (value === undefined) return undefined;
    if (!isJsonObject(value)) {
      this.report(
        'error',
        'import-invalid-value',
        `\`${parentKey}.${key}\` must be a mapping of plain JSON values`,
        node as Node,
        [...path, key],
      );
      return undefined;
    }
    return value;
  }

  /** A YAML value as plain JSON; undefined (reported) when it is not plain data. */
  private toJson(node: Node, path: Path, what: string): JsonValue | undefined {
    let value: unknown;
    try {
      value = node.toJS(this.doc, { maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // yaml's own bound on alias expansion (an alias bomb): a diagnostic, not a crash.
      this.report(
        'error',
        'import-invalid-value',
        `${what} cannot be read: ${(e as Error).message}`,
        node,
        path,
      );
      return undefined;
    }
    if (!isPlainJson(value)) {
      this.report('error', 'import-invalid-value', `${what} must be plain JSON values`, node, path);
      return undefined;
    }
    return value;
  }

  private readInputs(node: YAMLMap, nodePath: Path): string[] {
    const inputsKey = this.k('node_inputs');
    const nodeIdKey = this.k('node_id');
    const inputsNode = node.get(inputsKey, true);
    if (inputsNode === undefined || (isScalar(inputsNode) && inputsNode.value === null)) return [];
    const path = [...nodePath, inputsKey];
    if (!isSeq(inputsNode)) {
      this.report(
        'error',
        'import-invalid-value',
        `\`${inputsKey}\` must be a list of \`{${nodeIdKey}: …}\``,
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
          `a node input must be a mapping \`{${nodeIdKey}: …}\``,
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
    const inputsKey = this.k('node_inputs');
    const nodeIdKey = this.k('node_id');
    // Every declared node id counts, also of nodes with problems of their own.
    const ids = new Set<string>();
    for (const item of items) {
      const id = isMap(item) ? item.get('id', true) : undefined;
      if (isScalar(id) && id.value !== null) ids.add(scalarText(id));
    }
    items.forEach((item, i) => {
      if (!isMap(item)) return;
      const inputs = item.get(inputsKey, true);
      if (!isSeq(inputs)) return;
      inputs.items.forEach((input, j) => {
        if (!isMap(input)) return;
        const idNode = input.get(nodeIdKey, true);
        const id = isScalar(idNode) ? scalarText(idNode) : undefined;
        if (id === undefined || ids.has(id)) return;
        const suggestion = nearest(id, ids);
        this.report(
          'error',
          'import-unknown-input',
          `node input \`${id}\` names no node of this workflow`,
          idNode as Node,
          [...workflowPath, 'nodes', i, inputsKey, j, nodeIdKey],
          suggestion ? `did you mean \`${suggestion}\`?` : undefined,
        );
      });
    });
  }

  /**
   * validate's own checks (schema and rules: graph, ids, node count, roles…)
   * over the spec this document becomes, each placed at the SDK key it came
   * from — the nearest one a pointer reaches.
   */
  checkAsSpec(read: ReadWorkflow): void {
    const config = this.options.config ?? EMPTY_CONFIG;
    const problems = [
      ...checkShape('workflow', read.spec as unknown as JsonValue),
      ...checkSpec(read.spec, config, this.options.config !== undefined),
    ];
    for (const problem of problems) {
      const path = this.sourceOf(problem.pointer, read);
      const node = this.doc.getIn(path, true) as Node | undefined;
      this.report(
        problem.severity,
        problem.code,
        problem.message,
        node ?? (this.doc.getIn(read.root, true) as Node | undefined) ?? this.doc.contents,
        path,
        problem.suggestion,
      );
    }
  }

  /**
   * The SDK path a spec pointer came from: the longest mapped prefix, plus
   * the rest of the pointer where the SDK file has it (inside verbatim
   * values such as `output_config` both spell keys alike).
   */
  private sourceOf(pointer: string, read: ReadWorkflow): Path {
    const segments = pointer.split('/');
    for (let n = segments.length; n > 0; n--) {
      const found = read.sources.get(segments.slice(0, n).join('/'));
      if (!found || !this.doc.hasIn(found)) continue;
      const rest = segments
        .slice(n)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const deeper = [...found, ...rest];
      return rest.length > 0 && this.doc.hasIn(deeper) ? deeper : found;
    }
    return read.root;
  }

  /**
   * An id-like string. A value YAML reads as a number or boolean (an unquoted
   * all-digit version, say) is taken as the text the user wrote, with a warning:
   * the spec written out quotes it.
   */
  private readString(
    map: YAMLMap,
    canonical: string,
    path: Path,
    required: boolean,
  ): string | undefined {
    const key = this.k(canonical);
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

  private reportUnmappedKeys(map: YAMLMap, path: Path, canonical: readonly string[]): void {
    const known = this.keys(canonical);
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

/** A config with no catalog and no environments: validate's rules that need none. */
const EMPTY_CONFIG: Config = {
  file: 'vtr-wf.yaml',
  dir: '',
  project: 'default',
  workflows: '',
  models: {},
  environments: {},
};

/**
 * The catalog alias for an imported model — only where it keeps what the
 * source says: a source that names the owner (`user_id: clarifai, app_id:
 * main`) maps only to an entry naming the same owner, never to an ownerless
 * one (which would drop the owner from the spec).
 */
function importAlias(
  catalog: Readonly<Record<string, ModelRef>>,
  model: { id: string; version: string; user_id?: string; app_id?: string },
): string | undefined {
  const alias = findCatalogAlias(catalog, model);
  if (alias === undefined) return undefined;
  const entry = catalog[alias]!;
  if (model.user_id !== undefined && entry.user_id !== model.user_id) return undefined;
  if (model.app_id !== undefined && entry.app_id !== model.app_id) return undefined;
  return alias;
}

/** The key itself (where a reader looks for it), not its value. */
function keyNode(map: YAMLMap, key: string): Node | undefined {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair?.key as Node | undefined;
}

function kindOf(node: Node | null): string {
  if (isSeq(node)) return 'list';
  if (isScalar(node)) return node.value === null ? 'null value' : `${typeof node.value} value`;
  return 'value';
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
