/**
 * Makes PP-OCRv4's networks cheaper to run without changing what they compute.
 *
 * Their backbone (PP-LCNetV3) has "learnable affine blocks": a scalar
 * `x·s + b` after each convolution and after each activation. paddle2onnx
 * exports each as a Mul and an Add of one-element constants, and hardswish as
 * four operators (Add 3, Clip 0–6, Mul, Div 6: opsets 9 and 11 have no
 * HardSwish). onnxruntime fuses none of it (its Conv+Mul fusion wants
 * per-channel constants, the scalar is the Mul's first input), so every
 * convolution is followed by up to eight passes over its output — measured,
 * a third of the detector's time and a quarter of the recogniser's.
 *
 * Three exact rewrites, on the model's bytes before the session is created:
 * - Conv → Mul s → Add b: folded into the convolution's weights and bias
 *   (W·s, B·s + b).
 * - Add 3 → Clip 0..6 → Mul x → Div 6 (hardswish): HardSigmoid(α 1/6, β ½)
 *   and one Mul, the same function.
 * - Mul s → Add b → a 1×1 Conv without padding: folded into that
 *   convolution (W·s, B + b·ΣW). Not before a padded convolution: its zero
 *   padding would then differ at the borders.
 *
 * Only float rounding changes (outputs differ by ~1e-6). Anything that does
 * not match a pattern exactly (a shared tensor, an extra consumer, other
 * constants) is left as it is. Pure: bytes in, bytes out.
 */
import {
  bytesField,
  bytesOf,
  encoded,
  float32Field,
  stringField,
  stringOf,
  toBytes,
  varintField,
  wireFields,
  type Encoded,
  type WireField,
} from './onnx-wire.js';

/** ONNX field numbers (onnx.proto). */
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_OUTPUT = 12;
const VALUE_INFO_NAME = 1;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
const ATTRIBUTE = { name: 1, f: 2, s: 4, t: 5, ints: 8, type: 20 } as const;
const ATTRIBUTE_TYPE = { float: 1, tensor: 4, graph: 5, graphs: 10 } as const;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9 } as const;
const FLOAT = 1;

export interface FoldCounts {
  /** Conv → Mul → Add folded into the convolution. */
  convAffine: number;
  /** Hardswish as four operators → HardSigmoid + Mul. */
  hardSwish: number;
  /** Mul → Add → 1×1 Conv folded into the convolution. */
  affineConv: number;
}

/** An attribute written by a rewrite (only ever encoded). */
interface NewField {
  field: number;
  raw: Encoded;
}

interface GraphNode {
  inputs: string[];
  outputs: string[];
  name: string;
  op: string;
  domain: string;
  attributes: (WireField | NewField)[];
  /** Fields not modelled here (doc_string…), written back as they were. */
  rest: WireField[];
  /** The node as read; undefined once it is edited (or new). */
  raw: Uint8Array | undefined;
}

/** A float tensor of a Constant node, decoded on first use (most never are). */
class FloatConstant {
  private decoded: Float32Array | undefined;
  constructor(
    readonly dims: number[],
    /** Little-endian float32s. */
    private bytes: Uint8Array,
    readonly node: GraphNode,
  ) {}

  get count(): number {
    return this.bytes.length / 4;
  }

  get data(): Float32Array {
    if (!this.decoded) {
      // A copy: aligned, and the model's bytes stay untouched.
      this.decoded = new Float32Array(this.count);
      new Uint8Array(this.decoded.buffer).set(this.bytes);
    }
    return this.decoded;
  }

  set data(values: Float32Array) {
    this.decoded = values;
    this.bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  }
}

