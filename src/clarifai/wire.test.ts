import { describe, expect, it } from 'vitest';
import { loadClarifaiPackage } from './proto.js';
import { buildMessageSchema } from './schema.js';
import { fromWire, toWire, workflowFromWire, workflowToWire } from './wire.js';
import type { ApiWorkflow } from './types.js';

const pkg = loadClarifaiPackage();
const schema = buildMessageSchema(pkg.packageDefinition);

/** Encode and decode with the loaded proto, the way grpc-js does on each side of a call. */
function overTheWire(type: string, message: object): unknown {
  const def = pkg.packageDefinition[type] as unknown as {
    serialize: (m: object) => Buffer;
    deserialize: (b: Buffer) => unknown;
  };
  return def.deserialize(def.serialize(message));
}

const workflow: ApiWorkflow = {
  id: 'ocr',
  description: 'reads text',
  notes: 'ünïcode ✓',
  metadata: { 'vtr-wf': { project: 'acme', spec_hash: 'abc' }, other: [1, null, true, { x: {} }] },
  created_at: '2024-05-01T10:00:00.123456789Z',
  nodes: [
    {
      id: 'detect',
      model: {
        id: 'm1',
        user_id: 'clarifai',
        app_id: 'main',
        model_version: { id: 'v1', metadata: { nested: 'model-version metadata' } },
        metadata: { a: 'model metadata' },
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

describe('schema', () => {
  it('finds Structs and Timestamps by descriptor, at any depth', () => {
    const wf = schema.get('clarifai.api.Workflow')!;
    expect(wf.get('metadata')?.kind).toBe('struct');
    expect(wf.get('created_at')?.kind).toBe('timestamp');
    expect(wf.get('nodes')).toMatchObject({ kind: 'message', repeated: true });
    const response = schema.get('clarifai.api.SingleModelVersionResponse')!;
    expect(response.get('status')?.type).toBe('clarifai.api.status.Status');
    const oi = schema.get('clarifai.api.OutputInfo')!;
    expect(oi.get('params')?.kind).toBe('struct');
  });
});

describe('wire conversion', () => {
  it('round-trips a workflow through real proto encoding', () => {
    const wire = workflowToWire(schema, workflow);
    const decoded = workflowFromWire(schema, overTheWire('clarifai.api.Workflow', wire));
    expect(decoded.metadata).toEqual(workflow.metadata);
    expect(decoded.created_at).toBe(workflow.created_at);
    expect(decoded.nodes[0]!.output_info_override?.params).toEqual(
      workflow.nodes[0]!.output_info_override?.params,
    );
    expect(decoded.nodes[0]!.model.metadata).toEqual({ a: 'model metadata' });
    expect(decoded.nodes[0]!.model.model_version).toMatchObject({
      id: 'v1',
      metadata: { nested: 'model-version metadata' },
    });
    expect(decoded.nodes[1]!.node_inputs).toEqual([{ node_id: 'detect' }]);
    expect(decoded.notes).toBe('ünïcode ✓');
  });

  it('a plain object handed straight to the encoder loses the data: why wire.ts exists', () => {
    const naive = overTheWire('clarifai.api.Workflow', {
      id: 'x',
      metadata: { fields: { a: { string_value: 'lost' } } },
    });
    expect(workflowFromWire(schema, naive).metadata).toEqual({ a: null });
  });

  it('drops the nulls `defaults: true` adds for unset messages, keeps scalar defaults', () => {
    const decoded = workflowFromWire(schema, overTheWire('clarifai.api.Workflow', { id: 'bare' }));
    expect(decoded).not.toHaveProperty('metadata');
    expect(decoded).not.toHaveProperty('created_at');
    expect(decoded).not.toHaveProperty('visibility');
    expect(decoded.nodes).toEqual([]);
    expect(decoded.description).toBe('');
  });

  it('passes unknown and scalar fields through untouched', () => {
    const plain = {
      id: 'w',
      star_count: 3,
      use_cases: ['ocr'],
      visibility: { gettable: 10 },
      future_field: 'kept',
    };
    expect(toWire(schema, 'clarifai.api.Workflow', plain)).toEqual(plain);
    expect(fromWire(schema, 'clarifai.api.Workflow', plain)).toEqual(plain);
  });

  it('refuses a Struct field that is not an object', () => {
    expect(() => workflowToWire(schema, { ...workflow, metadata: [1] as never })).toThrow(
      /metadata: expected a JSON object/,
    );
    expect(() => workflowToWire(schema, { ...workflow, created_at: 'soon' })).toThrow(/RFC 3339/);
  });
});
