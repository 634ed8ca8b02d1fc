/**
 * The TLS path without leaving loopback: a throwaway CA and a server
 * certificate for localhost / 127.0.0.1 / ::1 made with openssl at test time,
 * an emulator serving TLS with it, and the client with `tls: true` + ca_file.
 * Also: grpc_proxy is honoured (through a CONNECT proxy on 127.0.0.1 that
 * tunnels to the emulator) and never used for loopback targets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectedApi } from '../src/clarifai/connect.js';
import { ClientConfigError, TransportError } from '../src/clarifai/errors.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import type { RemoteEnvironment } from '../src/spec/types.js';

const PAT_ENV = 'VTR_WF_TLS_TEST_PAT';
const KEY = 'tls-test-key-5d1e2f3a4b5c6d7e8f90';
const FAST = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 };

let dir: string;
let caFile: string;
let tlsEmulator: RunningEmulator;
let plainEmulator: RunningEmulator;
const open: ConnectedApi[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, and a server certificate it signs for every loopback name. */
function makeCertificates(): { cert: Buffer; key: Buffer } {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=vtr-wf test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\n' +
      'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  return {
    cert: readFileSync(join(dir, 'server.pem')),
    key: readFileSync(join(dir, 'server.key')),
  };
}

function env(endpoint: string, tls: RemoteEnvironment['tls'], ca?: string): RemoteEnvironment {
  return {
    name: 'tls-env',
    kind: 'remote',
    endpoint,
    user_id: 'u',
    app_id: 'tls',
    pat_env: PAT_ENV,
    tls,
    ...(ca ? { ca_file: ca } : {}),
    models: {},
  };
}

async function client(e: RemoteEnvironment): Promise<ConnectedApi> {
  const api = await connect(e, { ratePerSecond: 0, deadlineMs: 3000, retry: FAST });
  open.push(api);
  return api;
}

/** Node's warnings while the tests run: TLS to an IP address must not set the server name to it. */
const warnings: string[] = [];
const onWarning = (w: Error & { code?: string }) => warnings.push(`${w.code ?? ''} ${w.message}`);

beforeAll(async () => {
  process.on('warning', onWarning);
  dir = mkdtempSync(join(tmpdir(), 'vtr-wf-tls-'));
  caFile = join(dir, 'ca.pem');
  const tls = makeCertificates();
  process.env[PAT_ENV] = KEY;
  tlsEmulator = await startEmulator({ host: '127.0.0.1', port: 0, tls, requireKey: KEY });
  plainEmulator = await startEmulator({ host: '127.0.0.1', port: 0, requireKey: KEY });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((api) => api.close()));
});

afterAll(async () => {
  process.off('warning', onWarning);
  await tlsEmulator?.close();
  await plainEmulator?.close();
  delete process.env[PAT_ENV];
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS', () => {
  it('tls: true with ca_file reaches an emulator serving TLS', async () => {
    const api = await client(env(tlsEmulator.address, true, caFile));
    await expect(api.listWorkflows()).resolves.toEqual([]);
    expect(api.warnings).toEqual([]);
    // tls: true to 127.0.0.1 — no DEP0123 ("Setting the TLS ServerName to an IP address").
    await new Promise((settle) => setImmediate(settle));
    expect(warnings.filter((w) => /DEP0123|ServerName/.test(w))).toEqual([]);
  });

  it('the certificate name is checked: localhost works too', async () => {
    const api = await client(env(`localhost:${tlsEmulator.port}`, true, caFile));
    await expect(api.listWorkflows()).resolves.toEqual([]);
  });

  it('fails cleanly (an error, no hang) against a plaintext server', async () => {
    const api = await client(env(plainEmulator.address, true, caFile));
    const started = Date.now();
    const error = await api.listWorkflows().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    // A protocol mismatch fails the same way every time: reported at once, with a hint.
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      userFacing: true,
      attempts: 1,
      transient: false,
    });
    expect((error as Error).message).toMatch(/may not speak TLS/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('an untrusted certificate (no ca_file) fails cleanly, with a hint', async () => {
    const api = await client(env(tlsEmulator.address, true));
    const error = await api.listWorkflows().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/certificate|TLS/i);
  });

  it('tls: auto speaks plaintext to loopback, so a TLS-only server refuses it', async () => {
    const api = await client(env(plainEmulator.address, 'auto'));
    await expect(api.listWorkflows()).resolves.toEqual([]);
    const mismatched = await client(env(tlsEmulator.address, 'auto'));
    const error = await mismatched.listWorkflows().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    // Plaintext into a TLS listener: the error says what to change.
    expect((error as Error).message).toMatch(/the server may expect TLS; set `tls: true`/);
  });

  it('an unreadable ca_file is a config error before any call', async () => {
    await expect(
      connect(env(tlsEmulator.address, true, join(dir, 'missing.pem'))),
    ).rejects.toBeInstanceOf(ClientConfigError);
  });

  it('a ca_file holding no PEM certificate is a config error naming it, not a silent fallback', async () => {
    const notPem = join(dir, 'not-a-cert.pem');
    writeFileSync(notPem, 'this is not a certificate\n');
    await expect(connect(env(tlsEmulator.address, true, notPem))).rejects.toThrow(
      /tls-env.*not-a-cert\.pem.*no PEM certificate/,
    );
  });

  it('a malformed endpoint is a config error naming the environment', async () => {
    await expect(connect(env('https://api.clarifai.com', 'auto'))).rejects.toThrow(
      /tls-env.*host:port/,
    );
  });
});

describe('proxies', () => {
  let proxy: Server;
  let proxyPort: number;
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const saved = { grpc_proxy: process.env.grpc_proxy, no_grpc_proxy: process.env.no_grpc_proxy };

  beforeAll(async () => {
    // A minimal HTTP CONNECT proxy that tunnels every request to the plaintext emulator.
    proxy = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', (head) => {
        const request = head.toString('latin1');
        connects.push(request.split('\r\n')[0] ?? '');
        const upstream = netConnect(plainEmulator.port, '127.0.0.1', () => {
          socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
          socket.pipe(upstream).pipe(socket);
        });
        sockets.add(upstream);
        upstream.on('error', () => socket.destroy());
        socket.on('error', () => upstream.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as { port: number }).port;
  });

  afterEach(() => {
    process.env.grpc_proxy = saved.grpc_proxy;
    if (saved.grpc_proxy === undefined) delete process.env.grpc_proxy;
    if (saved.no_grpc_proxy === undefined) delete process.env.no_grpc_proxy;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('grpc_proxy is honoured for a remote host (the name is only sent to the proxy, never resolved)', async () => {
    process.env.grpc_proxy = `http://127.0.0.1:${proxyPort}`;
    // .invalid never resolves (RFC 2606): only the proxy can make this call work.
    const api = await client(env('clarifai.vtr-wf-test.invalid:443', false));
    expect(api.warnings.join('\n')).toMatch(/without TLS/);
    await expect(api.listWorkflows()).resolves.toEqual([]);
    expect(connects).toContain('CONNECT clarifai.vtr-wf-test.invalid:443 HTTP/1.1');
  });

  it('loopback targets bypass the proxy', async () => {
    process.env.grpc_proxy = `http://127.0.0.1:${proxyPort}`;
    const before = connects.length;
    const api = await client(env(plainEmulator.address, 'auto'));
    await expect(api.listWorkflows()).resolves.toEqual([]);
    expect(connects.length).toBe(before);
  });
});