export function foldAffine(model: Uint8Array): { model: Uint8Array; counts: FoldCounts } {
  const modelFields = wireFields(model);
  const graphBytes = bytesOf(modelFields.find((f) => f.field === MODEL_GRAPH));
  const counts: FoldCounts = { convAffine: 0, hardSwish: 0, affineConv: 0 };
  if (!graphBytes) return { model, counts };
  const graphFields = wireFields(graphBytes);
  const nodes = graphFields.filter((f) => f.field === GRAPH_NODE).map((f) => readNode(f));
  // A subgraph (If, Loop, Scan) may read outer names that no node input shows.
  if (nodes.some(hasSubgraph)) return { model, counts };
  const graph = new Graph(nodes, graphOutputs(graphFields));

  counts.convAffine = graph.foldConvAffine();
  counts.hardSwish = graph.fuseHardSwish();
  counts.affineConv = graph.foldAffineConv();
  if (counts.convAffine + counts.hardSwish + counts.affineConv === 0) return { model, counts };
  // The scales and offsets folded away would stay as unused constants, and
  // onnxruntime warns about each one on stderr.
  graph.dropUnusedConstants();

  // The graph's fields in their order, its nodes replaced by the edited list
  // (new constants first: a graph lists its nodes in topological order).
  const parts: (Uint8Array | Encoded)[] = [];
  let nodesWritten = false;
  for (const f of graphFields) {
    if (f.field !== GRAPH_NODE) {
      parts.push(f.raw);
    } else if (!nodesWritten) {
      nodesWritten = true;
      for (const n of [...graph.added, ...nodes]) {
        if (graph.dropped.has(n)) continue;
        parts.push(n.raw ?? bytesField(GRAPH_NODE, writeNode(n)));
      }
    }
  }
  const newGraph = encoded(...parts);
  const out = modelFields.map((f) =>
    f.field === MODEL_GRAPH ? bytesField(MODEL_GRAPH, newGraph) : f.raw,
  );
  return { model: toBytes(encoded(...out)), counts };
}

class Graph {
  readonly dropped = new Set<GraphNode>();
  readonly added: GraphNode[] = [];
  private readonly consumers = new Map<string, GraphNode[]>();
  private readonly constants = new Map<string, FloatConstant>();

  constructor(
    private readonly nodes: GraphNode[],
    /** Names the graph outputs: never folded away. */
    private readonly outputs: ReadonlySet<string>,
  ) {
    for (const n of nodes) {
      for (const i of n.inputs) {
        const list = this.consumers.get(i);
        if (list) list.push(n);
        else this.consumers.set(i, [n]);
      }
      const constant = n.op === 'Constant' && n.domain === '' ? floatConstant(n) : undefined;
      if (constant && n.outputs[0]) this.constants.set(n.outputs[0], constant);
    }
  }

  /** Conv → Mul s → Add b ⇒ Conv(W·s, B·s + b). */
  foldConvAffine(): number {
    let folded = 0;
    for (const conv of this.live('Conv')) {
      const mul = this.onlyConsumer(conv.outputs[0], 'Mul');
      const s = mul && this.scalarOperand(mul, conv.outputs[0]!);
      const add = mul && this.onlyConsumer(mul.outputs[0], 'Add');
      const b = add && this.scalarOperand(add, mul.outputs[0]!);
      if (s === undefined || b === undefined || !add || !mul) continue;
      const wb = this.ownWeights(conv);
      if (!wb) continue;
      this.setConstant(wb.w, affine(wb.w.data, s, 0));
      this.setConstant(wb.b, affine(wb.b.data, s, b));
      conv.outputs = [...add.outputs];
      this.drop(conv, mul, add);
      folded++;
    }
    return folded;
  }

  /** Add 3 → Clip 0..6 → Mul x → Div 6 ⇒ HardSigmoid(1/6, ½) → Mul x. */
  fuseHardSwish(): number {
    let fused = 0;
    for (const add of this.live('Add')) {
      const x = add.inputs[0];
      if (x === undefined || this.scalar(add.inputs[1]) !== 3) continue;
      const clip = this.onlyConsumer(add.outputs[0], 'Clip');
      if (!clip || !this.clipsTo(clip, 0, 6)) continue;
      const mul = this.onlyConsumer(clip.outputs[0], 'Mul');
      if (!mul || this.otherInput(mul, clip.outputs[0]!) !== x) continue;
      const div = this.onlyConsumer(mul.outputs[0], 'Div');
      if (!div || div.inputs[0] !== mul.outputs[0] || this.scalar(div.inputs[1]) !== 6) continue;
      edit(add, {
        op: 'HardSigmoid',
        inputs: [x],
        attributes: [floatAttribute('alpha', 1 / 6), floatAttribute('beta', 0.5)],
      });
      edit(div, { op: 'Mul', inputs: [x, add.outputs[0]!], attributes: [] });
      this.dropped.add(clip);
      this.dropped.add(mul);
      fused++;
    }
    return fused;
  }

