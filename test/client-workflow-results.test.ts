/**
 * The client's PostWorkflowResults against a server built from the official
 * protos: the request is what Clarifai's own stubs decode (image bytes, ids,
 * version), MIXED_STATUS is read result by result, and a call that ended at its
 * deadline is reported — never retried.
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient } from '../src/clarifai/client.js';
import { TransportError } from '../src/clarifai/errors.js';
import { GrpcCode } from '../src/clarifai/grpc-codes.js';
import { DEFAULT_RETRY_POLICY } from '../src/clarifai/retry.js';
import { officialServer, type OfficialServer } from './helpers/official-server.js';

const box = { top_row: 0.1, left_col: 0.2, bottom_row: 0.3, right_col: 0.9 };

let server: OfficialServer;
beforeAll(async () => {
  server = await officialServer({
    PostWorkflowResults: (req) => {
      if (req.workflow_id === 'hangs') return undefined;
      const results = req.inputs.map((input: { id: string }, i: number) => ({
        id: `result-${i}`,
        status:
          i === 0
            ? { code: 10000, description: 'Ok' }
            : { code: 30002, description: 'Download failed' },
        input: { id: input.id },
        outputs:
          i === 0
            ? [
                {
                  id: 'out-1',
                  status: { code: 10000, description: 'Ok' },
                  model: { id: 'det', model_version: { id: 'v1' } },
                  data: {
                    regions: [
                      {
                        id: 'r1',
                        value: 0.97,
                        region_info: { bounding_box: box },
                        data: { text: { raw: 'SOLD' } },
                      },
                    ],
                  },
                },
              ]
            : [],
      }));
      return { status: { code: 10010, description: 'Mixed Success' }, results };
    },
  });
});
afterAll(() => server.close());

function client(deadlineMs = 5_000) {
  return new ClarifaiClient({
    target: server.address,
    credentials: grpc.credentials.createInsecure(),
    userApp: { user_id: 'me', app_id: 'app' },
    pat: 'test-key',
    patVariable: 'CLARIFAI_PAT',
    ratePerSecond: 0,
    concurrency: 4,
    deadlineMs,
    listDeadlineMs: deadlineMs,
    predictDeadlinePerInputMs: 100,
    retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 2 },
  });
}

describe('postWorkflowResults', () => {
  it('sends image bytes, urls, ids and the version as the official protos read them', async () => {
    const c = client();
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const response = await c.postWorkflowResults({
      workflow_id: 'vtr',
      version_id: 'ver-1',
      inputs: [
        { id: 'a.png', image: { base64: bytes } },
        { id: 'b', image: { url: 'https://example.com/b.png' } },
      ],
    });
    c.close();
    const sent = server.requests.get('PostWorkflowResults')?.at(-1);
    expect(sent?.user_app_id).toEqual({ user_id: 'me', app_id: 'app' });
    expect(sent?.workflow_id).toBe('vtr');
    expect(sent?.version_id).toBe('ver-1');
    expect(sent?.inputs.map((i: { id: string }) => i.id)).toEqual(['a.png', 'b']);
    expect([...(sent?.inputs[0].data.image.base64 as Uint8Array)]).toEqual([...bytes]);
    expect(sent?.inputs[1].data.image.url).toBe('https://example.com/b.png');

    // MIXED_STATUS is an answer, read result by result.
    expect(response.status.code).toBe(10010);
    expect(response.results.map((r) => r.status?.code)).toEqual([10000, 30002]);
    const region = response.results[0]?.outputs[0]?.data?.regions?.[0];
    expect(region?.data?.text?.raw).toBe('SOLD');
    expect(region?.region_info?.bounding_box?.right_col).toBeCloseTo(0.9);
    expect(response.results[0]?.outputs[0]?.model?.model_version?.id).toBe('v1');
  });

  it('reports a call that ended at its deadline, and does not retry it', async () => {
    const c = client(300);
    const before = server.requests.get('PostWorkflowResults')?.length ?? 0;
    const error = await c
      .postWorkflowResults({
        workflow_id: 'hangs',
        inputs: [{ id: 'x', image: { url: 'https://e.com/x.png' } }],
      })
      .catch((e: unknown) => e);
    c.close();
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).grpcCode).toBe(GrpcCode.DEADLINE_EXCEEDED);
    expect((error as Error).message).toMatch(/not retried.*may have run/);
    expect(c.callCount).toBe(1);
    expect((server.requests.get('PostWorkflowResults')?.length ?? 0) - before).toBe(1);
  });
});
