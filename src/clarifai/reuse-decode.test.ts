import { describe, expect, it } from 'vitest';
import { buildDecoder } from './fast-decode.js';
import { loadClarifaiPackage } from './proto.js';
import {
  decodeRemembered,
  rememberWritten,
  reusingListDecoder,
  workflowSightings,
} from './reuse-decode.js';

const pkg = loadClarifaiPackage();
const list = pkg.service.ListWorkflows!;
const whole = buildDecoder(pkg.packageDefinition, 'clarifai.api.MultiWorkflowResponse');
const fresh = (sightings = workflowSightings()) =>
  reusingListDecoder(
    whole,
    buildDecoder(pkg.packageDefinition, 'clarifai.api.Workflow'),
    buildDecoder(pkg.packageDefinition, 'clarifai.api.status.Status'),
    sightings,
  );

const workflow = (id: string, description = 'd') => ({
  id,
  app_id: 'app',
  description,
  created_at: { seconds: '1700000000', nanos: 5 },
  metadata: { fields: { k: { stringValue: 'v' } } },
  nodes: [{ id: 'n', model: { id: 'm', model_version: { id: 'v' } }, node_inputs: [] }],
});
const page = (workflows: ReturnType<typeof workflow>[], req_id = 'r1') =>
  list.responseSerialize({ status: { code: 10000, description: 'Ok', req_id }, workflows });

/** Same objects, same key order. */
function expectSame(a: unknown, b: unknown): void {
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(a).toEqual(b);
}

describe('reusing list decoder', () => {
  it('answers exactly as the whole decoder, first read and re-read alike', () => {
    const decode = fresh();
    for (const bytes of [
      page([workflow('a'), workflow('b')]),
      page([workflow('a'), workflow('b')], 'r2'),
      page([]),
      list.responseSerialize({}),
      list.responseSerialize({ workflows: [workflow('x')] }),
    ])
      expectSame(decode(bytes), whole(bytes));
  });

  it('gives back the same object for a workflow whose bytes did not change, a new one otherwise', () => {
    const decode = fresh();
    const first = decode(page([workflow('a'), workflow('b')])).workflows as object[];
    const again = decode(page([workflow('a'), workflow('b', 'edited')], 'r2'))
      .workflows as object[];
    expect(again[0]).toBe(first[0]);
    expect(again[1]).not.toBe(first[1]);
    expect((again[1] as { description: string }).description).toBe('edited');
    // Same id, different bytes, then the first bytes again: compared with the last sighting.
    const third = decode(page([workflow('a'), workflow('b')], 'r3')).workflows as object[];
    expect(third[1]).not.toBe(again[1]);
    expectSame(third[1], first[1]);
  });

  it('leaves an answer with any other field to the whole decoder', () => {
    const decode = fresh();
    const bytes = page([workflow('a')]);
    // An unknown varint field 9 appended: the scan declines, the whole decoder answers.
    const extended = Buffer.concat([bytes, Buffer.from([9 * 8, 1])]);
    let wholeCalls = 0;
    const counting = reusingListDecoder(
      (b) => (wholeCalls++, whole(b)),
      buildDecoder(pkg.packageDefinition, 'clarifai.api.Workflow'),
      buildDecoder(pkg.packageDefinition, 'clarifai.api.status.Status'),
    );
    expectSame(counting(extended), whole(extended));
    expect(wholeCalls).toBe(1);
    expectSame(decode(bytes), whole(bytes));
  });

  it("shares its memory with another decoder given the same sightings (a write's answer, then the verifying read)", () => {
    const sightings = workflowSightings();
    const writeAnswer = fresh(sightings);
    const listRead = fresh(sightings);
    const written = writeAnswer(page([workflow('a')])).workflows as object[];
    const listed = listRead(page([workflow('a'), workflow('b')], 'r2')).workflows as object[];
    expect(listed[0]).toBe(written[0]);
    // Decoders with memories of their own share nothing.
    const apart = fresh()(page([workflow('a')], 'r3')).workflows as object[];
    expect(apart[0]).not.toBe(written[0]);
  });

  it("keeps a write's answer as bytes, decodes it when asked, and a read finding those bytes reuses it", () => {
    const sightings = workflowSightings();
    const decodeWorkflow = buildDecoder(pkg.packageDefinition, 'clarifai.api.Workflow');
    const counted = (bytes: Uint8Array) => (decoded++, decodeWorkflow(bytes));
    let decoded = 0;
    rememberWritten(page([workflow('a'), workflow('b')]), sightings);
    expect(decoded).toBe(0);
    return decodeRemembered(sightings, counted, 1).then(() => {
      expect(decoded).toBe(2);
      const status = buildDecoder(pkg.packageDefinition, 'clarifai.api.status.Status');
      const read = reusingListDecoder(whole, counted, status, sightings);
      const bytes = page([workflow('a'), workflow('b', 'edited by someone')], 'r2');
      const listed = read(bytes).workflows as object[];
      // a reused, b decoded afresh (its bytes differ): one decode more, and the whole decoder's answer.
      expect(decoded).toBe(3);
      expect(listed[0]).toBe(sightings.get('a')?.value);
      expectSame(listed, whole(bytes).workflows);
    });
  });

  it('decodes a remembered workflow on the read that finds it, when no one asked earlier', () => {
    const sightings = workflowSightings();
    rememberWritten(page([workflow('a')]), sightings);
    const read = fresh(sightings);
    const bytes = page([workflow('a')], 'r2');
    const first = read(bytes).workflows as object[];
    expectSame(first, whole(bytes).workflows);
    expect((read(page([workflow('a')], 'r3')).workflows as object[])[0]).toBe(first[0]);
  });
});
