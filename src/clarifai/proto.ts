/**
 * Loads vtr-wf's lean Clarifai proto (proto/clarifai/api/service.proto) once
 * per process. Heavy (pulls in @grpc/grpc-js and protobufjs), so only modules
 * that really talk gRPC import it — `validate` never does.
 *
 * Loader options are exactly those of the official clarifai-nodejs-grpc stub,
 * so objects have the same shape whichever proto a peer was built from:
 * snake_case keys, 64-bit ints as strings, enums as numbers, defaults filled
 * in, and the name of the set member for each oneof.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
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
  /** The raw package definition (message types, for tests and tools). */
  packageDefinition: protoLoader.PackageDefinition;
  grpc: typeof grpc;
}

let cached: ClarifaiPackage | undefined;

export function loadClarifaiPackage(): ClarifaiPackage {
  if (cached) return cached;
  const packageDefinition = protoLoader.loadSync(SERVICE_PROTO, {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [PROTO_ROOT],
  });
  const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as {
    clarifai: { api: { V2: grpc.ServiceClientConstructor } };
  };
  const V2 = loaded.clarifai.api.V2;
  cached = { V2, service: V2.service, packageDefinition, grpc };
  return cached;
}