  /** Mul s → Add b → Conv 1×1, no padding ⇒ Conv(W·s, B + b·ΣW). */
  foldAffineConv(): number {
    let folded = 0;
    for (const mul of this.live('Mul')) {
      const x = this.constants.has(mul.inputs[0] ?? '') ? mul.inputs[1] : mul.inputs[0];
      if (x === undefined) continue;
      const s = this.scalarOperand(mul, x);
      const add = this.onlyConsumer(mul.outputs[0], 'Add');
      const b = add && this.scalarOperand(add, mul.outputs[0]!);
      const conv = add && this.onlyConsumer(add.outputs[0], 'Conv');
      if (s === undefined || b === undefined || !add || !conv) continue;
      if (conv.inputs[0] !== add.outputs[0] || !unpadded(conv)) continue;
      const wb = this.ownWeights(conv);
      if (!wb || wb.w.dims.length !== 4 || wb.w.dims[2] !== 1 || wb.w.dims[3] !== 1) continue;
      const outChannels = wb.w.dims[0]!;
      const weights = wb.w.data;
      const perOutput = weights.length / outChannels;
      const bias = wb.b.data.slice();
      for (let o = 0; o < outChannels; o++) {
        let sum = 0;
        for (let k = 0; k < perOutput; k++) sum += weights[o * perOutput + k]!;
        bias[o] = bias[o]! + b * sum;
      }
      this.setConstant(wb.w, affine(wb.w.data, s, 0));
      this.setConstant(wb.b, bias);
      edit(conv, { inputs: [x, ...conv.inputs.slice(1)] });
      this.dropped.add(mul);
      this.dropped.add(add);
      folded++;
    }
    return folded;
  }

  /** Drops the constants nothing reads any more (a folded scale, hardswish's 3 and 6). */
  dropUnusedConstants(): void {
    const read = new Set<string>(this.outputs);
    for (const n of this.nodes) if (!this.dropped.has(n)) for (const i of n.inputs) read.add(i);
    for (const n of this.nodes) {
      const [name] = n.outputs;
      if (n.op === 'Constant' && name !== undefined && this.consumers.has(name) && !read.has(name))
        this.dropped.add(n);
    }
  }

  private live(op: string): GraphNode[] {
    return this.nodes.filter((n) => n.op === op && n.domain === '' && !this.dropped.has(n));
  }

  private drop(keep: GraphNode, ...gone: GraphNode[]): void {
    if (keep.raw) edit(keep, {});
    for (const n of gone) this.dropped.add(n);
  }

  /** The one node reading `name` (and nothing else does, the graph included). */
  private onlyConsumer(name: string | undefined, op: string): GraphNode | undefined {
    if (name === undefined || this.outputs.has(name)) return undefined;
    const list = this.consumers.get(name);
    const node = list?.length === 1 ? list[0] : undefined;
    return node && node.op === op && node.domain === '' && !this.dropped.has(node)
      ? node
      : undefined;
  }

  private otherInput(node: GraphNode, name: string): string | undefined {
    if (node.inputs.length !== 2) return undefined;
    return node.inputs[0] === name ? node.inputs[1] : node.inputs[0];
  }

  /** The value of a binary node's one-element constant operand beside `name`. */
  private scalarOperand(node: GraphNode, name: string): number | undefined {
    return this.scalar(this.otherInput(node, name));
  }

  private scalar(name: string | undefined): number | undefined {
    const c = name === undefined ? undefined : this.constants.get(name);
    return c && c.count === 1 ? c.data[0] : undefined;
  }

