/**
 * The compiled form of the lean proto (scripts/build-proto.mjs writes it beside
 * the .proto files at build time; proto.ts loads it instead of parsing them):
 * what the client and the emulator need, as plain JSON, tied to the exact
 * bytes of the .proto files it was made from.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DescriptorIndex } from './schema.js';

/** Beside the .proto files, relative to PROTO_ROOT (not committed: the build makes it). */
export const COMPILED_PROTO_FILE = 'clarifai/api/service.compiled.json';

export interface CompiledMethod {
  path: string;
  /** proto-loader's camel-cased alias (grpc-js adds it to the client). */
  originalName: string;
  requestType: string;
  responseType: string;
  requestStream: boolean;
  responseStream: boolean;
}

export interface CompiledProto {
  /** protoSourcesHash of `files` when this was made. */
  sources: string;
  /** The .proto files it was made from, relative to the proto root. */
  files: string[];
  /** protobufjs's JSON form of the parsed root (field names as written: keepCase). */
  root: Record<string, unknown>;
  /** proto-loader's descriptors of every message and enum (format and type), by full name. */
  descriptors: DescriptorIndex;
  /** The V2 service's methods, by name. */
  methods: Record<string, CompiledMethod>;
}

/** sha256 over each file's path and bytes: any edit, rename or added import changes it. */
export function protoSourcesHash(protoRoot: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(protoRoot, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
