/**
 * Build-time (scripts/build-proto.mjs) and tests only: parses the lean proto
 * with proto-loader and protobufjs, exactly as proto.ts's parsing path does,
 * and returns its compiled form (proto-compiled.ts). Never loaded by the CLI.
 */
import { accessSync, constants } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type * as ProtoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { parseProtoFiles, PROTO_LOADER_OPTIONS, PROTO_ROOT, SERVICE_PROTO } from './proto.js';
import type { CompiledMethod, CompiledProto } from './proto-compiled.js';
import { protoSourcesHash } from './proto-compiled.js';
import type { DescriptorIndex } from './schema.js';

const SERVICE = 'clarifai.api.V2';

export function compileProto(protoRoot: string = PROTO_ROOT): CompiledProto {
  // As proto-loader loads it: include-dir resolution, then every reference resolved.
  const root = new protobuf.Root();
  const resolve = root.resolvePath;
  root.resolvePath = (origin, target) =>
    isAbsolute(target) ? target : (resolveInclude(protoRoot, target) ?? resolve(origin, target));
  root.loadSync(SERVICE_PROTO, { keepCase: PROTO_LOADER_OPTIONS.keepCase ?? false });
  root.resolveAll();
  const files = root.files
    .filter((f) => isAbsolute(f) && !relative(protoRoot, f).startsWith('..'))
    .map((f) => relative(protoRoot, f).split(sep).join('/'))
    .sort();

  const definition = parseProtoFiles(protoRoot);
  const descriptors: DescriptorIndex = {};
  for (const [name, def] of Object.entries(definition)) {
    const typed = def as { format?: string; type?: unknown };
    if (typeof typed.format === 'string')
      descriptors[name] = { format: typed.format, type: typed.type };
  }
  const service = definition[SERVICE] as ProtoLoader.ServiceDefinition;
  const reflected = root.lookupService(SERVICE);
  const methods: Record<string, CompiledMethod> = {};
  for (const [name, method] of Object.entries(service)) {
    const rpc = reflected.methods[name] as protobuf.Method;
    methods[name] = {
      path: method.path,
      originalName: method.originalName ?? name,
      requestType: (rpc.resolvedRequestType as protobuf.Type).fullName.slice(1),
      responseType: (rpc.resolvedResponseType as protobuf.Type).fullName.slice(1),
      requestStream: method.requestStream,
      responseStream: method.responseStream,
    };
  }
  return {
    sources: protoSourcesHash(protoRoot, files),
    files,
    root: JSON.parse(JSON.stringify(root.toJSON())) as Record<string, unknown>,
    // Through JSON: exactly what proto.ts will read back.
    descriptors: JSON.parse(JSON.stringify(descriptors)) as DescriptorIndex,
    methods,
  };
}

/** proto-loader's include-path rule: the first include dir holding the file. */
function resolveInclude(protoRoot: string, target: string): string | undefined {
  const full = join(protoRoot, target);
  try {
    accessSync(full, constants.R_OK);
    return full;
  } catch {
    return undefined;
  }
}
