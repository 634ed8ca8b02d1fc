/**
 * Loads vtr-wf's lean Clarifai proto (proto/clarifai/api/service.proto) once
 * per process. Heavy (pulls in @grpc/grpc-js and protobufjs), so only modules
 * that really talk gRPC import it — `validate` never does.
 *
 * Loader options are exactly those of the official clarifai-nodejs-grpc stub,
 * so objects have the same shape whichever proto a peer was built from:
 * snake_case keys, 64-bit ints as strings, enums as numbers, defaults filled
 * in, and the name of the set member for each oneof.
 *
 * Fast path: the build (scripts/build-proto.mjs) parses the .proto files once
 * with proto-loader and writes what the client needs as JSON
 * (proto-compile.ts). Loading that — protobufjs's light build, no parser, no
 * proto-loader, no descriptor protos — is what every `plan` and `apply` pays
 * instead of parsing and describing the proto (~70 ms). The JSON is used only
 * when it was made from exactly the .proto files beside it (a hash of their
 * bytes); otherwise, or without a build, the .proto files are parsed as before.
 * Both paths build the same service: same serializers, same objects
 * (proto.test.ts compares them).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import type * as ProtoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs/light.js';
import type { CompiledProto } from './proto-compiled.js';
import { COMPILED_PROTO_FILE, protoSourcesHash } from './proto-compiled.js';
import type { DescriptorIndex } from './schema.js';

export const PROTO_LOADER_OPTIONS: ProtoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: Number,
  defaults: true,
  oneofs: true,
};

/** The directory our .proto imports are relative to ("clarifai/api/…"). */
export const PROTO_ROOT: string = fileURLToPath(new URL('../../proto/', import.meta.url));
/** The entry file, relative to PROTO_ROOT. */
export const SERVICE_PROTO = 'clarifai/api/service.proto';

export interface ClarifaiPackage {
  /** Client constructor: `new V2(address, credentials, options)`. */
  V2: grpc.ServiceClientConstructor;
  /** The V2 service definition, for grpc.Server#addService. */
  service: grpc.ServiceDefinition;
  /** Every message and enum type's descriptor, by full name (schema.ts, fast-decode.ts). */
  descriptors: DescriptorIndex;
  /** proto-loader's package definition (message types, for tests and tools): parsed on first read. */
  readonly packageDefinition: ProtoLoader.PackageDefinition;
  grpc: typeof grpc;
}

const require = createRequire(import.meta.url);
/** proto-loader, only when the .proto files must be parsed (no usable compiled JSON, tests). */
const protoLoader = (): typeof ProtoLoader => require('@grpc/proto-loader') as typeof ProtoLoader;

let cached: ClarifaiPackage | undefined;
let parsed: ProtoLoader.PackageDefinition | undefined;

/** The .proto files parsed by proto-loader, as before the compiled JSON. */
export function parseProtoFiles(protoRoot: string = PROTO_ROOT): ProtoLoader.PackageDefinition {
  return protoLoader().loadSync(SERVICE_PROTO, {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [protoRoot],
  });
}

function parsedDefinition(): ProtoLoader.PackageDefinition {
  return (parsed ??= parseProtoFiles());
}

export function loadClarifaiPackage(): ClarifaiPackage {
  if (cached) return cached;
  const compiled = readCompiledProto();
  cached = compiled ? packageFromCompiled(compiled) : packageFromParsed(parsedDefinition());
  return cached;
}

/** The compiled JSON beside the .proto files, if it was made from exactly these; else null. */
export function readCompiledProto(protoRoot: string = PROTO_ROOT): CompiledProto | null {
  let compiled: CompiledProto;
  try {
    compiled = JSON.parse(
      readFileSync(join(protoRoot, COMPILED_PROTO_FILE), 'utf8'),
    ) as CompiledProto;
    if (protoSourcesHash(protoRoot, compiled.files) !== compiled.sources) return null;
  } catch {
    return null; // not built, or unreadable: parse the .proto files
  }
  return compiled;
}

export function packageFromParsed(
  packageDefinition: ProtoLoader.PackageDefinition,
): ClarifaiPackage {
  const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as {
    clarifai: { api: { V2: grpc.ServiceClientConstructor } };
  };
  const V2 = loaded.clarifai.api.V2;
  return {
    V2,
    service: V2.service,
    descriptors: packageDefinition as unknown as DescriptorIndex,
    packageDefinition,
    grpc,
  };
}

/**
 * The service from the compiled JSON, built the way proto-loader builds it:
 * a request is `Type.fromObject` then `encode`, a response `decode` then
 * `toObject` with the loader options.
 */
export function packageFromCompiled(compiled: CompiledProto): ClarifaiPackage {
  const root = protobuf.Root.fromJSON(compiled.root);
  root.resolveAll();
  const service: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const [name, method] of Object.entries(compiled.methods)) {
    const request = root.lookupType(method.requestType);
    const response = root.lookupType(method.responseType);
    service[name] = {
      path: method.path,
      requestStream: method.requestStream,
      responseStream: method.responseStream,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: method.originalName,
    };
  }
  const V2 = grpc.makeClientConstructor(service, 'V2');
  return {
    V2,
    service: V2.service,
    descriptors: compiled.descriptors,
    get packageDefinition() {
      return parsedDefinition();
    },
    grpc,
  };
}

/** proto-loader's createSerializer. */
function serializer(type: protobuf.Type): (value: object) => Buffer {
  return (value) => {
    if (Array.isArray(value))
      throw new Error(
        `Failed to serialize message: expected object with ${type.name} structure, got array instead`,
      );
    const bytes = type.encode(type.fromObject(value)).finish();
    // protobufjs writes a Buffer under Node; grpc-js needs one.
    return Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  };
}

/** proto-loader's createDeserializer. */
function deserializer(type: protobuf.Type): (bytes: Buffer) => object {
  return (bytes) =>
    type.toObject(type.decode(bytes), PROTO_LOADER_OPTIONS as protobuf.IConversionOptions);
}
