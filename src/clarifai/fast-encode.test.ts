import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiWorkflow } from '../model/api-types.js';
import { canonicalWorkflowArb, serverFill, vtrWorkflow } from '../plan/fake-server.test-support.js';
import { specHash } from '../plan/fingerprint.js';
import { toApiWorkflow } from '../plan/to-api.js';
import { buildWorkflowEncoder, EncodeUnsupported } from './fast-encode.js';
import { loadClarifaiPackage } from './proto.js';
import { buildMessageSchema } from './schema.js';
import { workflowToWire } from './wire.js';
import { splicingSerializer, wireFor } from './write-encoding.js';

const pkg = loadClarifaiPackage();
const schema = buildMessageSchema(pkg.descriptors);
const general = (pkg.service.PatchWorkflows as { requestSerialize: (v: object) => Buffer })
  .requestSerialize;
const encode = buildWorkflowEncoder(pkg.descriptors, 'clarifai.api.Workflow');

/** The general path's bytes for `{ workflows: [workflow] }`: toWire, fromObject, encode. */
const generalBytes = (workflow: ApiWorkflow) =>
  general({ workflows: [workflowToWire(schema, workflow)] });

const expectSameBytes = (workflow: ApiWorkflow) =>
  expect(encode(workflow).toString('hex'), JSON.stringify(workflow)).toBe(
    generalBytes(workflow).toString('hex'),
  );

/** A write body as apply makes it: the plan's workflow, kept live fields, metadata and the mark. */
const body = (metadata: Record<string, unknown> = {}): ApiWorkflow => {
  const w = vtrWorkflow();
  return toApiWorkflow(w, metadata as never, { project: 'p', spec_hash: specHash(w) });
};

describe('the direct workflow encoder', () => {
  it('writes the general encoder’s bytes for write bodies and for workflows as the server fills them', () => {
    expectSameBytes(body());
    expectSameBytes(serverFill(body({ team: 'ocr' })));
    fc.assert(
      fc.property(
        canonicalWorkflowArb,
        fc.dictionary(fc.string({ unit: 'binary-ascii' }), fc.jsonValue()),
        fc.integer({ min: 0, max: 59 }),
        (workflow, metadata, seed) => {
          // A "__proto__" key is refused, not encoded (the last test).
          fc.pre(!JSON.stringify(metadata).includes('"__proto__"'));
          const sent = toApiWorkflow(workflow, metadata as never, {
            project: 'p',
            spec_hash: specHash(workflow),
          });
          expectSameBytes(sent);
          expectSameBytes(serverFill(sent, seed));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('writes defaults that are set, empty containers, unicode, numbers and times as protobufjs does', () => {
    const edge: ApiWorkflow = {
      ...body(),
      description: '',
      notes: 'ünïcödé ✓ 𝄞 and a long one '.repeat(20),
      metadata: {
        '': '',
        '12': 'an integer-like key comes first',
        nested: { empty: {}, list: [], mixed: [null, true, false, -0, 0.1, 1e300, 'x', { a: [] }] },
        negative: -123456.75,
      },
      visibility: { gettable: 0 },
      created_at: '1969-12-31T23:59:59.999999999Z',
      modified_at: '2024-02-29T12:00:00+05:30',
      use_cases: [''],
    };
    edge.nodes = edge.nodes.map((n, i) => ({
      ...n,
      suppress_output: i === 0,
      output_info_override: { params: { min_value: 0.5, max_concepts: 20, words: ['a', 'b'] } },
    }));
    expectSameBytes(edge);
  });

  it('leaves to the general encoder what it does not model, which then decides as before', () => {
    const cases: ApiWorkflow[] = [
      { ...body(), description: 'a lone \ud800 surrogate' },
      { ...body(), metadata: JSON.parse('{"__proto__": 1}') as never },
      { ...body(), metadata: { n: Number.NaN } },
      { ...body(), visibility: { gettable: 'PRIVATE' as never } },
      { ...body(), created_at: 'yesterday' },
    ];
    for (const workflow of cases) {
      expect(() => encode(workflow)).toThrow(EncodeUnsupported);
      let generalOutcome: string;
      try {
        generalOutcome = generalBytes(workflow).toString('hex');
      } catch (e) {
        generalOutcome = `throws ${(e as Error).message}`;
      }
      // Through the client's path: a request holding it is encoded (or refused) the general way.
      const spliced = splicingSerializer(general);
      let splicedOutcome: string;
      try {
        const wire = wireFor(workflow, encode, () => workflowToWire(schema, workflow));
        splicedOutcome = spliced({ workflows: [wire] }).toString('hex');
      } catch (e) {
        splicedOutcome = `throws ${(e as Error).message}`;
      }
      expect(splicedOutcome).toBe(generalOutcome);
    }
  });

  it('makes a request of stand-ins and wire objects the general way, with the same bytes', () => {
    const a = body({ a: 1 });
    const b = { ...body({ b: 2 }), description: 'not \udc00 encodable directly' };
    const toWireOf = (w: ApiWorkflow) => () => workflowToWire(schema, w);
    const request = {
      user_app_id: { user_id: 'u', app_id: 'a' },
      workflows: [wireFor(a, encode, toWireOf(a)), wireFor(b, encode, toWireOf(b))],
      action: 'overwrite',
    };
    const expected = general({
      ...request,
      workflows: [workflowToWire(schema, a), workflowToWire(schema, b)],
    });
    expect(splicingSerializer(general)(request).toString('hex')).toBe(expected.toString('hex'));
  });
});
