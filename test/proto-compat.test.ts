/**
 * Our lean proto must be wire-compatible with Clarifai's: every message, enum
 * value, field (name, number, type, label, oneof) and RPC we declare is
 * checked against the official clarifai-nodejs-grpc protos. Any drift fails.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { afterAll, describe, expect, it } from 'vitest';
import { PROTO_ROOT, SERVICE_PROTO, loadClarifaiPackage } from '../src/clarifai/proto.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const officialBase = path.join(repoRoot, 'node_modules/clarifai-nodejs-grpc');
const googleProtos = path.join(repoRoot, 'node_modules/google-proto-files');

/** Loads a proto with protobufjs, resolving imports against the given include dirs. */
function loadRoot(entry: string, includeDirs: string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target)) return target;
    for (const dir of includeDirs) {
      const candidate = path.join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    // google/protobuf/* falls through to protobufjs's bundled well-known types.
    return target;
  };
  root.loadSync(entry, { keepCase: true });
  root.resolveAll();
  return root;
}

function loadOurs(protoRoot: string = PROTO_ROOT): protobuf.Root {
  return loadRoot(path.join(protoRoot, SERVICE_PROTO), [protoRoot]);
}

function loadOfficial(): protobuf.Root {
  return loadRoot(path.join(officialBase, 'proto/clarifai/api/service.proto'), [
    officialBase,
    googleProtos,
  ]);
}

/** Every type, enum and service nested anywhere under the clarifai namespace. */
function* clarifaiObjects(ns: protobuf.NamespaceBase): Generator<protobuf.ReflectionObject> {
  for (const child of ns.nestedArray) {
    const underClarifai = child.fullName.startsWith('.clarifai.');
    if (
      underClarifai &&
      !(child instanceof protobuf.Namespace && child.constructor === protobuf.Namespace)
    ) {
      yield child;
    }
    if ((underClarifai || child.fullName === '.clarifai') && child instanceof protobuf.Namespace) {
      yield* clarifaiObjects(child);
    }
  }
}

function fieldSignature(f: protobuf.Field) {
  const resolved = f.resolvedType ? f.resolvedType.fullName : f.type;
  return {
    number: f.id,
    type: f instanceof protobuf.MapField ? `map<${f.keyType}, ${resolved}>` : resolved,
    label: f.repeated ? 'repeated' : f.options?.proto3_optional ? 'optional' : 'singular',
    oneof: f.partOf && !f.partOf.name.startsWith('_') ? f.partOf.name : null,
  };
}

/** Drift of `ours` against `official`, one readable line per difference; [] when compatible. */
function protoDrift(ours: protobuf.Root, official: protobuf.Root): string[] {
  const drift: string[] = [];
  for (const obj of clarifaiObjects(ours)) {
    const name = obj.fullName.slice(1);
    const theirs = official.lookup(obj.fullName);
    if (obj instanceof protobuf.Type) {
      if (!(theirs instanceof protobuf.Type)) {
        drift.push(`message ${name}: not an official message`);
        continue;
      }
      for (const field of obj.fieldsArray) {
        const officialField = theirs.fields[field.name];
        if (!officialField) {
          drift.push(`${name}.${field.name}: no such official field`);
          continue;
        }
        const a = fieldSignature(field);
        const b = fieldSignature(officialField);
        for (const key of ['number', 'type', 'label', 'oneof'] as const) {
          if (a[key] !== b[key])
            drift.push(`${name}.${field.name}: ${key} is ${a[key]}, official ${b[key]}`);
        }
      }
    } else if (obj instanceof protobuf.Enum) {
      if (!(theirs instanceof protobuf.Enum)) {
        drift.push(`enum ${name}: not an official enum`);
        continue;
      }
      for (const [valueName, num] of Object.entries(obj.values)) {
        const officialNum = theirs.values[valueName];
        if (officialNum !== num)
          drift.push(`${name}.${valueName}: is ${num}, official ${officialNum ?? 'absent'}`);
      }
    } else if (obj instanceof protobuf.Service) {
      if (!(theirs instanceof protobuf.Service)) {
        drift.push(`service ${name}: not an official service`);
        continue;
      }
      for (const method of obj.methodsArray) {
        const officialMethod = theirs.methods[method.name];
        if (!officialMethod) {
          drift.push(`rpc ${name}.${method.name}: no such official RPC`);
          continue;
        }
        method.resolve();
        officialMethod.resolve();
        const pairs: [string, unknown, unknown][] = [
          [
            'request',
            method.resolvedRequestType?.fullName,
            officialMethod.resolvedRequestType?.fullName,
          ],
          [
            'response',
            method.resolvedResponseType?.fullName,
            officialMethod.resolvedResponseType?.fullName,
          ],
          ['requestStream', Boolean(method.requestStream), Boolean(officialMethod.requestStream)],
          [
            'responseStream',
            Boolean(method.responseStream),
            Boolean(officialMethod.responseStream),
          ],
        ];
        for (const [what, a, b] of pairs) {
          if (a !== b)
            drift.push(
              `rpc ${name}.${method.name}: ${what} is ${String(a)}, official ${String(b)}`,
            );
        }
      }
    }
  }
  return drift;
}

