// Bench row: loading vtr-wf's lean Clarifai proto vs the official protos the
// clarifai-nodejs-grpc stub loads (same loader options). Every command that
// talks gRPC pays this once at startup. Each sample is a fresh Node process
// (protobufjs caches nothing across processes); only the load is timed, with
// @grpc/proto-loader already imported in both.
//
// Beside it, the compiled form the client really loads (scripts/build-proto.mjs) vs
// parsing our .proto files.
//
// Standalone: `node bench/rows/proto-load.mjs`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = 7;
const root = fileURLToPath(new URL('../../', import.meta.url));

const OPTIONS = '{ keepCase: true, longs: String, enums: Number, defaults: true, oneofs: true }';

const OURS = `
  const protoLoader = require('@grpc/proto-loader');
  const t = performance.now();
  protoLoader.loadSync('clarifai/api/service.proto', { ...${OPTIONS}, includeDirs: ['proto'] });
  console.log(performance.now() - t);`;

// The stub's file list (node_modules/clarifai-nodejs-grpc/src/index.js).
const OFFICIAL = `
  const protoLoader = require('@grpc/proto-loader');
  const t = performance.now();
  protoLoader.loadSync([
    'proto/clarifai/api/status/status_code.proto',
    'proto/clarifai/api/status/status.proto',
    'proto/clarifai/api/resources.proto',
    'proto/clarifai/api/service_processed.proto',
    'proto/clarifai/api/utils/matrix.proto',
  ], { ...${OPTIONS}, includeDirs: ['node_modules/clarifai-nodejs-grpc', 'node_modules/google-proto-files'] });
  console.log(performance.now() - t);`;

// What the client loads (src/clarifai/proto.ts): the compiled JSON the build makes.
const COMPILED = `
  const { readCompiledProto, packageFromCompiled } = await import('./dist/clarifai/proto.js');
  const t = performance.now();
  const compiled = readCompiledProto();
  if (!compiled) throw new Error('no compiled proto: run npm run build');
  packageFromCompiled(compiled);
  console.log(performance.now() - t);`;

function sample(script, type = 'commonjs') {
  const out = execFileSync(process.execPath, ['--input-type', type, '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return Number(out.trim());
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** @returns {Promise<Array<{name: string, value_ms: number, baseline_ms: number, ratio: number, runs: number}>>} */
export async function rows() {
  const ours = [];
  const official = [];
  const compiled = [];
  // Interleaved, so machine load drifts hit both alike.
  for (let run = 0; run < RUNS; run++) {
    ours.push(sample(OURS));
    official.push(sample(OFFICIAL));
    compiled.push(sample(COMPILED, 'module'));
  }
  const value = median(ours);
  const baseline = median(official);
  return [
    {
      name: 'load the Clarifai proto (ours vs official)',
      value_ms: Math.round(value * 10) / 10,
      baseline_ms: Math.round(baseline * 10) / 10,
      ratio: Math.round((value / baseline) * 1000) / 1000,
      runs: RUNS,
    },
    {
      name: 'load the Clarifai proto, compiled at build (what the client loads) vs parsed',
      value_ms: Math.round(median(compiled) * 10) / 10,
      baseline_ms: Math.round(value * 10) / 10,
      ratio: Math.round((median(compiled) / value) * 1000) / 1000,
      runs: RUNS,
    },
  ];
}

export default rows;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await rows()) {
    console.log(
      `${r.name.padEnd(44)} ${String(r.value_ms).padStart(8)} ms  official ${r.baseline_ms} ms  ratio ${r.ratio}`,
    );
  }
}
