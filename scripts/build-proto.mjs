// Compiles the lean proto for the client (src/clarifai/proto-compile.ts):
// proto/clarifai/api/service.compiled.json, loaded at run time instead of
// parsing the .proto files with proto-loader (~70 ms of every plan and apply).
// Runs after tsc (it uses tsc's output) and offline. Not committed: a stale
// or missing file is simply not used (proto.ts checks a hash of the .proto files).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const { compileProto } = await import('../dist/clarifai/proto-compile.js');
const { PROTO_ROOT } = await import('../dist/clarifai/proto.js');
const { COMPILED_PROTO_FILE } = await import('../dist/clarifai/proto-compiled.js');
writeFileSync(join(PROTO_ROOT, COMPILED_PROTO_FILE), `${JSON.stringify(compileProto())}\n`);
