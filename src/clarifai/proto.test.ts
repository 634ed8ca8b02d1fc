import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProto } from './proto-compile.js';
import { COMPILED_PROTO_FILE } from './proto-compiled.js';
import {
  packageFromCompiled,
  packageFromParsed,
  parseProtoFiles,
  PROTO_ROOT,
  readCompiledProto,
} from './proto.js';
import { buildMessageSchema } from './schema.js';
import { workflowToWire } from './wire.js';
import type { ApiWorkflow } from './types.js';

const compiled = compileProto();
const fast = packageFromCompiled(JSON.parse(JSON.stringify(compiled)));
const parsedDefinition = parseProtoFiles();
const general = packageFromParsed(parsedDefinition);
const schema = buildMessageSchema(general.descriptors);

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const workflow: ApiWorkflow = {
  id: 'ocr',
  description: 'reads text',
  notes: 'ünïcode ✓',
  metadata: { 'vtr-wf': { project: 'acme', spec_hash: 'abc' }, other: [1, null, true, { x: {} }] },
  created_at: '2024-05-01T10:00:00.123456789Z',
  visibility: { gettable: 10 },
  nodes: [
    {
      id: 'detect',
      model: {
        id: 'm1',
        user_id: 'clarifai',
        app_id: 'main',
        model_version: { id: 'v1', metadata: { nested: 'model-version metadata' } },
      },
      node_inputs: [],
      output_info_override: { params: { min_value: 0.5, labels: ['a', 'b'], deep: { x: null } } },
    },
    {
      id: 'crop',
      model: { id: 'm2', model_version: { id: 'v2' } },
      node_inputs: [{ node_id: 'detect' }],
    },
  ],
};

/** A request or response of each kind the client and the emulator send. */
const samples: Record<string, { request: object; response: object }> = {
  PostWorkflows: {
    request: {
      user_app_id: { user_id: 'u', app_id: 'a' },
      workflows: [workflowToWire(schema, workflow)],
    },
    response: {
      status: { code: 10000, description: 'Ok' },
      workflows: [workflowToWire(schema, workflow)],
    },
  },
  ListWorkflows: {
    request: { user_app_id: { user_id: 'u', app_id: 'a' }, page: 2, per_page: 1000 },
    response: {
      status: { code: 10000 },
      workflows: [workflowToWire(schema, workflow), workflowToWire(schema, { id: 'b', nodes: [] })],
    },
  },
  DeleteWorkflows: {
    request: { user_app_id: { user_id: 'u', app_id: 'a' }, ids: ['x', 'y'], delete_all: false },
    response: { status: { code: 21200, description: 'not found', details: 'd', req_id: 'r' } },
  },
  PostWorkflowResults: {
    request: {
      workflow_id: 'ocr',
      inputs: [{ id: 'i', data: { image: { base64: Buffer.from('abc') } } }],
    },
    response: { status: { code: 10000 }, results: [] },
  },
};

describe('the compiled proto', () => {
  it('is the parsed proto: same methods, paths and names', () => {
    const names = Object.keys(general.service).sort();
    expect(Object.keys(fast.service).sort()).toEqual(names);
    for (const name of names) {
      const a = fast.service[name]!;
      const b = general.service[name]!;
      expect([a.path, a.originalName, a.requestStream, a.responseStream]).toEqual([
        b.path,
        b.originalName,
        b.requestStream,
        b.responseStream,
      ]);
    }
    expect(typeof new fast.V2('127.0.0.1:1', fast.grpc.credentials.createInsecure()).close).toBe(
      'function',
    );
  });

  it('carries exactly proto-loader’s descriptors of every message and enum', () => {
    const expected = Object.fromEntries(
      Object.entries(parsedDefinition)
        .filter(([, d]) => 'format' in d)
        .map(([name, d]) => [
          name,
          { format: (d as { format: string }).format, type: (d as { type: unknown }).type },
        ]),
    );
    expect(fast.descriptors).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(buildMessageSchema(fast.descriptors)).toEqual(schema);
  });

  it('encodes and decodes every sample exactly as proto-loader does', () => {
    for (const [rpc, { request, response }] of Object.entries(samples)) {
      const a = fast.service[rpc]!;
      const b = general.service[rpc]!;
      const requestBytes = b.requestSerialize(request);
      expect(Buffer.isBuffer(a.requestSerialize(request))).toBe(true);
      expect(a.requestSerialize(request).equals(requestBytes)).toBe(true);
      const responseBytes = b.responseSerialize(response);
      expect(a.responseSerialize(response).equals(responseBytes)).toBe(true);
      // Same objects, same key order (defaults, oneofs, enums and longs as the loader options say).
      expect(JSON.stringify(a.responseDeserialize(responseBytes))).toBe(
        JSON.stringify(b.responseDeserialize(responseBytes)),
      );
      expect(a.responseDeserialize(responseBytes)).toEqual(b.responseDeserialize(responseBytes));
      expect(a.requestDeserialize(requestBytes)).toEqual(b.requestDeserialize(requestBytes));
    }
  });

  it('refuses an array as a message, as proto-loader does', () => {
    expect(() => fast.service.ListWorkflows!.requestSerialize([] as unknown as object)).toThrow(
      /got array instead/,
    );
  });

  it('is used only when made from exactly the .proto files beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-proto-compiled-'));
    temps.push(dir);
    cpSync(PROTO_ROOT, dir, { recursive: true });
    const compiledHere = compileProto(dir);
    writeFileSync(join(dir, COMPILED_PROTO_FILE), JSON.stringify(compiledHere));
    expect(readCompiledProto(dir)).toEqual(compiledHere);
    expect(compiledHere.files).toContain('clarifai/api/service.proto');
    expect(compiledHere.files).toContain('clarifai/api/resources.proto');

    const resources = join(dir, 'clarifai/api/resources.proto');
    writeFileSync(resources, `${readFileSync(resources, 'utf8')}\n// an edit\n`);
    expect(readCompiledProto(dir)).toBeNull();
    rmSync(join(dir, COMPILED_PROTO_FILE));
    expect(readCompiledProto(dir)).toBeNull();
  });
});
