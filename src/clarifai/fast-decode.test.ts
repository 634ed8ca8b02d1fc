import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json.js';
import { buildDecoder, DecodeUnsupported } from './fast-decode.js';
import { loadClarifaiPackage } from './proto.js';
import { buildMessageSchema } from './schema.js';
import { toStruct } from '../model/struct.js';
import { fromWire } from './wire.js';

const pkg = loadClarifaiPackage();
const schema = buildMessageSchema(pkg.packageDefinition);
const MULTI = 'clarifai.api.MultiWorkflowResponse';
const SINGLE = 'clarifai.api.SingleWorkflowResponse';
const list = pkg.service.ListWorkflows!;
const get = pkg.service.GetWorkflow!;
const fastMulti = buildDecoder(pkg.packageDefinition, MULTI);
const fastSingle = buildDecoder(pkg.packageDefinition, SINGLE);

/** The general path: protobufjs decode + toObject, then wire.ts's fromWire. */
const generalMulti = (bytes: Buffer) => fromWire(schema, MULTI, list.responseDeserialize(bytes));

/** Same objects, same key order. */
function expectSame(fast: unknown, general: unknown): void {
  expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
  expect(fast).toEqual(general);
}

const ts = (seconds: number, nanos = 0) => ({ seconds: String(seconds), nanos });

const emulatorLike = (id: string, metadata: JsonObject) => ({
  id,
  app_id: 'app',
  user_id: 'user',
  created_at: ts(1_700_000_000, 123_000_000),
  modified_at: ts(1_700_000_001),
  metadata: toStruct(metadata),
  visibility: { gettable: 10 },
  version: {
    id: 'v1',
    workflow_id: id,
    created_at: ts(1_700_000_000),
    visibility: { gettable: 10 },
  },
  description: 'd',
  use_cases: ['a', 'b'],
  nodes: [
    {
      id: 'n1',
      model: {
        id: 'm',
        name: 'M',
        created_at: ts(1_600_000_000),
        model_version: {
          id: 'mv',
          status: { code: 21100, description: 'trained' },
          created_at: ts(1_600_000_000, 5),
        },
        user_id: 'clarifai',
        app_id: 'main',
      },
      node_inputs: [{ node_id: 'n0' }],
      suppress_output: true,
      output_info_override: {
        params: toStruct({ threshold: 0.5, labels: ['x', null, true, { deep: [] }] }),
        output_config: {
          min_value: 0.1,
          max_concepts: 3,
          select_concepts: [{ id: 'c', value: 0.3 }],
        },
      },
    },
    { id: 'n0', model: { id: 'm0', model_version: { id: 'v0' } } },
  ],
});

describe('fast decode', () => {
  it('gives exactly the general path’s objects for an emulator-like page', () => {
    const bytes = list.responseSerialize({
      status: { code: 10000, description: 'Ok', req_id: 'r' },
      workflows: [
        emulatorLike('a', { 'vtr-wf': { project: 'p', spec_hash: 'h' } }),
        emulatorLike('b', {}),
      ],
    });
    expectSame(fastMulti(bytes), generalMulti(bytes));
  });

  it('gives the general path’s objects for an empty response and a single one', () => {
    const empty = list.responseSerialize({});
    expectSame(fastMulti(empty), generalMulti(empty));
    const single = get.responseSerialize({
      status: { code: 10000 },
      workflow: emulatorLike('a', {}),
    });
    expectSame(fastSingle(single), fromWire(schema, SINGLE, get.responseDeserialize(single)));
  });

  it('agrees with the general path on arbitrary workflows', () => {
    const key = fc.string({ maxLength: 6 }).filter((k) => k !== '__proto__');
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
        fc.string({ maxLength: 8 }),
        fc.array(tie('value'), { maxLength: 3 }),
        tie('object'),
      ),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    }));
    const workflow = fc.record(
      {
        id: fc.string({ maxLength: 10 }),
        description: fc.string({ maxLength: 10 }),
        star_count: fc.integer({ min: -5, max: 5 }),
        is_starred: fc.boolean(),
        created_at: fc.record({
          seconds: fc.integer({ min: 0, max: 4_000_000_000 }).map(String),
          nanos: fc.integer({ min: 0, max: 999_999_999 }),
        }),
        metadata: json.object.map((o) => toStruct(o as JsonObject)),
        visibility: fc.record({ gettable: fc.constantFrom(0, 10, 30, 50, 7) }),
        nodes: fc.array(
          fc.record(
            {
              id: fc.string({ maxLength: 5 }),
              suppress_output: fc.boolean(),
              node_inputs: fc.array(fc.record({ node_id: fc.string({ maxLength: 4 }) }), {
                maxLength: 2,
              }),
              model: fc.record(
                {
                  id: fc.string({ maxLength: 5 }),
                  star_count: fc.integer({ min: -3, max: 3 }),
                  languages: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
                  model_version: fc.record(
                    { id: fc.string({ maxLength: 5 }), total_input_count: fc.nat() },
                    { requiredKeys: [] },
                  ),
                },
                { requiredKeys: [] },
              ),
              output_info_override: fc.record(
                {
                  params: json.object.map((o) => toStruct(o as JsonObject)),
                  output_config: fc.record(
                    { min_value: fc.float({ noNaN: true }), max_concepts: fc.nat() },
                    { requiredKeys: [] },
                  ),
                },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(workflow, { maxLength: 3 }), fc.integer(), (workflows, code) => {
        const bytes = list.responseSerialize({ status: { code }, workflows });
        expectSame(fastMulti(bytes), generalMulti(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('declines what it does not model, so the general path decides', () => {
    const bytes = list.responseSerialize({ workflows: [emulatorLike('a', { ok: 1 })] });
    expect(() => fastMulti(bytes.subarray(0, bytes.length - 3))).toThrow(DecodeUnsupported);
    // A timestamp beyond JavaScript's safe integers.
    const far = list.responseSerialize({
      workflows: [{ id: 'a', created_at: { seconds: '9223372036854775807', nanos: 0 } }],
    });
    expect(() => fastMulti(far)).toThrow(DecodeUnsupported);
  });
});
