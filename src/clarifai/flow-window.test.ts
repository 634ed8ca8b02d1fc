/**
 * The client offers a large HTTP/2 flow-control window (FLOW_CONTROL_WINDOW):
 * with HTTP/2's default 64 KiB a 1000-workflow page crosses a real link one
 * window per round trip (`npm run bench`, row "list 1000 workflows over a 50 ms
 * round trip"). Seen from the server's side: the SETTINGS the client sends.
 */
import { createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarifaiClient, FLOW_CONTROL_WINDOW } from './client.js';
import { loadClarifaiPackage } from './proto.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';

let server: Http2Server;
const offered: (number | undefined)[] = [];

beforeAll(async () => {
  server = createServer();
  server.on('session', (session) =>
    session.on('remoteSettings', (settings) => offered.push(settings.initialWindowSize)),
  );
  // Not a gRPC server: every call fails, after the settings were exchanged.
  server.on('stream', (stream) => stream.close());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the HTTP/2 window the client offers', () => {
  it('is FLOW_CONTROL_WINDOW, not the 64 KiB default', async () => {
    const { grpc } = loadClarifaiPackage();
    const client = new ClarifaiClient({
      target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: grpc.credentials.createInsecure(),
      userApp: { user_id: 'u', app_id: 'a' },
      ratePerSecond: 0,
      concurrency: 1,
      deadlineMs: 2000,
      listDeadlineMs: 2000,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 },
      channelOptions: { 'grpc.enable_http_proxy': 0 },
    });
    try {
      await expect(client.getWorkflow('w')).rejects.toThrow();
    } finally {
      client.close();
    }
    expect(offered.length).toBeGreaterThan(0);
    expect(FLOW_CONTROL_WINDOW).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    expect(offered.every((w) => w === FLOW_CONTROL_WINDOW)).toBe(true);
  });
});
