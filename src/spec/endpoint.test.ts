import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, isLoopbackHost, parseEndpoint } from './endpoint.js';

describe('parseEndpoint', () => {
  it('reads host:port and [v6]:port', () => {
    expect(parseEndpoint('api.clarifai.com:443')).toEqual({
      host: 'api.clarifai.com',
      port: 443,
      target: 'api.clarifai.com:443',
    });
    expect(parseEndpoint('[::1]:50051')).toEqual({
      host: '::1',
      port: 50051,
      target: '[::1]:50051',
    });
  });

  it('a bare host needs a default port (the client has one, the config rule does not)', () => {
    expect(parseEndpoint('api.clarifai.com')).toBeUndefined();
    expect(parseEndpoint('api.clarifai.com', { defaultPort: DEFAULT_PORT })?.port).toBe(443);
    expect(parseEndpoint('::1', { defaultPort: DEFAULT_PORT })).toEqual({
      host: '::1',
      port: 443,
      target: '[::1]:443',
    });
  });

  it('rejects what gRPC could not dial', () => {
    for (const bad of [
      '',
      ':443',
      'host:',
      'host:x',
      'host:70000',
      'host:0',
      'https://api.clarifai.com',
      'api.clarifai.com:443/',
      'a b:1',
      'u@h:1',
      '[::1',
      '[zz]:1',
    ]) {
      expect(parseEndpoint(bad, { defaultPort: DEFAULT_PORT }), bad).toBeUndefined();
    }
  });
});

describe('isLoopbackHost: exactly 127.0.0.0/8, ::1 and localhost', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    '127.0.0.1',
    '127.255.255.254',
    '127.1.2.3',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '0000::0001',
    '::ffff:127.0.0.1',
    '[::ffff:127.0.0.1]',
  ])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));

  it.each([
    // Names that go through DNS, which may answer anything: not loopback.
    'localhost.',
    'api.localhost',
    'api.clarifai.com',
    '128.0.0.1',
    '10.0.0.1',
    '127.0.0.256',
    '::',
    '::2',
    '1::1',
    '::ffff:10.0.0.1',
    'localhost.example.com',
    '127.0.0.1.nip.io',
    '0.0.0.0',
  ])('%s is not loopback', (host) => expect(isLoopbackHost(host)).toBe(false));
});