  private clipsTo(clip: GraphNode, min: number, max: number): boolean {
    // Opset 11+: min and max are inputs; before, attributes.
    const lo = clip.inputs.length > 1 ? this.scalar(clip.inputs[1]) : floatOf(clip, 'min');
    const hi = clip.inputs.length > 2 ? this.scalar(clip.inputs[2]) : floatOf(clip, 'max');
    return lo === min && hi === max;
  }

  /** The convolution's weight and bias constants, read by it alone (a bias is made if absent). */
  private ownWeights(conv: GraphNode): { w: FloatConstant; b: FloatConstant } | undefined {
    const own = (name: string | undefined): FloatConstant | undefined =>
      name !== undefined && this.consumers.get(name)?.length === 1 && !this.outputs.has(name)
        ? this.constants.get(name)
        : undefined;
    const w = own(conv.inputs[1]);
    if (!w || w.dims.length < 3) return undefined;
    const outChannels = w.dims[0]!;
    if (conv.inputs.length > 2 && conv.inputs[2] !== '') {
      const b = own(conv.inputs[2]);
      return b && b.count === outChannels ? { w, b } : undefined;
    }
    const name = `vtr.folded_bias.${this.added.length}`;
    const node: GraphNode = {
      inputs: [],
      outputs: [name],
      name,
      op: 'Constant',
      domain: '',
      attributes: [],
      rest: [],
      raw: undefined,
    };
    const b = new FloatConstant([outChannels], new Uint8Array(4 * outChannels), node);
    this.setConstant(b, b.data);
    this.added.push(node);
    this.constants.set(name, b);
    this.consumers.set(name, [conv]);
    edit(conv, { inputs: [conv.inputs[0]!, conv.inputs[1]!, name] });
    return { w, b };
  }

  private setConstant(c: FloatConstant, data: Float32Array): void {
    c.data = data;
    edit(c.node, { attributes: [tensorAttribute('value', c.dims, data)] });
  }
}

function affine(data: Float32Array, scale: number, offset: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! * scale + offset;
  return out;
}

function readNode(f: WireField): GraphNode {
  const bytes = bytesOf(f) ?? new Uint8Array();
  const node: GraphNode = {
    inputs: [],
    outputs: [],
    name: '',
    op: '',
    domain: '',
    attributes: [],
    rest: [],
    raw: f.raw,
  };
  for (const g of wireFields(bytes)) {
    if (g.field === NODE.input) node.inputs.push(stringOf(g) ?? '');
    else if (g.field === NODE.output) node.outputs.push(stringOf(g) ?? '');
    else if (g.field === NODE.name) node.name = stringOf(g) ?? '';
    else if (g.field === NODE.opType) node.op = stringOf(g) ?? '';
    else if (g.field === NODE.domain) node.domain = stringOf(g) ?? '';
    else if (g.field === NODE.attribute) node.attributes.push(g);
    else node.rest.push(g);
  }
  return node;
}

function writeNode(n: GraphNode): Encoded {
  return encoded(
    ...n.inputs.map((i) => stringField(NODE.input, i)),
    ...n.outputs.map((o) => stringField(NODE.output, o)),
    stringField(NODE.name, n.name),
    stringField(NODE.opType, n.op),
    ...n.attributes.map((a) => a.raw),
    ...(n.domain ? [stringField(NODE.domain, n.domain)] : []),
    ...n.rest.map((r) => r.raw),
  );
}

function edit(
  n: GraphNode,
  change: Partial<Pick<GraphNode, 'op' | 'inputs' | 'attributes'>>,
): void {
  Object.assign(n, change);
  n.raw = undefined;
}

function graphOutputs(graphFields: WireField[]): Set<string> {
  const names = new Set<string>();
  for (const f of graphFields) {
    if (f.field !== GRAPH_OUTPUT) continue;
    const name = stringOf(
      wireFields(bytesOf(f) ?? new Uint8Array()).find((g) => g.field === VALUE_INFO_NAME),
    );
    if (name !== undefined) names.add(name);
  }
  return names;
}