/** Official fields a message of ours leaves out (for the messages that must be complete). */
function missingFields(
  ours: protobuf.Root,
  official: protobuf.Root,
  messageName: string,
): string[] {
  const a = ours.lookupType(messageName);
  const b = official.lookupType(messageName);
  return b.fieldsArray.map((f) => f.name).filter((n) => !a.fields[n]);
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of our proto tree with one textual edit, in a temp dir. */
function alteredCopy(file: string, from: RegExp, to: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vtr-wf-proto-'));
  tempDirs.push(dir);
  cpSync(PROTO_ROOT, dir, { recursive: true });
  const target = path.join(dir, file);
  const text = readFileSync(target, 'utf8');
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  writeFileSync(target, changed);
  return dir;
}

describe('lean proto vs official Clarifai protos', () => {
  const official = loadOfficial();
  const ours = loadOurs();

  it('declares the RPCs vtr-wf needs', () => {
    const service = ours.lookupService('clarifai.api.V2');
    expect(Object.keys(service.methods).sort()).toEqual(
      [
        'DeleteWorkflow',
        'DeleteWorkflowVersions',
        'DeleteWorkflows',
        'GetModel',
        'GetWorkflowVersion',
        'ListWorkflowVersions',
        'PatchWorkflowIds',
        'GetModelVersion',
        'GetWorkflow',
        'ListModelVersions',
        'ListWorkflows',
        'PatchWorkflows',
        'PostWorkflows',
        'PostWorkflowResults',
      ].sort(),
    );
  });

  it('has no drift in any message, field, enum value or RPC', () => {
    expect(protoDrift(ours, official)).toEqual([]);
  });

  it('checks a meaningful amount (every declared object was compared)', () => {
    const objects = [...clarifaiObjects(ours)];
    const fields = objects.flatMap((o) => (o instanceof protobuf.Type ? o.fieldsArray : []));
    expect(objects.length).toBeGreaterThan(30);
    expect(fields.length).toBeGreaterThan(200);
  });

  it.each([
    'clarifai.api.Workflow',
    'clarifai.api.WorkflowNode',
    'clarifai.api.NodeInput',
    'clarifai.api.WorkflowVersion',
    'clarifai.api.UserAppIDSet',
    'clarifai.api.Visibility',
    'clarifai.api.status.Status',
    'clarifai.api.PostWorkflowsRequest',
    'clarifai.api.PatchWorkflowsRequest',
    'clarifai.api.DeleteWorkflowsRequest',
    'clarifai.api.ListWorkflowsRequest',
    'clarifai.api.GetWorkflowRequest',
    'clarifai.api.MultiWorkflowResponse',
    'clarifai.api.SingleWorkflowResponse',
    'clarifai.api.IdUpdateSource',
    'clarifai.api.PatchWorkflowIdsRequest',
    'clarifai.api.ListWorkflowVersionsRequest',
    'clarifai.api.GetWorkflowVersionRequest',
    'clarifai.api.DeleteWorkflowVersionsRequest',
    'clarifai.api.MultiWorkflowVersionResponse',
    'clarifai.api.SingleWorkflowVersionResponse',
    // PostWorkflowResults: everything a result, a region and its box can carry back.
    'clarifai.api.PostWorkflowResultsResponse',
    'clarifai.api.WorkflowResult',
    'clarifai.api.Region',
    'clarifai.api.BoundingBox',
    'clarifai.api.WorkflowState',
  ])('%s declares every official field (nothing the API sends is dropped)', (name) => {
    expect(missingFields(ours, official, name)).toEqual([]);
  });

  it('fails on a deliberately wrong field number', () => {
    const dir = alteredCopy(
      'clarifai/api/resources.proto',
      /string notes = 13;/,
      'string notes = 31;',
    );
    expect(protoDrift(loadOurs(dir), official)).toEqual([
      'clarifai.api.Workflow.notes: number is 31, official 13',
    ]);
  });

  it('fails on a wrong type, label, enum value or RPC type', () => {
    const wrongType = alteredCopy(
      'clarifai/api/resources.proto',
      /string node_id = 1;/,
      'int32 node_id = 1;',
    );
    expect(protoDrift(loadOurs(wrongType), official)).toEqual([
      'clarifai.api.NodeInput.node_id: type is int32, official string',
    ]);

    const wrongLabel = alteredCopy(
      'clarifai/api/resources.proto',
      /repeated NodeInput node_inputs = 3;/,
      'NodeInput node_inputs = 3;',
    );
    expect(protoDrift(loadOurs(wrongLabel), official)).toEqual([
      'clarifai.api.WorkflowNode.node_inputs: label is singular, official repeated',
    ]);

    const wrongEnum = alteredCopy(
      'clarifai/api/status/status_code.proto',
      /WORKFLOW_DUPLICATE = 22100;/,
      'WORKFLOW_DUPLICATE = 22199;',
    );
    expect(protoDrift(loadOurs(wrongEnum), official)).toEqual([
      'clarifai.api.status.StatusCode.WORKFLOW_DUPLICATE: is 22199, official 22100',
    ]);

    const wrongRpc = alteredCopy(
      'clarifai/api/service.proto',
      /returns \(clarifai\.api\.status\.BaseResponse\)/,
      'returns (MultiWorkflowResponse)',
    );
    expect(protoDrift(loadOurs(wrongRpc), official)).toEqual([
      'rpc clarifai.api.V2.DeleteWorkflows: response is .clarifai.api.MultiWorkflowResponse, official .clarifai.api.status.BaseResponse',
    ]);

    const wrongOneof = alteredCopy(
      'clarifai/api/service.proto',
      /bool sort_ascending = 5;\n {2}oneof sort_by \{\n {4}bool sort_by_id = 6;/,
      'bool sort_ascending = 5;\n  bool sort_by_id = 6;\n  oneof sort_by {',
    );
    expect(protoDrift(loadOurs(wrongOneof), official)).toEqual([
      'clarifai.api.ListWorkflowsRequest.sort_by_id: oneof is null, official sort_by',
    ]);
  });

  it('declares what PostWorkflowResults needs: image bytes and urls in, regions and text out', () => {
    const fieldsOf = (name: string) => Object.keys(ours.lookupType(name).fields).sort();
    expect(fieldsOf('clarifai.api.PostWorkflowResultsRequest')).toEqual(
      expect.arrayContaining(['inputs', 'user_app_id', 'version_id', 'workflow_id']),
    );
    expect(fieldsOf('clarifai.api.Image')).toEqual(expect.arrayContaining(['base64', 'url']));
    expect(fieldsOf('clarifai.api.Data')).toEqual(
      expect.arrayContaining(['image', 'regions', 'text', 'concepts']),
    );
    expect(fieldsOf('clarifai.api.Output')).toEqual(
      expect.arrayContaining(['data', 'model', 'status']),
    );
    expect(fieldsOf('clarifai.api.Text')).toContain('raw');
    expect(fieldsOf('clarifai.api.RegionInfo')).toContain('bounding_box');
  });

  it('loads through loadClarifaiPackage with the official stub options', () => {
    const pkg = loadClarifaiPackage();
    expect(Object.keys(pkg.service).sort()).toContain('PostWorkflows');
    expect(pkg.service.PostWorkflows?.path).toBe('/clarifai.api.V2/PostWorkflows');
    expect(loadClarifaiPackage()).toBe(pkg);
  });
});