function hasSubgraph(node: GraphNode): boolean {
  return node.attributes.some((a) => {
    if (!('value' in a)) return false;
    const type = wireFields(bytesOf(a) ?? new Uint8Array()).find((f) => f.field === ATTRIBUTE.type);
    return type?.value === ATTRIBUTE_TYPE.graph || type?.value === ATTRIBUTE_TYPE.graphs;
  });
}

/** The attribute's fields when `node` has one called `name`. */
function attribute(node: GraphNode, name: string): WireField[] | undefined {
  for (const a of node.attributes) {
    if (!('value' in a)) continue;
    const fields = wireFields(bytesOf(a) ?? new Uint8Array());
    if (stringOf(fields.find((f) => f.field === ATTRIBUTE.name)) === name) return fields;
  }
  return undefined;
}

function floatOf(node: GraphNode, name: string): number | undefined {
  const b = attribute(node, name)?.find((g) => g.field === ATTRIBUTE.f)?.value;
  return b instanceof Uint8Array && b.length === 4
    ? new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true)
    : undefined;
}

/** No padding: no `pads` other than zeros, no `auto_pad` other than NOTSET or VALID. */
function unpadded(conv: GraphNode): boolean {
  const autoPad = attribute(conv, 'auto_pad')?.find((f) => f.field === ATTRIBUTE.s);
  const mode = stringOf(autoPad);
  if (mode !== undefined && mode !== 'NOTSET' && mode !== 'VALID') return false;
  const pads = attribute(conv, 'pads')?.filter((f) => f.field === ATTRIBUTE.ints) ?? [];
  // Zero varints are single zero bytes, packed or not.
  return pads.every((p) =>
    p.value instanceof Uint8Array ? p.value.every((b) => b === 0) : p.value === 0,
  );
}

/** The float tensor a Constant node holds in its `value` attribute. */
function floatConstant(node: GraphNode): FloatConstant | undefined {
  const value = attribute(node, 'value');
  const tensor = bytesOf(value?.find((f) => f.field === ATTRIBUTE.t));
  if (!tensor || node.attributes.length !== 1) return undefined;
  const fields = wireFields(tensor);
  const dims = fields.filter((f) => f.field === TENSOR.dims).map((f) => f.value);
  const type = fields.find((f) => f.field === TENSOR.dataType)?.value;
  if (type !== FLOAT || !dims.every((d): d is number => typeof d === 'number')) return undefined;
  // Only plain tensors: no external data, segments or other fields to keep.
  const known = new Set<number>([
    TENSOR.dims,
    TENSOR.dataType,
    TENSOR.floatData,
    TENSOR.rawData,
    TENSOR.name,
  ]);
  if (fields.some((f) => !known.has(f.field))) return undefined;
  // raw_data, or float_data packed (the same little-endian bytes).
  const payload =
    bytesOf(fields.find((f) => f.field === TENSOR.rawData)) ??
    bytesOf(fields.find((f) => f.field === TENSOR.floatData));
  const count = dims.reduce((a, b) => a * b, 1);
  if (!payload || payload.length !== count * 4) return undefined;
  return new FloatConstant(dims, payload, node);
}

function tensorAttribute(name: string, dims: number[], data: Float32Array): NewField {
  const tensor = encoded(
    ...dims.map((d) => varintField(TENSOR.dims, d)),
    varintField(TENSOR.dataType, FLOAT),
    bytesField(TENSOR.rawData, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
  );
  return attributeField(
    stringField(ATTRIBUTE.name, name),
    bytesField(ATTRIBUTE.t, tensor),
    varintField(ATTRIBUTE.type, ATTRIBUTE_TYPE.tensor),
  );
}

function floatAttribute(name: string, value: number): NewField {
  return attributeField(
    stringField(ATTRIBUTE.name, name),
    float32Field(ATTRIBUTE.f, value),
    varintField(ATTRIBUTE.type, ATTRIBUTE_TYPE.float),
  );
}

/** A new attribute: only its encoding is ever used (`raw`). */
function attributeField(...parts: (Uint8Array | Encoded)[]): NewField {
  return { field: NODE.attribute, raw: bytesField(NODE.attribute, encoded(...parts)) };
}
